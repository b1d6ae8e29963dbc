#include "sim/plan/headroom.h"

#include <fmt/format.h>

#include "sim/plan/search.h"
#include "sim/plan/tradeoff.h"

namespace gpuplan {

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
    check.statement = fmt::format("with one of {} replicas down the other {} still meet the SLO",
                                  replicas, replicas - 1);
  } else {
    check.statement = fmt::format(
        "with one of {} replicas down the SLO is missed: {}. An N+1 fleet is {} replicas at "
        "${}/month",
        replicas, check.one_down->reason, check.n_plus_one_replicas,
        FormatNumber(check.cost.usd_per_month, 0));
  }
  return check;
}

}  // namespace gpuplan
