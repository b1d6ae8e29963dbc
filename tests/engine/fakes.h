// Test doubles shared by the engine and cluster tests: an exact fake latency model, sinks that
// record (and check the order of) what a run reports, and a tiny single-replica driver.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "sim/engine/replica.h"
#include "sim/latency/latency_model.h"
#include "sim/metrics/sink.h"

namespace gpuplan::test {

// step = 1 ms + 10 us per prefill token + 0.5 ms if the batch has any decode. Computed in
// integer nanoseconds so expected values are exact.
class FakeLatencyModel final : public LatencyModel {
 public:
  static constexpr SimTime kBaseNs = 1'000'000;
  static constexpr SimTime kPerPrefillTokenNs = 10'000;
  static constexpr SimTime kDecodeNs = 500'000;

  static SimTime StepNs(int64_t prefill_tokens, bool any_decode) {
    return kBaseNs + kPerPrefillTokenNs * prefill_tokens + (any_decode ? kDecodeNs : 0);
  }

  std::string_view name() const override { return "fake"; }
  StepTime Predict(const BatchShape& batch) const override {
    StepTime t;
    const SimTime ns = StepNs(batch.NumPrefillTokens(), batch.num_decodes > 0);
    t.Add(OpKind::kCpuOverhead, static_cast<double>(ns) * 1e-9, OpSource::kFixed);
    return t;
  }
};

inline std::shared_ptr<const LatencyModel> Fake() { return std::make_shared<FakeLatencyModel>(); }

constexpr SimTime Ms(double ms) { return static_cast<SimTime>(ms * 1e6 + (ms >= 0 ? 0.5 : -0.5)); }

// Records everything and fails the test if callbacks go back in time.
class RecordingSink : public MetricsSink {
 public:
  void OnArrival(SimTime time) override {
    Tick(time);
    ++arrivals;
  }
  void OnInterTokenLatency(const RequestRecord& request, SimTime itl) override {
    EXPECT_GT(itl, 0);
    itls[request.id].push_back(itl);
  }
  void OnRequestDone(const RequestRecord& record) override {
    Tick(record.done);
    EXPECT_LE(record.arrival, record.first_scheduled);
    EXPECT_LT(record.first_scheduled, record.first_token);
    EXPECT_LE(record.first_token, record.done);
    done.push_back(record);
  }
  void OnStep(const StepRecord& step) override {
    Tick(step.end);
    EXPECT_LT(step.start, step.end);
    steps.push_back(step);
  }
  void OnSnapshot(const Snapshot& snapshot) override {
    Tick(snapshot.time);
    snapshots.push_back(snapshot);
  }

  const RequestRecord& Done(uint64_t id) const {
    for (const RequestRecord& r : done) {
      if (r.id == id) return r;
    }
    ADD_FAILURE() << "request " << id << " never finished";
    static const RequestRecord kNone;
    return kNone;
  }

  int64_t arrivals = 0;
  std::vector<RequestRecord> done;
  std::vector<StepRecord> steps;
  std::vector<Snapshot> snapshots;
  std::map<uint64_t, std::vector<SimTime>> itls;

 private:
  void Tick(SimTime t) {
    EXPECT_GE(t, last_) << "sink callbacks went back in time";
    last_ = t;
  }
  SimTime last_ = 0;
};

// Counts only (for large runs).
class CountingSink : public MetricsSink {
 public:
  void OnArrival(SimTime) override { ++arrivals; }
  void OnInterTokenLatency(const RequestRecord&, SimTime) override { ++tokens; }
  void OnRequestDone(const RequestRecord& r) override {
    ++done;
    output_tokens += r.output_tokens;
  }
  void OnStep(const StepRecord&) override { ++steps; }
  void OnSnapshot(const Snapshot&) override { ++snapshots; }
  int64_t arrivals = 0, tokens = 0, done = 0, output_tokens = 0, steps = 0, snapshots = 0;
};

inline RoutedRequest Spec(uint64_t id, SimTime arrival, int32_t prompt, int32_t output) {
  return RoutedRequest{
      .id = id, .arrival = arrival, .prompt_tokens = prompt, .output_tokens = output};
}

// Drives one replica without the cluster: arrivals are queued at the first step boundary at or
// after their arrival time (an arrival exactly at a step's end joins the next step). Requests
// must be sorted by arrival. Starts at `start` (a replica stepped by hand continues from where
// the test left it). Returns the number of rejected requests.
inline int RunReplica(Replica& replica, const std::vector<RoutedRequest>& requests,
                      MetricsSink& sink, SimTime start = 0) {
  size_t next = 0;
  SimTime now = start;
  int rejected = 0;
  while (true) {
    while (next < requests.size() && requests[next].arrival <= now) {
      if (replica.Enqueue(requests[next], now)) ++rejected;
      ++next;
    }
    SimTime end = 0;
    if (replica.FormStep(now, &end)) {
      now = end;
      replica.ApplyStep(now, sink);
    } else if (next < requests.size()) {
      now = requests[next].arrival;
    } else {
      return rejected;
    }
  }
}

}  // namespace gpuplan::test
