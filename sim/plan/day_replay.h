// One continuous replay of a day for the plan's autoscaler section (autoscaler.h): the candidate's
// scenario fed the `day` arrival kind (24 hourly rates), with or without an autoscaler acting
// inside the run, so queues and cold starts carry over from one hour into the next.
//
// The replay runs 25 hours: the day's hour 23 first, as a warm-up that is not counted, so the
// fleet and its queues at midnight are those the previous day ended with; then hours 0 to 23.
// Each request counts in the hour it arrived (also when it finishes in a later one).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/cluster/autoscaling.h"
#include "sim/config/scenario.h"
#include "sim/runner/builtins.h"

namespace gpuplan {

inline constexpr int kDayHours = 24;

struct DayReplaySpec {
  const Scenario* scenario = nullptr;      // the candidate's (its SLO judges the requests)
  std::vector<double> hourly_rates_per_s;  // 24, hour 0 first; the busiest > 0
  double seconds_per_hour = 3600;
  int replicas = 1;  // the fixed fleet, or the autoscaler's count when the warm-up starts
  std::optional<AutoscalerSpec> autoscaler;
  uint64_t seed = 1;
};

struct DayHour {
  int64_t arrived = 0;
  int64_t met = 0;         // finished within every SLO threshold (drops count as misses)
  int64_t carried_in = 0;  // arrived earlier, first token not yet produced at the hour's start
  double queue_sum = 0;    // running + waiting (cluster queue included) over the snapshots
  double kv_sum = 0;       // KV used fraction over the snapshots
  int64_t snapshots = 0;
  double busy_s = 0;  // replica-seconds with a step in flight (by step end)
  // The fleet (started replicas): at the hour's start, its least and most, at its end.
  int replicas_start = 0;
  int replicas_min = 0;
  int replicas_max = 0;
  int replicas_end = 0;
  double paid_replica_seconds = 0;

  double Attainment() const { return arrived > 0 ? static_cast<double>(met) / arrived : 1.0; }
  double MeanQueue() const { return snapshots > 0 ? queue_sum / snapshots : 0.0; }
  double MeanKv() const { return snapshots > 0 ? kv_sum / snapshots : 0.0; }
};

struct DayReplay {
  std::vector<DayHour> hours;  // kDayHours, hour 0 first
  int64_t requests = 0;        // simulated, warm-up included
};

// Simulates one seed. Throws ConfigError when the scenario can not be built.
DayReplay ReplayDay(const DayReplaySpec& spec, const Builtins& builtins);

// The scenario ReplayDay simulates (exposed for tests and for `simulate` users who want the
// same day): the day arrival kind from hour 23 for 25 hours, the warm-up excluded from metrics.
Scenario DayScenario(const DayReplaySpec& spec);

}  // namespace gpuplan
