// MetricsSink: how a running simulation reports what happened. The cluster calls these in
// simulated-time order; implementations aggregate (MetricsCollector) or stream rows to files.
// Per engine step, a replica reports OnStep, then the step's inter-token latencies (one
// OnInterTokenLatencies call, in batch order), then OnRequestDone for each request the step
// finished (in batch order). Threads: a sink belongs to one run and is called from its thread
// only; runs on other threads have sinks of their own.
#pragma once

#include <span>

#include "sim/metrics/records.h"

namespace gpuplan {

// One output token after the first of `request` (see OnInterTokenLatency). The record is valid
// only during the call.
struct InterTokenLatency {
  const RequestRecord* request = nullptr;
  SimTime itl = 0;
};

class MetricsSink {
 public:
  virtual ~MetricsSink() = default;
  // A request entered the system (before routing).
  virtual void OnArrival(SimTime time) = 0;
  // An output token after the first was produced; itl = time since the previous token of the
  // same request (preemption stalls included, as a client sees them).
  virtual void OnInterTokenLatency(const RequestRecord& request, SimTime itl) = 0;
  // The inter-token latencies of one step, in batch order. Replicas report a step's tokens in
  // one call because a run produces millions of them; the default hands each to
  // OnInterTokenLatency, so a sink may override either.
  virtual void OnInterTokenLatencies(std::span<const InterTokenLatency> itls) {
    for (const InterTokenLatency& t : itls) OnInterTokenLatency(*t.request, t.itl);
  }
  // A request produced its last token. Its record is complete.
  virtual void OnRequestDone(const RequestRecord& record) = 0;
  // One engine iteration of one replica ended.
  virtual void OnStep(const StepRecord& step) = 0;
  // Cluster state at a time-series boundary.
  virtual void OnSnapshot(const Snapshot& snapshot) = 0;
};

}  // namespace gpuplan
