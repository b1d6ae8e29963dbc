// MetricsSink: how a running simulation reports what happened. The cluster calls these in
// simulated-time order; implementations aggregate (MetricsCollector) or stream rows to files.
#pragma once

#include "sim/metrics/records.h"

namespace gpuplan {

class MetricsSink {
 public:
  virtual ~MetricsSink() = default;
  // A request entered the system (before routing).
  virtual void OnArrival(SimTime time) = 0;
  // An output token after the first was produced; itl = time since the previous token of the
  // same request (preemption stalls included, as a client sees them).
  virtual void OnInterTokenLatency(const RequestRecord& request, SimTime itl) = 0;
  // A request produced its last token. Its record is complete.
  virtual void OnRequestDone(const RequestRecord& record) = 0;
  // One engine iteration of one replica ended.
  virtual void OnStep(const StepRecord& step) = 0;
  // Cluster state at a time-series boundary.
  virtual void OnSnapshot(const Snapshot& snapshot) = 0;
};

}  // namespace gpuplan
