// Typed edits of a loaded Scenario: how plan/ derives a candidate from its base scenario (another
// GPU, tensor parallelism, replica count, engine preset or knobs, latency model) without writing
// YAML and reading it back (ADR 0012). Each edit changes one field of `s`, recording in
// Scenario::locations where the change was asked for (`from`: the plan file's entry), exactly as
// the loader would have set it from YAML. The edits do not check: after the last one,
// ApplyEngineGpuDefaults gives the engine the knobs it picks for the final GPU and parallelism
// (as the loader does after reading), and CheckEditedScenario runs the loader's checks.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "sim/catalog/specs.h"
#include "sim/config/catalog_loader.h"
#include "sim/config/scenario.h"
#include "sim/core/error.h"

namespace gpuplan {

// One engine field set to a value already checked against the field's type and range (a plan's
// `candidates.knobs`, read once when the plan is loaded).
struct EngineKnobValue {
  std::string name;  // an EngineSpec field in vLLM spelling, e.g. "max_num_seqs"
  std::variant<int, double, bool, std::string> value;
  SourceLoc loc;  // where it was written
};

void WithGpu(Scenario& s, const GpuSpec& gpu, const SourceLoc& from);
void WithTensorParallel(Scenario& s, int tensor_parallel, const SourceLoc& from);
void WithReplicas(Scenario& s, int replicas, const SourceLoc& from);

// Sets knobs on the scenario's engine as configured (their sources unchanged, as a value written
// into a full engine definition). A `scheduler` knob selects that scheduler with its default
// options.
void WithEngineKnobs(Scenario& s, const std::vector<EngineKnobValue>& knobs);

// Replaces the engine by catalog preset `preset` with `knobs` overriding it (each source "override
// at <where it was written>"), and the scheduler by the preset's with default options (or the
// `scheduler` knob's), as `engine: {preset: NAME, knob: value}` in a scenario does.
void WithEnginePreset(Scenario& s, const EngineSpec& preset,
                      const std::vector<EngineKnobValue>& knobs, const SourceLoc& from);

// Replaces the latency model by `latency` (whose typed options the caller has set).
void WithLatency(Scenario& s, PolicyChoice latency);

// The loader's last step for an engine read from a catalog preset: the knobs the engine picks
// from the GPU and the parallelism where the scenario left them to the preset (engine_defaults.h).
void ApplyEngineGpuDefaults(Scenario& s, const Catalog& catalog);

// The loader's checks on an edited scenario, in the loader's order: the ranges of the edited
// fields and the validators of the policy slots whose typed options are not current (a new
// scheduler), then the whole-scenario rules, then options.build_check, then options.extra_checks
// when nothing was wrong. Throws ConfigError with every problem found.
void CheckEditedScenario(Scenario& s, const LoaderOptions& options);

}  // namespace gpuplan
