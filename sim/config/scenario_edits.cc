#include "sim/config/scenario_edits.h"

#include <fmt/format.h>

#include <type_traits>
#include <utility>

#include "sim/catalog/engine_defaults.h"
#include "sim/config/policy_reader.h"
#include "sim/config/scenario_checks.h"
#include "sim/config/spec_fields.h"
#include "sim/config/yaml_reader.h"

namespace gpuplan {
namespace {

constexpr const char* kDefaultScheduler = "continuous";  // as the loader's
const Expect kParallelism{.min = 1, .max = kMaxParallelism};

// `path` (and everything written under it) now comes from `from`.
void Relocate(Scenario& s, const std::string& path, const SourceLoc& from) {
  for (auto it = s.locations.begin(); it != s.locations.end();) {
    it = IsPathPrefix(path, it->first) ? s.locations.erase(it) : std::next(it);
  }
  s.locations[path] = from;
}

const detail::SpecField<EngineSpec>& EngineField(const std::string& name) {
  for (const detail::SpecField<EngineSpec>& field : detail::EngineFields()) {
    if (field.name == name) return field;
  }
  GPUPLAN_CHECK(false, "no engine field '{}'", name);
  return detail::EngineFields().front();  // unreachable
}

void SetField(EngineSpec& engine, const EngineKnobValue& knob) {
  std::visit(
      [&](auto member) {
        using T = std::remove_cvref_t<decltype(engine.*member)>;
        const T* value = std::get_if<T>(&knob.value);
        GPUPLAN_CHECK(value != nullptr, "engine knob {} of the wrong type", knob.name);
        engine.*member = *value;
      },
      EngineField(knob.name).member);
}

// The scheduler a `scheduler` knob selects, with its default options, as `engine.scheduler: K`.
PolicyChoice SchedulerOfKnob(const EngineKnobValue& knob) {
  return detail::DefaultPolicy(std::get<std::string>(knob.value), "engine.scheduler", knob.loc);
}

void SetScheduler(Scenario& s, PolicyChoice scheduler) {
  s.scheduler = std::move(scheduler);
  s.engine.scheduler = s.scheduler.kind;
}

// The problems the loader's first pass would find in edited fields: ranges, and the autoscaler's
// starting count.
void CheckEditedFields(const Scenario& s, Diagnostics& diags) {
  if (s.autoscaler) {
    const std::string problem =
        detail::ReplicasOutsideAutoscaler(s.deployment.replicas, *s.autoscaler);
    if (!problem.empty()) diags.Add(s.LocOf("autoscaler"), "autoscaler", problem);
  }
  const int tp = s.deployment.tensor_parallel;
  if (tp < *kParallelism.min || tp > *kParallelism.max) {
    const std::string path = "deployment.tensor_parallel";
    diags.Add(s.LocOf(path), path,
              fmt::format("{} is out of range; expected {}", tp, ExpectedText<int>(kParallelism)));
  }
}

// Validates the slots whose typed options are not current (new, or edited as text).
void ValidateChangedPolicies(Scenario& s, const PolicyValidators& v, Diagnostics& diags) {
  auto validate = [&](std::string_view slot, PolicyChoice& choice) {
    if (choice.TypedIfCurrent() == nullptr) v.Validate(slot, choice, diags);
  };
  validate("scheduler", s.scheduler);
  validate("router", s.router);
  validate("latency", s.latency);
  WorkloadSpec& w = s.workload;
  if (w.arrival) validate("arrival", *w.arrival);
  if (w.prompt_tokens) validate("prompt_tokens", *w.prompt_tokens);
  if (w.output_tokens) validate("output_tokens", *w.output_tokens);
  if (w.trace) validate("trace", *w.trace);
}

}  // namespace

void WithGpu(Scenario& s, const GpuSpec& gpu, const SourceLoc& from) {
  s.gpu = gpu;
  Relocate(s, "gpu", from);
}

void WithTensorParallel(Scenario& s, int tensor_parallel, const SourceLoc& from) {
  s.deployment.tensor_parallel = tensor_parallel;
  Relocate(s, "deployment.tensor_parallel", from);
}

void WithReplicas(Scenario& s, int replicas, const SourceLoc& from) {
  s.deployment.replicas = replicas;
  Relocate(s, "deployment.replicas", from);
}

void WithEngineKnobs(Scenario& s, const std::vector<EngineKnobValue>& knobs) {
  for (const EngineKnobValue& knob : knobs) {
    if (knob.name == "scheduler") {
      SetScheduler(s, SchedulerOfKnob(knob));
    } else {
      SetField(s.engine, knob);
    }
    Relocate(s, "engine." + knob.name, knob.loc);
  }
}

void WithEnginePreset(Scenario& s, const EngineSpec& preset,
                      const std::vector<EngineKnobValue>& knobs, const SourceLoc& from) {
  s.engine = preset;
  Relocate(s, "engine", from);
  std::optional<PolicyChoice> scheduler;
  for (const EngineKnobValue& knob : knobs) {
    if (knob.name == "scheduler") {
      scheduler = SchedulerOfKnob(knob);
    } else {
      SetField(s.engine, knob);
      s.engine.sources[knob.name] = "override at " + detail::LocText(knob.loc);
    }
    s.locations["engine." + knob.name] = knob.loc;
  }
  if (!scheduler) {
    const std::string kind = preset.scheduler.empty() ? kDefaultScheduler : preset.scheduler;
    scheduler = detail::DefaultPolicy(kind, "engine.scheduler", from);
  }
  SetScheduler(s, std::move(*scheduler));
}

void WithLatency(Scenario& s, PolicyChoice latency) {
  Relocate(s, "latency", latency.kind_loc);
  for (const auto& [name, value] : latency.options.values) {
    s.locations[latency.path + "." + name] = value.loc;
  }
  s.latency = std::move(latency);
}

void ApplyEngineGpuDefaults(Scenario& s, const Catalog& catalog) {
  if (auto preset = catalog.engines.find(s.engine.name); preset != catalog.engines.end()) {
    ApplyGpuDefaults(s.engine, preset->second, s.gpu, s.deployment);
  }
}

void CheckEditedScenario(Scenario& s, const LoaderOptions& options) {
  Diagnostics first_pass;
  CheckEditedFields(s, first_pass);
  ValidateChangedPolicies(s, options.policies, first_pass);
  Diagnostics all = first_pass;
  detail::CheckScenario(s, first_pass, all);
  if (options.build_check) {
    const Diagnostics so_far = all;
    options.build_check(s, so_far, all);
  }
  if (all.empty()) {
    for (const ScenarioCheck& check : options.extra_checks) check(s, all);
  }
  all.ThrowIfAny();
}

}  // namespace gpuplan
