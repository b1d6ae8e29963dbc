// RequestCollector: a MetricsSink that keeps every finished request as a benchmark client would
// have measured it (TTFT and E2E from its arrival, the gaps between its tokens), in the order
// the requests were sent, so a simulated run can be described exactly as a measured one
// (bench_stats.h) and written in a load-test tool's format.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "sim/loadtest/measured_run.h"
#include "sim/metrics/sink.h"

namespace gpuplan {

class RequestCollector final : public MetricsSink {
 public:
  void OnArrival(SimTime) override {}
  void OnInterTokenLatency(const RequestRecord& r, SimTime itl) override;
  void OnRequestDone(const RequestRecord& r) override;
  void OnStep(const StepRecord&) override {}
  void OnSnapshot(const Snapshot&) override {}

  // In the order the requests were sent (request id).
  std::vector<MeasuredRequest> Requests() const;
  // When the last request finished (the run's duration, from t = 0).
  SimTime last_done() const { return last_done_; }

 private:
  std::map<uint64_t, std::vector<double>> itls_;  // requests in flight
  std::map<uint64_t, MeasuredRequest> done_;
  SimTime last_done_ = 0;
};

}  // namespace gpuplan
