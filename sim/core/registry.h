// Registry: maps a policy name (the YAML `kind:`) to its summary, option schema and factory.
// Built explicitly by RegisterBuiltin...() functions (no static self-registration, whose order
// depends on the linker). Duplicate names are a bug. Unknown kinds list the valid ones.
//
// Threads: a registry is filled once, before any simulation, and is then only read: Make(),
// Find() and the listings are const and are called concurrently by a plan's or a validation's
// worker threads. A factory must therefore not change shared state; each call builds a new
// product (the calibrated latency model's bundle cache is the one shared cache, and it holds a
// mutex).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/error.h"
#include "sim/core/options.h"
#include "sim/core/suggest.h"

namespace gpuplan {

template <class Product, class... Context>
class Registry {
 public:
  struct Entry {
    std::string name;
    std::string summary;
    std::vector<OptionSpec> options;
    // Reads the Options struct from the reader and builds the product. When it adds diagnostics,
    // its product is discarded.
    std::function<Product(OptionReader&, Context...)> make;
  };

  explicit Registry(std::string kind) : kind_(std::move(kind)) {}

  void Add(Entry entry) {
    GPUPLAN_CHECK(Find(entry.name) == nullptr, "{} '{}' registered twice", kind_, entry.name);
    entries_.push_back(std::move(entry));
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

  // Builds `name` from `options`. Unknown names, bad options and unknown option keys become
  // diagnostics; returns nullopt when anything was wrong.
  std::optional<Product> Make(const std::string& name, const SourceLoc& name_loc,
                              const std::string& name_path, const ParamTable& options,
                              Diagnostics& diags, Context... context) const {
    const Entry* entry = Find(name);
    if (entry == nullptr) {
      diags.Add(name_loc, name_path,
                fmt::format("unknown {} '{}'{}; expected one of: {}", kind_, name,
                            DidYouMean(name, Names()), JoinNames(Names())));
      return std::nullopt;
    }
    const size_t before = diags.size();
    OptionReader reader(options, entry->options, diags);
    Product product = entry->make(reader, context...);
    reader.Finish();
    if (diags.size() != before) return std::nullopt;
    return product;
  }

 private:
  std::string kind_;
  std::vector<Entry> entries_;
};

}  // namespace gpuplan
