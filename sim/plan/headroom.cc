#include "sim/plan/headroom.h"

#include <fmt/format.h>

#include "sim/core/plural.h"
#include "sim/plan/cost_cap.h"
#include "sim/plan/search.h"
#include "sim/plan/tradeoff.h"

namespace gpuplan {
namespace {

std::string Usd(double usd) { return FormatNumber(usd, 0); }

// constraints.max_monthly_cost against the N+1 fleet, judged as the cap judges the recommendation.
void JudgeAgainstCap(const PlanSpec& plan, const Candidate& candidate, double output_tokens_per_s,
                     NPlusOneCheck& check) {
  const std::optional<double>& cap = plan.constraints.max_monthly_cost;
  if (!cap) return;
  check.within_cap = FitsUnderCap(check.cost.usd_per_month, *cap);
  if (*check.within_cap) return;
  const FleetCost peak =
      CandidateFleetCost(plan.cost, candidate, check.replicas, output_tokens_per_s);
  check.cap_statement = fmt::format(
      "the N+1 fleet, {} at ${}/month, is ${}/month over the ${}/month cost cap, which the peak "
      "fleet of {} (${}/month) fits: surviving the loss of a replica needs a larger budget",
      Counted(check.n_plus_one_replicas, "replica"), Usd(check.cost.usd_per_month),
      Usd(check.cost.usd_per_month - *cap), Usd(*cap), Counted(check.replicas, "replica"),
      Usd(peak.usd_per_month));
}

}  // namespace

std::vector<SensitivityRow> TrafficSensitivity(const PlanSpec& plan, const Candidate& candidate,
                                               int replicas, double peak_rate_per_s,
                                               double output_tokens_per_s, ProbeRunner& runner) {
  std::vector<SearchTarget> targets;
  for (double m : plan.search.sensitivity) {
    targets.push_back({&candidate.scenario, peak_rate_per_s * m, plan.candidates.replicas_min,
                       plan.candidates.replicas_max, replicas});
  }
  const std::vector<SearchResult> found = SearchMinReplicas(targets, runner);
  std::vector<SensitivityRow> rows;
  for (size_t i = 0; i < targets.size(); ++i) {
    SensitivityRow row;
    row.multiplier = plan.search.sensitivity[i];
    row.rate_per_s = *targets[i].rate_per_s;
    row.at_fleet = found[i].probes.front();
    row.min_replicas = found[i].min_replicas;
    if (row.min_replicas) {
      row.cost = CandidateFleetCost(plan.cost, candidate, *row.min_replicas,
                                    output_tokens_per_s * row.multiplier);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

NPlusOneCheck CheckNPlusOne(const PlanSpec& plan, const Candidate& candidate, int replicas,
                            std::optional<double> peak_rate_per_s, double output_tokens_per_s,
                            ProbeRunner& runner) {
  NPlusOneCheck check;
  check.replicas = replicas;
  if (replicas > 1) {
    check.one_down =
        runner.Run({ProbeSpec{&candidate.scenario, replicas - 1, peak_rate_per_s}}).front();
    check.holds = check.one_down->passed;
  }
  // replicas passes by construction, so replicas + 1 with one down (= replicas) passes too.
  check.n_plus_one_replicas = check.holds ? replicas : replicas + 1;
  check.cost =
      CandidateFleetCost(plan.cost, candidate, check.n_plus_one_replicas, output_tokens_per_s);
  if (!check.one_down) {
    check.statement = fmt::format(
        "a single replica has no redundancy: losing it stops the service; an N+1 fleet is 2 "
        "replicas at ${}/month",
        FormatNumber(check.cost.usd_per_month, 0));
  } else if (check.holds) {
    check.statement = fmt::format("with one of {} down the other {} still {} the SLO",
                                  Counted(replicas, "replica"), replicas - 1,
                                  replicas - 1 == 1 ? "meets" : "meet");
  } else {
    check.statement = fmt::format(
        "with one of {} down the SLO is missed: {}. An N+1 fleet is {} at ${}/month",
        Counted(replicas, "replica"), check.one_down->reason,
        Counted(check.n_plus_one_replicas, "replica"), FormatNumber(check.cost.usd_per_month, 0));
  }
  JudgeAgainstCap(plan, candidate, output_tokens_per_s, check);
  return check;
}

}  // namespace gpuplan
