// The replica search: for each target (a candidate at an arrival rate), the smallest replica
// count whose probe passes. Exponential then binary search: probe `start`; while it fails,
// double (capped at `max`); once one passes, bisect between the largest failing and the
// smallest passing count. This finds the minimum with O(log max) probes instead of a sweep.
//
// Assumption: passing is monotone in replicas (more replicas never make the percentile worse).
// Routing spreads the same arrivals over more replicas, so queues only shorten; seeds are shared
// across counts (common random numbers), which keeps the noise from breaking monotonicity in
// practice. When it does not hold, the search still returns a passing count, maybe not the
// smallest.
//
// Targets advance in lockstep: each round runs the next probe of every unfinished target as one
// parallel batch, so every core is busy and the result does not depend on the thread count.
#pragma once

#include <optional>
#include <vector>

#include "sim/plan/probe.h"

namespace gpuplan {

struct SearchTarget {
  const Scenario* scenario = nullptr;
  std::optional<double> rate_per_s;  // nullopt: the scenario's own arrivals (a trace)
  int min_replicas = 1;
  int max_replicas = 64;
  int start = 1;  // first count probed; clamped to [min, max]
};

struct SearchResult {
  std::vector<ProbeResult> probes;  // in the order they were run
  std::optional<int> min_replicas;  // nullopt: not met even at max_replicas

  // The probe at `replicas`, if one ran.
  const ProbeResult* At(int replicas) const;
};

std::vector<SearchResult> SearchMinReplicas(const std::vector<SearchTarget>& targets,
                                            ProbeRunner& runner);

}  // namespace gpuplan
