// Registry: maps a policy name (the YAML `kind:`) to its summary, option schema and the two steps
// that make a product: `read` turns the neutral parameter table into the policy's typed Options
// (once, when the scenario is loaded) and `build` makes a product from those typed options and
// the context (once per run). Built explicitly by RegisterBuiltin...() functions (no static
// self-registration, whose order depends on the linker). Duplicate names are a bug. Unknown kinds
// list the valid ones.
//
// A new policy is one Add() call:
//   registry.Add("least_kv_usage", "lowest KV use first", {}, ReadNoOptions,
//                [](const NoOptions&) { return MakeLeastKvUsageRouter(); });
// `read` reports only what the schema reader finds (types, ranges, missing and unknown options);
// checks between options and against the context belong to `build`, which reports them through
// an OptionReporter at the option's position (ADR 0002, ADR 0012).
//
// Threads: a registry is filled once, before any simulation, and is then only read: Read(),
// Build(), Make(), Find() and the listings are const and are called concurrently by a plan's or a
// validation's worker threads. A factory must therefore not change shared state; each call builds
// a new product (the calibrated latency model's bundle cache is the one shared cache, and it holds
// a mutex).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/core/error.h"
#include "sim/core/suggest.h"
#include "sim/util/options.h"
#include "sim/util/policy_options.h"

namespace gpuplan {

// The `read` of a policy without options.
inline NoOptions ReadNoOptions(OptionReader&) { return {}; }

template <class Product, class... Context>
class Registry {
 public:
  using ReadFn = std::function<PolicyOptions(OptionReader&)>;
  using BuildFn = std::function<Product(const PolicyOptions&, OptionReporter&, Context...)>;
  // The one-step form (read and build together, from the table): still accepted, for small
  // test registries. Add() turns it into read (the checked table is the typed value) and build.
  using MakeFn = std::function<Product(OptionReader&, Context...)>;

  struct Entry {
    std::string name;
    std::string summary;
    std::vector<OptionSpec> options;
    MakeFn make = {};  // either make, or read and build
    ReadFn read = {};
    // When it adds diagnostics, its product is discarded.
    BuildFn build = {};
  };

  explicit Registry(std::string kind) : kind_(std::move(kind)) {}

  void Add(Entry entry) {
    GPUPLAN_CHECK(Find(entry.name) == nullptr, "{} '{}' registered twice", kind_, entry.name);
    if (entry.make) SplitMake(entry);
    GPUPLAN_CHECK(entry.read && entry.build, "{} '{}' registered without read and build", kind_,
                  entry.name);
    entries_.push_back(std::move(entry));
  }

  // Registers a policy from its typed steps: `read(OptionReader&) -> Options` and
  // `build(const Options&, [OptionReporter&,] Context...) -> Product`.
  template <class Read, class Build>
  void Add(std::string name, std::string summary, std::vector<OptionSpec> options, Read read,
           Build build) {
    using Options = std::invoke_result_t<Read&, OptionReader&>;
    Entry entry{std::move(name), std::move(summary), std::move(options)};
    entry.read = [read](OptionReader& reader) { return PolicyOptions::Of<Options>(read(reader)); };
    entry.build = [build](const PolicyOptions& typed, OptionReporter& reporter,
                          Context... context) -> Product {
      if constexpr (std::is_invocable_v<Build&, const Options&, OptionReporter&, Context...>) {
        return build(typed.As<Options>(), reporter, context...);
      } else {
        return build(typed.As<Options>(), context...);
      }
    };
    Add(std::move(entry));
  }

  const Entry* Find(const std::string& name) const {
    for (const Entry& e : entries_) {
      if (e.name == name) return &e;
    }
    return nullptr;
  }

  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const Entry& e : entries_) names.push_back(e.name);
    return names;
  }

  const std::vector<Entry>& entries() const { return entries_; }
  const std::string& kind() const { return kind_; }

  // Reads the typed options of `name` from `options`. Unknown names, bad options and unknown
  // option keys become diagnostics; returns nullopt when anything was wrong.
  std::optional<PolicyOptions> Read(const std::string& name, const SourceLoc& name_loc,
                                    const std::string& name_path, const ParamTable& options,
                                    Diagnostics& diags) const {
    const Entry* entry = Find(name);
    if (entry == nullptr) {
      diags.Add(name_loc, name_path,
                fmt::format("unknown {} '{}'{}; expected one of: {}", kind_, name,
                            DidYouMean(name, Names()), JoinNames(Names())));
      return std::nullopt;
    }
    const size_t before = diags.size();
    OptionReader reader(options, entry->options, diags);
    PolicyOptions typed = entry->read(reader);
    reader.Finish();
    if (diags.size() != before) return std::nullopt;
    return typed;
  }

  // Builds `name` (a registered kind) from options `typed` read by Read(); `options` is the
  // table they were read from, where the factory's problems are located. Returns nullopt when
  // the factory reported anything.
  std::optional<Product> Build(const std::string& name, const PolicyOptions& typed,
                               const ParamTable& options, Diagnostics& diags,
                               Context... context) const {
    const Entry* entry = Find(name);
    GPUPLAN_CHECK(entry != nullptr, "{} '{}' built without being read", kind_, name);
    const size_t before = diags.size();
    OptionReporter reporter(options, diags);
    Product product = entry->build(typed, reporter, context...);
    if (diags.size() != before) return std::nullopt;
    return product;
  }

  // Read() then Build(): for callers that only have the text (tests, one-off tools).
  std::optional<Product> Make(const std::string& name, const SourceLoc& name_loc,
                              const std::string& name_path, const ParamTable& options,
                              Diagnostics& diags, Context... context) const {
    std::optional<PolicyOptions> typed = Read(name, name_loc, name_path, options, diags);
    if (!typed) return std::nullopt;
    return Build(name, *typed, options, diags, context...);
  }

 private:
  // The one-step form read and built at once; split, its typed options are the table itself
  // (checked by the reader), and the build reads them there again.
  static void SplitMake(Entry& entry) {
    entry.read = [](OptionReader& reader) { return PolicyOptions::Of(reader.table()); };
    entry.build = [make = entry.make, schema = entry.options](const PolicyOptions& typed,
                                                              OptionReporter& reporter,
                                                              Context... context) -> Product {
      OptionReader reader(typed.As<ParamTable>(), schema, reporter.diagnostics());
      return make(reader, context...);
    };
  }

  std::string kind_;
  std::vector<Entry> entries_;
};

}  // namespace gpuplan
