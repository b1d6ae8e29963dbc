// Step 7 of a plan: what each candidate's cheapest passing fleet costs, the recommendation (the
// cheapest candidate whose percentile TTFT, TPOT and E2E meet the SLO at peak, judged on the
// confidence interval's upper bound), its runner-ups, and the Pareto frontier of monthly cost
// against percentile E2E latency over every passing probe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config/plan_spec.h"
#include "sim/plan/candidates.h"
#include "sim/plan/cost.h"
#include "sim/plan/search.h"

namespace gpuplan {

enum class CandidateStatus {
  kPruned,         // can not run (memory, parallelism): see Candidate::prune_reason
  kSloImpossible,  // even one request at a time misses the SLO: no replica count helps
  kNotMet,         // misses the SLO at peak even with the maximum replica count
  kFeasible,       // meets the SLO at peak with CandidateOutcome::replicas replicas
};

std::string_view CandidateStatusName(CandidateStatus status);

struct CandidateOutcome {
  CandidateStatus status = CandidateStatus::kPruned;
  std::string reason;  // why it is not feasible ("" when feasible)
  std::optional<ProbeResult> isolated;
  SearchResult search;
  std::optional<int> replicas;    // the minimum passing count
  std::optional<FleetCost> cost;  // of that fleet

  const ProbeResult* AtMin() const;
};

// The price model of one GPU type: the plan's on-premises terms, or the catalog's cloud price
// (with its date and source) unless the plan overrides it. Throws ConfigError for an on-premises
// plan without a purchase price for this GPU.
CostModel CostModelFor(const PlanCostSpec& cost, const GpuSpec& gpu);

// Cost of `replicas` replicas of `candidate`, serving `output_tokens_per_s` on average.
FleetCost CandidateFleetCost(const PlanCostSpec& cost, const Candidate& candidate, int replicas,
                             double output_tokens_per_s);

// "TTFT 120 ms [95% CI 110-130] vs 500 ms" for the estimate's metric; with a latency safety factor,
// "vs 416.667 ms (500 ms SLO / 1.2)".
std::string MetricVerdictText(const MetricEstimate& e);

struct ParetoPoint {
  int candidate = 0;
  int replicas = 0;
  int gpus = 0;
  double usd_per_month = 0;
  PerSloMetric<double> latency_ms;  // CI means of the percentile
  bool frontier = false;            // no other point is as cheap and as fast, and better in one
};

// Every passing peak probe of every feasible candidate, by (cost, latency, candidate, replicas),
// with the frontier of (monthly cost, percentile E2E) marked.
std::vector<ParetoPoint> CostLatencyPoints(const PlanCostSpec& cost, const CandidateSet& set,
                                           const std::vector<CandidateOutcome>& outcomes,
                                           double output_tokens_per_s);

struct Recommendation {
  int candidate = 0;
  int replicas = 0;
  FleetCost cost;
  ProbeResult probe;            // at peak, with `replicas` replicas
  std::string statement;        // one paragraph: what, cost, percentiles with CIs, margin
  std::vector<int> runner_ups;  // the next cheapest feasible candidates (up to 3)
};

// The cheapest feasible candidate (at equal cost: the larger margin, then fewer GPUs, then the
// lower id), with why it beat the first runner-up in its statement; nullopt when none is. With
// `max_monthly_cost`, only fleets costing at most that per month are recommended or runner-ups.
std::optional<Recommendation> Recommend(const CandidateSet& set,
                                        const std::vector<CandidateOutcome>& outcomes,
                                        double percentile,
                                        std::optional<double> max_monthly_cost = std::nullopt);

// Why nothing is recommended: the reasons of every candidate, grouped, with what to try.
std::string ExplainNoRecommendation(const PlanSpec& plan, const CandidateSet& set,
                                    const std::vector<CandidateOutcome>& outcomes);

}  // namespace gpuplan
