// Steps 3 to 5 of a plan: the engine variants (presets x knob values), the candidates (GPU x TP
// x engine variant, de-duplicated and bounded), and the memory of each: weights, KV cache and how
// many sequences one replica holds. Candidates that cannot run are kept with the reason
// (weights do not fit, TP does not divide the heads, ...), so the report can show why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/catalog_loader.h"
#include "sim/config/plan_spec.h"
#include "sim/config/scenario.h"
#include "sim/latency/memory_model.h"
#include "sim/plan/plan_inputs.h"
#include "sim/runner/builtins.h"

namespace gpuplan {

struct EngineVariant {
  std::string preset;  // catalog engine; "" = the base scenario's engine as configured
  std::vector<std::pair<std::string, std::string>> knobs;  // (field, value as written)
  std::vector<EngineKnobValue> typed_knobs;                // the same, read (what is applied)
  std::string label;                                       // "vllm", "vllm max_num_seqs=128"
};

// The loader options for a plan's base scenario: the policy validators of `builtins`, without
// the memory check (the planner prunes candidates that do not fit, with the reason).
LoaderOptions PlanLoaderOptions(const Builtins& builtins);

// Presets x the cartesian product of the knob values, duplicates removed, in input order.
std::vector<EngineVariant> EngineVariants(const PlanSpec& plan);

struct Candidate {
  int id = 0;         // index in CandidateSet::all
  std::string label;  // "l40s x TP2 vllm max_num_seqs=128"
  std::string gpu;
  int tensor_parallel = 1;
  EngineVariant engine;
  // The base scenario with this GPU, TP and engine, 1 replica and the plan's SLO; valid only
  // when not pruned (a pruned candidate may not have passed the scenario checks).
  Scenario scenario;
  std::string latency_model;  // "roofline", "calibrated (DIR)", or why the bundle was not used
  MemoryPlan memory;
  int64_t sequences_at_mean_context = 0;  // KV capacity in sequences of mean prompt + output
  bool pruned = false;
  std::string prune_reason;
};

// cost.cloud.tier: why `gpu` is not compared (its catalog price is of another tier and the plan
// gives none of its own), or nullopt. docs/planning-method.md "Price tiers".
std::optional<std::string> PriceTierRejection(const PlanCostSpec& cost, const GpuSpec& gpu);

struct CandidateSet {
  std::vector<Candidate> all;
  std::vector<EngineVariant> engines;
  int combinations = 0;  // GPU x TP x engine variants, before de-duplication
  int duplicates_removed = 0;

  int Feasible() const;
};

// Builds every candidate's scenario from the base by typed edits (sim/config/scenario_edits.h),
// checked by the loader's own checks (so TP, dtype and engine rules are checked as for any
// scenario), and prunes those that cannot run.
// `options` checks policies (no memory check: memory is judged here, with its reason kept).
// Each runnable candidate is also prepared once (latency model, workload) with `builtins`, so
// option problems only a policy's factory sees prune it with their reason too.
CandidateSet BuildCandidates(const PlanSpec& plan, const SloStep& slo, const TrafficStep& traffic,
                             const Catalog& catalog, const Builtins& builtins);

// Why no candidate can run, with the numbers and what to try ("" when some can).
std::string ExplainNoFeasibleCandidate(const PlanSpec& plan, const CandidateSet& set);

}  // namespace gpuplan
