#include "sim/cluster/replica_timeseries.h"

#include "sim/core/error.h"

namespace gpuplan {

void AddReplicaCounts(const std::vector<ReplicaCountPoint>& points, SimTime interval,
                      std::vector<TimeseriesRow>& rows) {
  if (points.empty() || rows.empty()) return;
  GPUPLAN_CHECK(interval > 0, "replica counts need a positive time-series interval");
  size_t next = 0;  // the first point after the current row's start
  ReplicaCountPoint fleet;
  for (size_t i = 0; i < rows.size(); ++i) {
    const SimTime start = static_cast<SimTime>(i) * interval;
    while (next < points.size() && points[next].time <= start) fleet = points[next++];
    TimeseriesRow& row = rows[i];
    row.has_replica_counts = true;
    row.replicas_started = fleet.started;
    row.replicas_routable = fleet.routable;
    row.replicas_paid = fleet.paid;
  }
}

}  // namespace gpuplan
