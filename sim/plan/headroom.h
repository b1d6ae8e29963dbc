// How robust the recommended fleet is: a sensitivity table (traffic x 0.8, 1.2, 1.5, ...: does
// the fleet still hold, and how many replicas would that traffic need) and the N+1 check (with
// one replica down, does the rest still meet the SLO; if not, the fleet that survives a loss).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/config/plan_spec.h"
#include "sim/plan/candidates.h"
#include "sim/plan/cost.h"
#include "sim/plan/probe.h"

namespace gpuplan {

struct SensitivityRow {
  double multiplier = 1;
  double rate_per_s = 0;
  ProbeResult at_fleet;             // the recommended fleet at this traffic
  std::optional<int> min_replicas;  // what this traffic needs (nullopt: not met at max)
  std::optional<FleetCost> cost;    // of min_replicas
};

// Searches the recommended candidate at each multiplier of the peak rate, starting at the
// recommended replica count (so the first probe is the fleet itself).
std::vector<SensitivityRow> TrafficSensitivity(const PlanSpec& plan, const Candidate& candidate,
                                               int replicas, double peak_rate_per_s,
                                               double output_tokens_per_s, ProbeRunner& runner);

struct NPlusOneCheck {
  int replicas = 0;                     // the recommended fleet
  std::optional<ProbeResult> one_down;  // replicas - 1 at peak (nullopt with a single replica)
  bool holds = false;                   // the fleet meets the SLO with one replica down
  int n_plus_one_replicas = 0;          // smallest fleet that does (replicas, or replicas + 1)
  FleetCost cost;                       // of n_plus_one_replicas
  std::string statement;
  // With constraints.max_monthly_cost: whether `cost` fits under it (FitsUnderCap: a cost equal
  // to the cap fits); nullopt without a cap. The recommended fleet fits by construction, so only
  // an N+1 fleet one replica larger can be over it.
  std::optional<bool> within_cap;
  std::string cap_statement;  // when it does not fit: by how much, and that the peak fleet does
};

NPlusOneCheck CheckNPlusOne(const PlanSpec& plan, const Candidate& candidate, int replicas,
                            std::optional<double> peak_rate_per_s, double output_tokens_per_s,
                            ProbeRunner& runner);

}  // namespace gpuplan
