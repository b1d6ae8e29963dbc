// RunPlan: every step of `gpuplan plan`, from a loaded PlanSpec to a recommendation.
//   1. latency targets        (plan_inputs.h: ResolvePlanSlo)
//   2. traffic                (plan_inputs.h: ResolvePlanTraffic)
//   3-5. engines, candidates, memory (candidates.h), pruned ones kept with their reason
//   6. load test: an isolated probe per candidate (can it meet the SLO at all?), then the
//      replica search at the peak rate (search.h), all candidates in lockstep
//   7. trade-off: cost, recommendation, runner-ups, Pareto set (tradeoff.h), then the
//      sensitivity table, the N+1 check (headroom.h) and the day with an autoscaler
//      (autoscaler.h) for the recommended fleet.
// The result is a pure function of the plan, the catalog and the code: the thread count only
// changes how long it takes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/catalog_loader.h"
#include "sim/config/plan_spec.h"
#include "sim/plan/autoscaler.h"
#include "sim/plan/candidates.h"
#include "sim/plan/cost_cap.h"
#include "sim/plan/deployment_commands.h"
#include "sim/plan/headroom.h"
#include "sim/plan/model_error.h"
#include "sim/plan/plan_inputs.h"
#include "sim/plan/plan_progress.h"
#include "sim/plan/probe.h"
#include "sim/plan/replica_distribution.h"
#include "sim/plan/tradeoff.h"
#include "sim/runner/builtins.h"

namespace gpuplan {

struct PlanOptions {
  std::optional<int> threads;  // overrides search.threads; 0 = every hardware thread
  // Progress in simulated requests against an estimated total (plan_progress.h); called from
  // worker threads. Empty: no reports.
  PlanProgressCallback on_progress;
};

// One GPU type's price as the plan used it.
struct PriceRow {
  std::string gpu;
  GpuHourCost hour;
  std::string date;    // cloud: when the catalog price was read ("" for an override)
  std::string source;  // cloud: where it comes from; on-prem: "on premises"
  std::string tier;    // cloud: CloudPricing::tier; on-prem: "on_premises"
  std::string region;  // cloud: where the price applies; "" otherwise
};

// Something a planner should know before signing the plan, that does not stop it: `code` names
// the kind (reports word it in their own language from `values`), `text` says it in English.
struct PlanWarning {
  std::string code;  // "few_seeds"
  std::string text;
  std::vector<std::pair<std::string, double>> values;  // the numbers `text` quotes, by name
};

struct PlanResult {
  SloStep slo;
  TrafficStep traffic;
  CandidateSet candidates;
  std::vector<CandidateOutcome> outcomes;  // by candidate id
  std::vector<PriceRow> prices;
  std::vector<ParetoPoint> pareto;
  std::optional<Recommendation> recommendation;
  std::string no_recommendation;  // why, when there is none
  // constraints.max_monthly_cost and what it decided (cost_cap.h); nullopt without a cap.
  std::optional<CostCapOutcome> cap;
  std::vector<PlanWarning> warnings;
  std::vector<SensitivityRow> sensitivity;
  std::optional<NPlusOneCheck> n_plus_one;
  // The recommended candidate's replica count per seed (replica_distribution.h); nullopt without
  // a recommendation.
  std::optional<ReplicaDistribution> replicas_by_seed;
  DaySimulation day;
  ProbeSettings settings;  // threads excepted, what every probe used
  // How to launch the recommended fleet and verify it on one node; nullopt without one.
  std::optional<DeploymentCommands> deployment;
  // The latency model's validated error for the recommended candidate's engine and GPU
  // (model_error.h; not validated when the catalog has no bands for them); nullopt without a
  // recommendation.
  std::optional<ModelError> model_error;
};

// Throws ConfigError (located in the plan file) for problems only visible after loading: unknown
// SLO preset or grade, inconsistent traffic, GPUs without a price; and (located in the CSV) for a
// catalog's validation/serving_error_bands.csv that does not read.
PlanResult RunPlan(const PlanSpec& plan, const Catalog& catalog, const Builtins& builtins,
                   const PlanOptions& options = {});

// The recommended fleet at the peak load as one plain scenario, the way its peak probe simulated
// it with the plan's first seed (simulation.seed): `gpuplan plan` simulates it once more, in full,
// for the report's per-request charts. nullopt when nothing is recommended.
std::optional<Scenario> RecommendedScenario(const PlanResult& result);

}  // namespace gpuplan
