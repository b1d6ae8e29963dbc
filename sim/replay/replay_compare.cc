#include "sim/replay/replay_compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "sim/core/error.h"

namespace gpuplan {

std::string_view StepClassName(StepClass c) {
  switch (c) {
    case StepClass::kDecode:
      return "decode";
    case StepClass::kMixed:
      return "mixed";
    case StepClass::kPrefill:
      return "prefill";
  }
  return "?";
}

StepClass ClassifyStep(const DumpedStep& step) {
  bool any_prefill = false;
  bool any_decode = false;
  for (const DumpedSeq& s : step.seqs) (s.prefill ? any_prefill : any_decode) = true;
  if (any_prefill && any_decode) return StepClass::kMixed;
  return any_prefill ? StepClass::kPrefill : StepClass::kDecode;
}

namespace {

StepErrorStats Summarise(const std::vector<double>& signed_errors) {
  StepErrorStats s;
  s.count = static_cast<int64_t>(signed_errors.size());
  if (signed_errors.empty()) return s;
  std::vector<double> abs_errors;
  double sum = 0;
  for (double e : signed_errors) {
    abs_errors.push_back(std::abs(e));
    sum += e;
  }
  s.median_abs = Percentile(abs_errors, 50);
  s.p90_abs = Percentile(abs_errors, 90);
  s.p99_abs = Percentile(abs_errors, 99);
  s.mean_signed = sum / static_cast<double>(signed_errors.size());
  return s;
}

MetricComparison Compare(std::string name, const std::vector<double>& predicted,
                         const std::vector<double>& measured) {
  MetricComparison m;
  m.name = std::move(name);
  const double ps[3] = {50, 95, 99};
  for (int i = 0; i < 3; ++i) {
    m.predicted[i] = Percentile(predicted, ps[i]);
    m.measured[i] = Percentile(measured, ps[i]);
  }
  return m;
}

}  // namespace

std::vector<SimTime> RetimeSteps(const BatchDump& dump, const std::vector<double>& duration_us) {
  GPUPLAN_CHECK(duration_us.size() == dump.steps.size(), "one duration per step");
  std::unordered_map<int32_t, std::pair<SimTime, SimTime>> last;  // replica -> (orig, new) end
  std::vector<SimTime> ends(dump.steps.size());
  for (size_t i = 0; i < dump.steps.size(); ++i) {
    const DumpedStep& s = dump.steps[i];
    SimTime start = s.start;
    if (auto it = last.find(s.replica); it != last.end()) {
      const auto [orig_end, new_end] = it->second;
      // Busy back-to-back in the original schedule: follow the previous (re-timed) step.
      // Idle before: the step waited for an arrival, so it cannot start before that time.
      start = s.start <= orig_end ? new_end : std::max(new_end, s.start);
    }
    ends[i] = start + std::max<SimTime>(1, ToSimTime(duration_us[i] * 1e-6));
    last[s.replica] = {s.end, ends[i]};
  }
  return ends;
}

RequestLatencies ComputeRequestLatencies(const BatchDump& dump, const std::vector<SimTime>& ends) {
  struct Times {
    SimTime first = -1;
    SimTime done = -1;
  };
  std::unordered_map<uint64_t, Times> times;
  for (size_t i = 0; i < dump.steps.size(); ++i) {
    for (const DumpedSeq& s : dump.steps[i].seqs) {
      if (!s.token) continue;
      Times& t = times[s.id];
      if (t.first < 0) t.first = ends[i];
      if (s.done) t.done = ends[i];
    }
  }
  RequestLatencies out;
  for (const DumpedRequest& r : dump.requests) {
    auto it = times.find(r.id);
    if (it == times.end() || it->second.done < 0) continue;  // unfinished in the dump
    const Times& t = it->second;
    out.ttft_ms.push_back(ToMillis(t.first - r.arrival));
    out.e2e_ms.push_back(ToMillis(t.done - r.arrival));
    if (r.output_tokens > 1) {
      out.tpot_ms.push_back(ToMillis(t.done - t.first) / (r.output_tokens - 1));
    }
  }
  return out;
}

ReplayReport CompareReplay(const BatchDump& dump, const MeasuredSteps& measured) {
  ReplayReport report;
  report.steps_in_dump = static_cast<int64_t>(dump.steps.size());
  std::vector<double> all;
  std::array<std::vector<double>, kNumStepClasses> by_class;
  std::vector<double> predicted_us;
  std::vector<double> measured_us;
  for (const DumpedStep& s : dump.steps) {
    predicted_us.push_back(s.predicted_us);
    auto it = measured.find({s.replica, s.step});
    if (it == measured.end()) {
      ++report.steps_missing;
      measured_us.push_back(s.predicted_us);  // keeps the schedule; excluded from step errors
      continue;
    }
    measured_us.push_back(it->second);
    const double err = (s.predicted_us - it->second) / it->second;
    all.push_back(err);
    by_class[static_cast<size_t>(ClassifyStep(s))].push_back(err);
  }
  if (all.empty()) throw Error("no step of the dump has a measurement; nothing to compare");
  report.all = Summarise(all);
  for (size_t c = 0; c < kNumStepClasses; ++c) report.by_class[c] = Summarise(by_class[c]);
  const RequestLatencies pred = ComputeRequestLatencies(dump, RetimeSteps(dump, predicted_us));
  const RequestLatencies meas = ComputeRequestLatencies(dump, RetimeSteps(dump, measured_us));
  report.metrics.push_back(Compare("ttft_ms", pred.ttft_ms, meas.ttft_ms));
  report.metrics.push_back(Compare("tpot_ms", pred.tpot_ms, meas.tpot_ms));
  report.metrics.push_back(Compare("e2e_ms", pred.e2e_ms, meas.e2e_ms));
  return report;
}

std::string FormatReplayReport(const ReplayReport& r) {
  std::string out = fmt::format(
      "Step time: relative error (predicted - measured) / measured, {} steps compared, {} "
      "without a measurement\n\n"
      "| steps | count | median abs | p90 abs | p99 abs | mean signed |\n"
      "|---|---:|---:|---:|---:|---:|\n",
      r.all.count, r.steps_missing);
  auto row = [&](std::string_view name, const StepErrorStats& s) {
    out += fmt::format("| {} | {} | {:.1f}% | {:.1f}% | {:.1f}% | {:+.1f}% |\n", name, s.count,
                       100 * s.median_abs, 100 * s.p90_abs, 100 * s.p99_abs, 100 * s.mean_signed);
  };
  row("all", r.all);
  for (size_t c = 0; c < kNumStepClasses; ++c) {
    if (r.by_class[c].count > 0) row(StepClassName(static_cast<StepClass>(c)), r.by_class[c]);
  }
  out +=
      "\nRequest metrics from re-timed schedules (ms)\n\n"
      "| metric | predicted p50 | measured p50 | predicted p95 | measured p95 | p95 diff | "
      "predicted p99 | measured p99 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const MetricComparison& m : r.metrics) {
    out += fmt::format("| {} | {:.2f} | {:.2f} | {:.2f} | {:.2f} | {:+.1f}% | {:.2f} | {:.2f} |\n",
                       m.name, m.predicted[0], m.measured[0], m.predicted[1], m.measured[1],
                       100 * m.RelativeDiffP95(), m.predicted[2], m.measured[2]);
  }
  return out;
}

}  // namespace gpuplan
