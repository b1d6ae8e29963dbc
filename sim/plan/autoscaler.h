// The day with an autoscaler versus a fixed fleet sized for the peak: GPU-hours, cost and SLO
// attainment of each, over 24 hourly windows of the day's curve.
//
// The approximation, stated plainly:
//   - each hour is simulated on its own, as a steady-state sample (requests_per_window arrivals)
//     at that hour's rate; hours do not carry queues into each other;
//   - the autoscaler is Kubernetes HPA's rule, desired = ceil(replicas x metric / target), no
//     change while |metric / target - 1| <= tolerance, clamped to [min, max]. Within an hour it
//     is applied until the count settles (an hour holds hundreds of 15 s HPA syncs), each step
//     observing the metric simulated at that hour's rate with the current count;
//   - a scale-up takes effect after sync_period_s + weights / load_bandwidth + startup_s: that
//     share of the hour is served by the old count (attainment mixed by time), while the new
//     replicas are paid from the decision on; a scale-down keeps the old count (and its cost) for
//     scale_down_delay_s;
//   - the day starts from the count the autoscaler settles on for hour 23.
// Attainment is the share of requests within every SLO threshold (dropped ones count as
// misses), weighted over the hours by their rates.
#pragma once

#include <string>
#include <vector>

#include "sim/config/plan_spec.h"
#include "sim/plan/candidates.h"
#include "sim/plan/derivation.h"
#include "sim/plan/probe.h"

namespace gpuplan {

struct DayWindow {
  int hour = 0;
  double rate_per_s = 0;
  int fixed_replicas = 0;
  double fixed_attainment = 1;
  int replicas_before = 0;     // the count at the start of the hour
  int replicas = 0;            // where the autoscaler settles
  double metric = 0;           // observed with replicas_before at this hour's rate
  double transient_share = 0;  // share of the hour still at replicas_before
  double replica_hours = 0;    // paid this hour
  double attainment = 1;
};

struct DaySide {
  double gpu_hours = 0;
  double usd = 0;
  double attainment = 0;  // request-weighted over the day
};

struct DaySimulation {
  bool ran = false;
  std::string skipped;  // why not, when !ran
  AutoscalerMetric metric = AutoscalerMetric::kQueueLength;
  double target = 0;
  bool target_auto = false;
  int min_replicas = 1;
  int max_replicas = 1;
  double scale_up_delay_s = 0;
  std::vector<DerivationStep> steps;  // the scale-up delay and the target
  std::vector<DayWindow> windows;
  DaySide fixed;
  DaySide autoscaled;
};

// `day_rates` are the 24 hourly rates; `fixed_replicas` the fleet sized for the peak.
DaySimulation SimulateDay(const PlanAutoscalerSpec& spec, const Candidate& candidate,
                          int fixed_replicas, const std::vector<double>& day_rates,
                          double usd_per_gpu_hour, ProbeRunner& runner);

// The HPA rule for one sync (exposed for tests).
int HpaDesiredReplicas(int current, double metric, double target, double tolerance, int min,
                       int max);

}  // namespace gpuplan
