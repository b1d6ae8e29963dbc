// PerfettoTrace: a simulated run as a Chrome/Perfetto trace (the JSON "Trace Event Format" that
// ui.perfetto.dev and chrome://tracing open), the debugger for "why did TTFT spike here".
//
//   one process per replica   "replica 0": thread "steps" with one complete event per engine
//                             step (named by its shape: prefill / decode / prefill+decode;
//                             args: prefill sequences and tokens, decodes, preemptions, the
//                             predicted time of every op in ms); counters "kv_blocks_used",
//                             "running" and "waiting" at every step start;
//   one async track per request  "request <id>" from arrival to its last token, with nested
//                             "queued" (arrival to first scheduled), "prefill" (to the first
//                             token) and "decode" (to the last) spans; args: prompt and output
//                             tokens, preemptions, TTFT and TPOT.
//
// Times are simulated microseconds with nanosecond decimals, exact. Events are written as the
// run produces them (a request's spans when it finishes), so the file streams and is identical
// for identical runs; viewers sort by time. Requests that never finish have no track.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/metrics/sink.h"
#include "sim/runner/step_observer.h"

namespace gpuplan {

class PerfettoTrace final : public StepObserver, public MetricsSink {
 public:
  // Writes the header at once; `label` names the run in the trace's metadata and in every
  // replica's process name. `out` must outlive the writer.
  PerfettoTrace(std::ostream& out, std::string label);
  // Closes the event array; nothing may be written after it.
  void Finish();

  void OnStepFormed(const Replica& replica, SimTime start, SimTime end,
                    const StepTime& step) override;
  void OnRequestDone(const RequestRecord& record) override;
  void OnArrival(SimTime) override {}
  void OnInterTokenLatency(const RequestRecord&, SimTime) override {}
  void OnStep(const StepRecord&) override {}
  void OnSnapshot(const Snapshot&) override {}

 private:
  void Event(const std::string& json);
  void DescribeReplica(int32_t replica);
  void AsyncSpan(const RequestRecord& r, const char* name, SimTime begin, SimTime end);

  std::ostream& out_;
  std::string label_;
  std::vector<bool> described_;  // per replica: process and thread names written
  bool first_ = true;
  bool finished_ = false;
};

// Simulated nanoseconds as trace microseconds, exactly: 1234567 -> "1234.567".
std::string TraceMicros(SimTime ns);

}  // namespace gpuplan
