// Scenario: one fully resolved, checked simulation setup, the only thing the rest of gpuplan
// reads about user input. Produced from a YAML file plus `--set path=value` overrides by
// LoadScenario; catalog references are expanded into full specs and every default is filled, so
// consumers never see YAML, presets or missing values. A value type: consumers take it as
// `const Scenario&` and never change it (plan/ derives variants by reloading with overrides).
//
// The YAML schema (keys beside `kind` are that policy's options; see docs/config-reference.md):
//   name: chatbot-8b-h100        # optional, default: the file stem
//   description: "..."           # optional
//   base_dir: ../scenarios       # optional: where relative paths in policy options are
//                                #   resolved from; default: the scenario file's directory
//   model: llama-3.1-8b          # catalog name, {preset: NAME, <field>: value, ...},
//   gpu: h100_sxm                #   or a full inline definition {name: ..., <every field>}
//   deployment: {replicas: 4, tensor_parallel: 1, pipeline_parallel: 1, gpus_per_node: 8,
//                weight_dtype: bf16, kv_dtype: bf16}           # optional, these defaults
//   engine: {preset: vllm, max_num_seqs: 256, scheduler: continuous}
//                                # scheduler: a kind or {kind: K, ...options}; default: the
//                                #   engine preset's scheduler
//   router: {kind: round_robin}  # optional, default round_robin
//   latency: {kind: roofline}    # optional, default roofline
//   workload:                    # arrival + prompt_tokens + output_tokens, or trace alone
//     arrival: {kind: poisson, rate_per_s: 5.5}
//     prompt_tokens: {kind: lognormal, median: 1020, sigma: 0.8}
//     output_tokens: {kind: fixed, tokens: 128}
//     # trace: {kind: azure_llm_2023, path: ../traces/conv.csv, rate_multiplier: 10}
//   slo: {ttft_ms: 500, tpot_ms: 50, e2e_ms: 30000, percentile: 95}   # optional; or
//        {preset: chatbot, level: ideal}   # a preset (sim/config/slo_presets.h) at a level,
//                                          #   explicit thresholds beside it winning
//   autoscaler: {metric: queue_length, target: 8, min_replicas: 1, max_replicas: 8}   # optional:
//               scale during the run (autoscaler_spec.h); deployment.replicas starts it
//   simulation: {num_requests: 10000, duration_s: 3600, warmup_s: 0, seed: 42,
//                timeseries_interval_s: 1}   # at least one of num_requests, duration_s
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/catalog/specs.h"
#include "sim/config/autoscaler_spec.h"
#include "sim/config/catalog_loader.h"
#include "sim/config/locations.h"
#include "sim/config/policy_choice.h"
#include "sim/config/slo_presets.h"
#include "sim/core/error.h"

namespace gpuplan {

// Where the requests come from: either a synthetic workload (arrival process x prompt length x
// output length) or a trace, never both.
struct WorkloadSpec {
  std::optional<PolicyChoice> arrival;  // synthetic: all three set
  std::optional<PolicyChoice> prompt_tokens;
  std::optional<PolicyChoice> output_tokens;
  std::optional<PolicyChoice> trace;  // trace: only this set
  bool IsTrace() const { return trace.has_value(); }
};

// Per-request latency thresholds. A request meeting every given threshold counts for goodput; the
// verdict asks that the `percentile`-th percentile of each metric be within its threshold.
struct SloSpec {
  SloThresholds thresholds;  // at least one is set (with a preset: its level's)
  double percentile = 95;    // in (0, 100)
  // With `preset:`: both of its levels (the thresholds above are `levels->level`'s), so the run
  // can say which level it meets, and the numbers written beside the preset.
  std::optional<SloLevels> levels;
};

// When to stop and what to measure. Arrivals stop at num_requests or duration_s, whichever
// comes first (at least one is set); requests in flight then finish.
struct SimulationSpec {
  std::optional<int64_t> num_requests;
  std::optional<double> duration_s;
  double warmup_s = 0;  // requests arriving before this are excluded from metrics
  uint64_t seed = 42;
  double timeseries_interval_s = 1;
};

struct Scenario {
  std::string name;
  std::string description;
  ModelSpec model;
  GpuSpec gpu;
  Deployment deployment;
  EngineSpec engine;  // engine.scheduler == scheduler.kind
  PolicyChoice scheduler;
  PolicyChoice router;
  PolicyChoice latency;
  WorkloadSpec workload;
  std::optional<SloSpec> slo;
  // Scale the fleet during the run (autoscaler_spec.h); deployment.replicas is then the count at
  // t = 0. nullopt: deployment.replicas for the whole run.
  std::optional<AutoscalerSpec> autoscaler;
  SimulationSpec simulation;
  std::string base_dir;      // relative paths in policy options are relative to this
  std::string source_file;   // the scenario file as given ("" for --set only), for messages
  std::string catalog_root;  // Catalog::root of the catalog the entries were resolved against
  LocationMap locations;     // dotted path -> where it was written (file or --set)

  // Where `path` (or its nearest written parent) came from; the scenario file when unknown.
  SourceLoc LocOf(std::string_view path) const;
};

// A whole-scenario check added by the composition root (e.g. weights + minimum KV cache fit in
// GPU memory). Adds diagnostics, located with Scenario::LocOf; never throws for user mistakes.
using ScenarioCheck = std::function<void(const Scenario&, Diagnostics&)>;

// Builds the scenario's policies and discards them, so that what only a policy's factory can
// check (relations between its options, the file it reads, the bundle it finds) is reported with
// every other error of the file (ADR 0002). `so_far` holds the problems found before it: a slot
// whose options or context already failed is skipped.
using PolicyBuildCheck =
    std::function<void(const Scenario&, const Diagnostics& so_far, Diagnostics& out)>;

struct LoaderOptions {
  PolicyValidators policies;
  // Run after the built-in whole-scenario checks, in order, and only when nothing was wrong so
  // far: each may rely on every field being valid (divisors non-zero, fields in range).
  std::vector<ScenarioCheck> extra_checks;
  // Run by LoadScenario after the whole-scenario checks, whatever they found. Optional.
  PolicyBuildCheck build_check;
};

// Reads the scenario at `path`, applies `set_overrides` ("dotted.path=value", see
// yaml_document.h; reported as file "--set", line 1, column = 1-based argument position),
// resolves catalog references against `catalog`, runs the per-field checks, the policy
// validators, then the whole-scenario checks. Every problem found is reported together in one
// ConfigError, per-field problems sorted by position (file, then --set), followed by the
// whole-scenario ones. `base_dir` is the absolute directory of `path`.
Scenario LoadScenario(const std::string& path, const std::vector<std::string>& set_overrides,
                      const Catalog& catalog, const LoaderOptions& options);
Scenario LoadScenario(const std::string& path, const std::vector<std::string>& set_overrides,
                      const Catalog& catalog, const PolicyValidators& validators);

// The same from text; `pseudo_filename` is used in messages, for the default name (its stem)
// and for base_dir (its directory, as written; the file system is not touched).
Scenario LoadScenarioFromString(const std::string& text, const std::string& pseudo_filename,
                                const std::vector<std::string>& set_overrides,
                                const Catalog& catalog, const LoaderOptions& options);
Scenario LoadScenarioFromString(const std::string& text, const std::string& pseudo_filename,
                                const std::vector<std::string>& set_overrides,
                                const Catalog& catalog, const PolicyValidators& validators);

// Checks a Scenario built in code rather than read from a file (e.g. one derived from a measured
// benchmark row) the way LoadScenario checks one it read: every policy slot against its
// validator (which records the typed options it reads in the scenario's policy choices), then the
// whole-scenario rules, then options.extra_checks. Field values are taken as already in range.
// Throws ConfigError with every problem found.
void ValidateScenario(Scenario& scenario, const LoaderOptions& options);

// The fully resolved scenario as YAML: catalog entries as full inline definitions (with their
// sources), defaults filled, policy options as written, base_dir as loaded. Key order is fixed,
// so equal scenarios give equal text. Loading the text again (from any file, with any catalog)
// gives an equal Scenario, locations and source_file aside; base_dir survives the move when it
// is absolute, as it always is after LoadScenario.
std::string ToResolvedYaml(const Scenario& scenario);

}  // namespace gpuplan
