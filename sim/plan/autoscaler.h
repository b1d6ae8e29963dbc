// The day with an autoscaler versus a fixed fleet sized for the peak: GPU-hours, cost and SLO
// attainment of each, from one continuous replay of the day each (day_replay.h).
//
// What is simulated, stated plainly:
//   - the day's 24 hourly mean rates, replayed back to back in one run (hour 23 first as an
//     uncounted warm-up), so a queue built in one hour is still there in the next, and a replica
//     started late in one hour is still loading in the next;
//   - the burst factor is not applied to the day: it is the plan's headroom for the peak second
//     over the peak hour's mean (the fixed fleet is sized for it), not a property of every hour;
//   - the autoscaler acts inside the run (sim/cluster/autoscaling.h): Kubernetes HPA's rule,
//     desired = ceil(replicas x metric / target), no change while |metric / target - 1| <=
//     tolerance, clamped to [min, max], applied every sync_period_s; a new replica serves
//     weights / load_bandwidth + startup_s after the decision and is paid from it; a scale-down
//     waits for the scale_down_delay_s stabilisation window, then drains before release;
//     min_replicas 0 lets the fleet scale to zero (arrivals then wait for a cold start);
//   - the fixed fleet is replayed the same way with its count, so the comparison is like for like.
// Attainment is the share of the requests arriving in an hour that finish within every SLO
// threshold (dropped ones count as misses); the day's is over every request of the day.
#pragma once

#include <string>
#include <vector>

#include "sim/cluster/autoscaling.h"
#include "sim/config/plan_spec.h"
#include "sim/plan/candidates.h"
#include "sim/plan/derivation.h"
#include "sim/plan/probe.h"

namespace gpuplan {

struct DayWindow {
  int hour = 0;
  double rate_per_s = 0;  // the hour's mean offered rate
  int64_t requests = 0;   // arrived in the hour (autoscaled replay, summed over the seeds)
  int fixed_replicas = 0;
  double fixed_attainment = 1;
  int64_t fixed_carried_in = 0;  // requests still waiting for a first token at the hour's start
  int replicas_start = 0;        // started replicas at the hour's start
  int replicas_min = 0;          // least and most during the hour
  int replicas_max = 0;
  int replicas = 0;          // at the hour's end
  double replica_hours = 0;  // paid this hour
  double attainment = 1;
  int64_t carried_in = 0;  // as fixed_carried_in, with the autoscaler
};

struct DaySide {
  double gpu_hours = 0;
  double usd = 0;
  double attainment = 0;  // over every request of the day
};

struct DaySimulation {
  bool ran = false;
  std::string skipped;  // why not, when !ran
  AutoscalerMetric metric = AutoscalerMetric::kQueueLength;
  double target = 0;
  bool target_auto = false;
  int min_replicas = 1;
  int max_replicas = 1;
  double cold_start_s = 0;      // decision to routable: weights / load bandwidth + startup
  double scale_up_delay_s = 0;  // at most: a sync period to notice, then the cold start
  double seconds_per_hour = 3600;
  int64_t requests_simulated = 0;     // both replays, every seed, warm-up included
  std::vector<DerivationStep> steps;  // the replayed rates, the delays and the target
  std::vector<DayWindow> windows;
  DaySide fixed;
  DaySide autoscaled;
};

// `day_rates` are the 24 hourly mean rates to replay (the burst factor already taken out);
// `fixed_replicas` the fleet sized for the peak. Seeds and threads come from the runner's
// settings (at most spec.seeds seeds).
DaySimulation SimulateDay(const PlanAutoscalerSpec& spec, const Candidate& candidate,
                          int fixed_replicas, const std::vector<double>& day_rates,
                          double usd_per_gpu_hour, const ProbeSettings& settings,
                          const Builtins& builtins);

}  // namespace gpuplan
