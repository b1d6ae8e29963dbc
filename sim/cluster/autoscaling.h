// Cluster-level autoscaling inside the event loop (ClusterOptions::autoscaling): a controller
// that acts like Kubernetes' Horizontal Pod Autoscaler on the simulated fleet, so that queues
// and cold starts carry over from one moment of a run to the next.
//
// Every sync_period the controller observes the metric over the started replicas (a replica
// still starting counts 0, as HPA counts a pod without metrics when it scales up, so a burst
// does not start replicas again at every sync while the first ones load), applies HPA's rule
// (HpaDesiredReplicas), and takes the largest recommendation of the last scale_down_window
// (HPA's scale-down stabilisation; scale-ups act at once):
//   - up: a replica slot that is off starts; it is paid from that instant and becomes routable
//     after cold_start (weights / load bandwidth + startup). When no slot is off, the newest
//     draining replica is taken back, routable at once (it never stopped).
//   - down: the newest started replicas leave first: a starting one is cancelled, a routable one
//     stops receiving requests, finishes what it holds (draining) and is released when empty.
// With no routable replica (min_replicas 0, or all still starting), arrivals wait in a
// cluster-level queue, in arrival order, and are routed the instant a replica becomes routable
// (their TTFT includes the wait). From zero replicas the controller starts max(1, min) at the
// first sync that finds that queue non-empty.
// Invariant, checked at every change: routable <= started <= max_replicas, where started =
// starting + routable (HPA's replica count); paid = started + draining.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/core/sim_time.h"

namespace gpuplan {

enum class ScalingMetric : uint8_t {
  // queue_length: requests in the system (running + waiting, cluster queue included), time
  // average over the last sync period, per started replica
  kRequestsPerReplica,
  kKvUsedFraction,   // used / total KV blocks, mean over replicas
  kGpuBusyFraction,  // share of the last sync period with a step in flight
};

struct AutoscalingOptions {
  ScalingMetric metric = ScalingMetric::kRequestsPerReplica;
  double target = 1;         // > 0, per replica
  double tolerance = 0.1;    // no change while |metric / target - 1| <= tolerance
  int32_t min_replicas = 1;  // >= 0
  int32_t max_replicas = 1;  // >= max(1, min_replicas): the cluster holds this many replica slots
  int32_t initial_replicas = 1;                       // routable at t = 0, in [min, max]
  SimTime sync_period = 15 * kNanosPerSecond;         // > 0
  SimTime cold_start = 0;                             // from the decision to routable, >= 0
  SimTime scale_down_window = 300 * kNanosPerSecond;  // >= 0
  // The controller keeps syncing until this time even with no work left (a quiet end of a day
  // still scales down); after it, only while work remains. 0: only while work remains.
  SimTime act_until = 0;
};

// The fleet from `time` on (until the next point).
struct ReplicaCountPoint {
  SimTime time = 0;
  int32_t started = 0;   // starting + routable
  int32_t routable = 0;  // receiving requests
  int32_t paid = 0;      // started + draining

  bool operator==(const ReplicaCountPoint&) const = default;
};

// The paid replica-seconds of [from, to) under the step function `points` (sorted by time; the
// fleet before the first point is 0).
double PaidReplicaSeconds(const std::vector<ReplicaCountPoint>& points, SimTime from, SimTime to);

// HPA's rule for one sync: desired = ceil(current x metric / target), no change while
// |metric / target - 1| <= tolerance, clamped to [min, max].
int HpaDesiredReplicas(int current, double metric, double target, double tolerance, int min,
                       int max);

std::string_view ScalingMetricName(ScalingMetric metric);

}  // namespace gpuplan
