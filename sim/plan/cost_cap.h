// The plan's cost cap (constraints.max_monthly_cost): no fleet costing more per month is
// recommended.
//   - Some fleet that meets every SLO fits under the cap: the usual recommendation among those
//     (Recommend with the cap), and the statement says how much of the cap is left.
//   - The cheapest SLO-meeting fleet costs more than the cap: the best fleet under the cap is
//     recommended, with what it gives up. The candidates are every searched candidate (feasible
//     or not met at the maximum count), each at the largest replica count the cap affords (within
//     candidates.replicas); the best is the one closest to the SLO on the verdict's own terms:
//       1. a fleet that keeps up with its arrivals (no drops, no overloaded seed) before one that
//          does not: a backlog grows without bound however good its measured percentiles look;
//       2. then the largest binding margin, (threshold - CI upper end) / threshold of its worst
//          metric: the smallest relative violation of any SLO on the pessimistic end;
//       3. then the lower monthly cost, fewer GPUs, the candidate listed first.
//     The replica search has already probed many counts; a count it did not probe is probed once
//     more at peak (all such probes in one batch, so the result does not depend on the threads).
//   - Not even candidates.replicas.min replicas of any searched candidate fit: nothing is
//     recommended.
// More replicas of one candidate never serve the peak worse (the search's own assumption), so the
// largest affordable count is that candidate's best fleet under the cap.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config/plan_spec.h"
#include "sim/plan/candidates.h"
#include "sim/plan/cost.h"
#include "sim/plan/probe.h"
#include "sim/plan/tradeoff.h"

namespace gpuplan {

// One thing a fleet under the cap gives up: an SLO metric its probe misses (the percentile's
// interval against the judged threshold), or keeping up with its arrivals, or every request.
struct GivenUp {
  std::string metric;                // "ttft", "tpot", "e2e"; "sustained" (falls behind); "dropped"
  double slo_ms = 0;                 // latency metrics: the SLO as given
  double threshold_ms = 0;           // what it is judged against: slo_ms / latency safety factor
  ConfidenceInterval ci;             // the percentile over the seeds
  double over_by_ms = 0;             // ci.upper - threshold_ms
  double over_by_fraction = 0;       // over_by_ms / threshold_ms (the negative margin)
  double arrival_rate_per_s = 0;     // "sustained": mean over the overloaded seeds
  double completion_rate_per_s = 0;  // "sustained"
  int overloaded_seeds = 0;
  uint64_t dropped = 0;  // "dropped": over the seeds
  uint64_t unfinished = 0;
  std::string text;  // one line, with the numbers
};

// A fleet of one candidate at one replica count, with its peak probe.
struct CapFleet {
  int candidate = 0;
  int replicas = 0;
  FleetCost cost;
  ProbeResult probe;
  bool from_search = true;  // the replica search had already probed this count

  // No request dropped or unfinished and no seed fell behind its arrivals.
  bool KeepsUp() const;
};

enum class CapStatus {
  kWithinCap,          // a fleet meeting every SLO fits under the cap: the usual answer
  kBinds,              // none does: the best fleet under the cap, with what it gives up
  kNothingAffordable,  // not even the smallest fleet of any searched candidate fits
  kNoFleetMeetsSlo,    // no fleet meets the SLO at any count searched: nothing to weigh
};

std::string_view CapStatusName(CapStatus status);

// The cap's one rule, for every fleet it judges (the recommendation, the fleets it affords, the
// N+1 fleet): a monthly cost equal to the cap is within it, one cent more is not.
bool FitsUnderCap(double usd_per_month, double max_monthly_cost);

struct CostCapOutcome {
  double max_monthly_cost = 0;
  CapStatus status = CapStatus::kWithinCap;
  bool meets_slo = false;  // the recommended fleet meets every SLO
  // The cheapest fleet that meets every SLO (the recommendation without a cap); probe omitted.
  std::optional<CapFleet> cheapest_meeting_slo;
  std::vector<GivenUp> given_up;           // kBinds: what the recommended fleet misses
  std::vector<CapFleet> considered;        // kBinds: every affordable fleet, best first
  std::optional<CapFleet> cheapest_fleet;  // kNothingAffordable: the smallest fleet, no probe
  int extra_probes = 0;                    // probes run for the cap (counts the search skipped)
  std::string statement;
};

struct CostCapDecision {
  std::optional<Recommendation> recommendation;
  CostCapOutcome cap;
  std::string no_recommendation;  // "" = the usual explanation applies
};

// Decides the recommendation under plan.constraints.max_monthly_cost (which must be set), after
// the replica search. Probes it runs are appended to their candidate's search.probes (in the
// order run). `rate_per_s`: the peak rate (nullopt with a trace); `served_output_tokens_per_s`
// prices the fleets as Recommend's costs are priced.
CostCapDecision RecommendUnderCap(const PlanSpec& plan, const CandidateSet& set,
                                  std::vector<CandidateOutcome>& outcomes,
                                  std::optional<double> rate_per_s,
                                  double served_output_tokens_per_s, double percentile,
                                  ProbeRunner& runner);

}  // namespace gpuplan
