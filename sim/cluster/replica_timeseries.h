// The fleet of an autoscaled run in its time series (timeseries.csv's replicas_started,
// replicas_routable and replicas_paid columns). Each row gets the fleet at its start, as waiting
// and running are the state at the row's start: the value of ClusterRunStats::replica_counts'
// step function at t_start (the last point at or before it, so the row starting at the instant of
// a change shows the fleet after it). The counts come from the step function, not from snapshots:
// the first snapshot is taken one interval in, so the row at t = 0 would have none, and a snapshot
// and a controller sync at one instant run in the order they were scheduled.
#pragma once

#include <vector>

#include "sim/cluster/autoscaling.h"
#include "sim/core/sim_time.h"
#include "sim/metrics/run_result.h"

namespace gpuplan {

// Sets the replica counts of rows[i] (starting at i x interval) from `points` (sorted by time;
// the fleet before the first point is 0). Nothing when `points` is empty (a fixed fleet), so
// its rows keep no counts and timeseries.csv no replica columns.
void AddReplicaCounts(const std::vector<ReplicaCountPoint>& points, SimTime interval,
                      std::vector<TimeseriesRow>& rows);

}  // namespace gpuplan
