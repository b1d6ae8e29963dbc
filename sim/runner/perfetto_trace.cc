#include "sim/runner/perfetto_trace.h"

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/engine/replica.h"
#include "sim/util/json_writer.h"

namespace gpuplan {
namespace {

constexpr int kStepsThread = 0;

// "prefill", "decode" or "prefill+decode": what a step did, readable on the timeline.
const char* StepName(const BatchShape& shape) {
  const bool prefill = !shape.prefills.empty();
  const bool decode = shape.num_decodes > 0;
  if (prefill && decode) return "prefill+decode";
  return prefill ? "prefill" : "decode";
}

std::string OpArgs(const StepTime& step) {
  std::string args;
  for (size_t i = 0; i < kNumOpKinds; ++i) {
    if (step.op_source[i] == OpSource::kNone) continue;
    args += fmt::format(",\"{}_ms\":{}", OpKindName(static_cast<OpKind>(i)),
                        FormatJsonDouble(step.op_s[i] * 1e3));
  }
  return args;
}

}  // namespace

std::string TraceMicros(SimTime ns) {
  GPUPLAN_CHECK(ns >= 0, "trace time {} ns before the run's start", ns);
  return fmt::format("{}.{:03}", ns / 1000, ns % 1000);
}

PerfettoTrace::PerfettoTrace(std::ostream& out, std::string label)
    : out_(out), label_(std::move(label)) {
  out_ << "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"producer\":\"gpuplan simulate --trace\","
       << "\"run\":" << QuoteJsonString(label_) << "},\"traceEvents\":[\n";
}

void PerfettoTrace::Event(const std::string& json) {
  GPUPLAN_CHECK(!finished_, "trace event after Finish()");
  if (!first_) out_ << ",\n";
  first_ = false;
  out_ << json;
}

void PerfettoTrace::Finish() {
  GPUPLAN_CHECK(!finished_, "Finish() twice");
  out_ << "\n]}\n";
  finished_ = true;
}

void PerfettoTrace::DescribeReplica(int32_t replica) {
  const size_t r = static_cast<size_t>(replica);
  if (described_.size() <= r) described_.resize(r + 1, false);
  if (described_[r]) return;
  described_[r] = true;
  Event(
      fmt::format("{{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":{},\"args\":{{\"name\":{}}}}}",
                  replica, QuoteJsonString(fmt::format("replica {} ({})", replica, label_))));
  Event(
      fmt::format("{{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":{0},\"args\":{{\"sort_"
                  "index\":{0}}}}}",
                  replica));
  Event(
      fmt::format("{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":{},\"tid\":{},"
                  "\"args\":{{\"name\":\"steps\"}}}}",
                  replica, kStepsThread));
}

void PerfettoTrace::OnStepFormed(const Replica& replica, SimTime start, SimTime end,
                                 const StepTime& step) {
  const int32_t pid = replica.index();
  DescribeReplica(pid);
  const BatchShape& shape = replica.batch_shape();
  Event(fmt::format(
      "{{\"name\":\"{}\",\"cat\":\"step\",\"ph\":\"X\",\"pid\":{},\"tid\":{},\"ts\":{},"
      "\"dur\":{},\"args\":{{\"prefill_seqs\":{},\"prefill_tokens\":{},\"decodes\":{},"
      "\"preempted\":{},\"predicted_ms\":{}{}}}}}",
      StepName(shape), pid, kStepsThread, TraceMicros(start), TraceMicros(end - start),
      shape.prefills.size(), shape.NumPrefillTokens(), shape.num_decodes,
      replica.plan().num_preempted, FormatJsonDouble(step.total_s * 1e3), OpArgs(step)));
  const std::string ts = TraceMicros(start);
  Event(
      fmt::format("{{\"name\":\"kv_blocks_used\",\"ph\":\"C\",\"pid\":{},\"ts\":{},"
                  "\"args\":{{\"used\":{},\"total\":{}}}}}",
                  pid, ts, replica.kv().num_used(), replica.kv().num_blocks()));
  Event(
      fmt::format("{{\"name\":\"requests\",\"ph\":\"C\",\"pid\":{},\"ts\":{},"
                  "\"args\":{{\"running\":{},\"waiting\":{}}}}}",
                  pid, ts, replica.num_running(), replica.num_waiting()));
}

void PerfettoTrace::AsyncSpan(const RequestRecord& r, const char* name, SimTime begin,
                              SimTime end) {
  const std::string common = fmt::format("\"name\":\"{}\",\"cat\":\"request\",\"id\":{},\"pid\":{}",
                                         name, r.id, r.replica);
  Event(fmt::format("{{{},\"ph\":\"b\",\"ts\":{}}}", common, TraceMicros(begin)));
  Event(fmt::format("{{{},\"ph\":\"e\",\"ts\":{}}}", common, TraceMicros(end)));
}

void PerfettoTrace::OnRequestDone(const RequestRecord& r) {
  DescribeReplica(r.replica);
  const std::string name = fmt::format("request {}", r.id);
  const std::string args = fmt::format(
      ",\"args\":{{\"prompt_tokens\":{},\"output_tokens\":{},\"preemptions\":{},\"ttft_ms\":{},"
      "\"tpot_ms\":{}}}",
      r.prompt_tokens, r.output_tokens, r.preemptions, FormatJsonDouble(ToMillis(r.Ttft())),
      FormatJsonDouble(r.TpotSeconds() * 1e3));
  // The outer span first, then the nested ones, each begin before its end.
  const std::string common = fmt::format("\"name\":{},\"cat\":\"request\",\"id\":{},\"pid\":{}",
                                         QuoteJsonString(name), r.id, r.replica);
  Event(fmt::format("{{{},\"ph\":\"b\",\"ts\":{}{}}}", common, TraceMicros(r.arrival), args));
  AsyncSpan(r, "queued", r.arrival, r.first_scheduled);
  AsyncSpan(r, "prefill", r.first_scheduled, r.first_token);
  if (r.done > r.first_token) AsyncSpan(r, "decode", r.first_token, r.done);
  Event(fmt::format("{{{},\"ph\":\"e\",\"ts\":{}}}", common, TraceMicros(r.done)));
}

}  // namespace gpuplan
