// A policy slot of a scenario (scheduler, router, latency model, arrival process, length
// distributions, trace reader) as the user chose it: the `kind` and the flat options written
// beside it. config/ does not know the policy implementations: the composition root hands the
// loader one validator per slot, so that bad kinds and bad options land in the same error list
// as every other problem of the file.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "sim/core/error.h"
#include "sim/core/options.h"
#include "sim/core/registry.h"
#include "sim/core/suggest.h"

namespace gpuplan {

// `scheduler: continuous` or `scheduler: {kind: static, max_batch: 8}`: kind "static" and the
// option table {max_batch: "8"} (values as written, with their positions). Relative paths among
// the options are left as written; resolve them against Scenario::base_dir.
struct PolicyChoice {
  std::string kind;
  SourceLoc kind_loc;  // where the kind was written (the slot's parent when defaulted)
  std::string path;    // dotted path of the slot, e.g. "engine.scheduler", "workload.arrival"
  ParamTable options;  // options.path == path, so option errors read "workload.arrival.rate_per_s"
};

// Checks one PolicyChoice: adds diagnostics for an unknown kind or bad options; never throws for
// user mistakes.
using PolicyValidator = std::function<void(const PolicyChoice&, Diagnostics&)>;

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
  void Validate(std::string_view slot, const PolicyChoice& choice, Diagnostics& diags) const;

 private:
  std::map<std::string, PolicyValidator, std::less<>> validators_;
};

// Checks `options` against a policy's option schema without building anything: types, ranges,
// choices, missing required options, unknown options (with "did you mean").
void CheckPolicyOptions(const ParamTable& options, const std::vector<OptionSpec>& schema,
                        Diagnostics& diags);

// A validator that checks the kind against `registry` (unknown kinds list the valid ones with
// "did you mean") and the options against that kind's schema. Cheap: builds nothing, so it suits
// policies whose factory is expensive (a trace reader opening its file). `registry` must outlive
// the validator.
template <class Product, class... Context>
PolicyValidator SchemaValidator(const Registry<Product, Context...>& registry) {
  return [&registry](const PolicyChoice& choice, Diagnostics& diags) {
    const auto* entry = registry.Find(choice.kind);
    if (entry == nullptr) {
      diags.Add(
          choice.kind_loc, choice.path,
          fmt::format("unknown {} '{}'{}; expected one of: {}", registry.kind(), choice.kind,
                      DidYouMean(choice.kind, registry.Names()), JoinNames(registry.Names())));
      return;
    }
    CheckPolicyOptions(choice.options, entry->options, diags);
  };
}

// A validator that builds the policy with Registry::Make and discards it, so checks made inside
// the factory (relations between options) are reported too. `registry` and the `context`
// arguments (copied) must stay valid while the validator is used.
template <class Product, class... Context>
PolicyValidator BuildValidator(const Registry<Product, Context...>& registry, Context... context) {
  return [&registry, context...](const PolicyChoice& choice, Diagnostics& diags) {
    registry.Make(choice.kind, choice.kind_loc, choice.path, choice.options, diags, context...);
  };
}

}  // namespace gpuplan
