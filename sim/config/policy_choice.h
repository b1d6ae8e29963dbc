// A policy slot of a scenario (scheduler, router, latency model, arrival process, length
// distributions, trace reader) as the user chose it: the `kind`, the flat options written beside
// it, and those options read into the policy's typed Options struct. config/ does not know the
// policy implementations: the composition root hands the loader one validator per slot, which
// checks the kind and the options (so bad ones land in the same error list as every other problem
// of the file) and reads the typed options once; runs build from those (ADR 0012).
#pragma once

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "sim/core/error.h"
#include "sim/core/suggest.h"
#include "sim/util/options.h"
#include "sim/util/policy_options.h"
#include "sim/util/registry.h"

namespace gpuplan {

// `scheduler: continuous` or `scheduler: {kind: static, max_batch: 8}`: kind "static" and the
// option table {max_batch: "8"} (values as written, with their positions). Relative paths among
// the options are left as written; resolve them against Scenario::base_dir.
struct PolicyChoice {
  std::string kind;
  SourceLoc kind_loc;  // where the kind was written (the slot's parent when defaulted)
  std::string path;    // dotted path of the slot, e.g. "engine.scheduler", "workload.arrival"
  // The options as written (for messages, their positions and the resolved YAML).
  // options.path == path, so option errors read "workload.arrival.rate_per_s".
  ParamTable options;

  // Records `typed`, the options of `kind` read from `options` as they are now.
  void SetTyped(PolicyOptions typed);
  // The typed options, when they were read from this kind and these option values; nullptr
  // when none were read, or when the text was changed since (code that edits a choice as text
  // gets its edit read, never a stale typed value).
  const PolicyOptions* TypedIfCurrent() const;

 private:
  struct Typed {
    std::string kind;
    std::map<std::string, ParamValue> values;  // what `value` was read from
    PolicyOptions value;
  };
  std::shared_ptr<const Typed> typed_;  // shared: scenarios are copied per probe
};

// Checks one PolicyChoice: adds diagnostics for an unknown kind or bad options, and records the
// typed options when it read them; never throws for user mistakes.
using PolicyValidator = std::function<void(PolicyChoice&, Diagnostics&)>;

// The slot names a validator can be given for, in the order the loader checks them.
inline constexpr std::array<std::string_view, 7> kPolicySlots = {
    "scheduler", "router", "latency", "arrival", "prompt_tokens", "output_tokens", "trace"};

// Validators by slot, filled by the composition root (sim/cli) from its registries.
class PolicyValidators {
 public:
  // Sets the validator of `slot`, one of kPolicySlots. An unknown slot is a bug (InternalError):
  // a misspelt slot would otherwise silently accept every kind.
  PolicyValidators& Set(std::string_view slot, PolicyValidator validator);
  bool Has(std::string_view slot) const { return validators_.count(slot) > 0; }
  // Runs the validator of `slot`. A slot without a validator accepts any kind and options.
  void Validate(std::string_view slot, PolicyChoice& choice, Diagnostics& diags) const;

 private:
  std::map<std::string, PolicyValidator, std::less<>> validators_;
};

// Checks `options` against a policy's option schema without building anything: types, ranges,
// choices, missing required options, unknown options (with "did you mean").
void CheckPolicyOptions(const ParamTable& options, const std::vector<OptionSpec>& schema,
                        Diagnostics& diags);

// A validator that checks the kind against `registry` (unknown kinds list the valid ones with
// "did you mean") and the options against that kind's schema, then reads the typed options into
// the choice (the entry's `read`, once per load). Cheap: builds nothing, so it suits policies
// whose factory is expensive (a trace reader opening its file). `registry` must outlive the
// validator.
template <class Product, class... Context>
PolicyValidator SchemaValidator(const Registry<Product, Context...>& registry) {
  return [&registry](PolicyChoice& choice, Diagnostics& diags) {
    const auto* entry = registry.Find(choice.kind);
    if (entry == nullptr) {
      diags.Add(
          choice.kind_loc, choice.path,
          fmt::format("unknown {} '{}'{}; expected one of: {}", registry.kind(), choice.kind,
                      DidYouMean(choice.kind, registry.Names()), JoinNames(registry.Names())));
      return;
    }
    // The schema check first, in schema order, so the messages stay those of every release.
    const size_t before = diags.size();
    CheckPolicyOptions(choice.options, entry->options, diags);
    if (diags.size() != before) return;
    std::optional<PolicyOptions> typed =
        registry.Read(choice.kind, choice.kind_loc, choice.path, choice.options, diags);
    if (typed) choice.SetTyped(std::move(*typed));
  };
}

// Builds `choice` with `registry`: from its typed options when they are current, else (a choice
// made or edited in code as text) reading them first. Unknown kinds are reported at
// `name_path`. Returns nullopt when anything was reported.
template <class Product, class... Context, class... Args>
std::optional<Product> BuildPolicy(const Registry<Product, Context...>& registry,
                                   const PolicyChoice& choice, const std::string& name_path,
                                   Diagnostics& diags, Args&&... context) {
  if (const PolicyOptions* typed = choice.TypedIfCurrent()) {
    return registry.Build(choice.kind, *typed, choice.options, diags,
                          std::forward<Args>(context)...);
  }
  return registry.Make(choice.kind, choice.kind_loc, name_path, choice.options, diags,
                       std::forward<Args>(context)...);
}

// A validator that reads and builds the policy and discards the product, so checks made inside
// the factory (relations between options) are reported too. `registry` and the `context`
// arguments (copied) must stay valid while the validator is used.
template <class Product, class... Context>
PolicyValidator BuildValidator(const Registry<Product, Context...>& registry, Context... context) {
  return [&registry, context...](PolicyChoice& choice, Diagnostics& diags) {
    std::optional<PolicyOptions> typed =
        registry.Read(choice.kind, choice.kind_loc, choice.path, choice.options, diags);
    if (!typed) return;
    choice.SetTyped(*typed);
    registry.Build(choice.kind, *typed, choice.options, diags, context...);
  };
}

}  // namespace gpuplan
