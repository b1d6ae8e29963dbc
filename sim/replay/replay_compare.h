// Compares predicted step times (a batch dump) with step times measured on a real GPU, per step
// and end to end: request TTFT/TPOT/E2E are recomputed by re-timing the same schedule with the
// measured durations. The schedule itself is kept (same batches in the same order); a replica
// that was idle before a step starts it no earlier than it originally started (the arrival that
// woke it), otherwise right after its previous step.
#pragma once

#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/percentile.h"
#include "sim/replay/batch_dump.h"

namespace gpuplan {

enum class StepClass { kDecode = 0, kMixed = 1, kPrefill = 2 };
constexpr size_t kNumStepClasses = 3;
std::string_view StepClassName(StepClass c);
StepClass ClassifyStep(const DumpedStep& step);

// Relative error (predicted - measured) / measured over a set of steps.
struct StepErrorStats {
  int64_t count = 0;
  double median_abs = 0;  // median of |error|
  double p90_abs = 0;
  double p99_abs = 0;
  double mean_signed = 0;  // bias: > 0 means gpuplan predicts too slow
};

// One request-level metric recomputed from predicted vs measured step times.
struct MetricComparison {
  std::string name;                   // "ttft_ms", "tpot_ms", "e2e_ms"
  std::array<double, 3> predicted{};  // p50, p95, p99 (ms)
  std::array<double, 3> measured{};
  double RelativeDiffP95() const {
    return measured[1] > 0 ? (predicted[1] - measured[1]) / measured[1] : 0;
  }
};

struct ReplayReport {
  StepErrorStats all;
  std::array<StepErrorStats, kNumStepClasses> by_class;
  int64_t steps_in_dump = 0;
  int64_t steps_missing = 0;  // steps with no measurement (excluded from the comparison)
  std::vector<MetricComparison> metrics;
};

using MeasuredSteps = std::map<std::pair<int32_t, int64_t>, double>;

// Throws gpuplan::Error when no step could be compared.
ReplayReport CompareReplay(const BatchDump& dump, const MeasuredSteps& measured);

// The end time of every step when each takes duration_us(step) (see the header comment).
std::vector<SimTime> RetimeSteps(const BatchDump& dump, const std::vector<double>& duration_us);

// Per finished request: {ttft_ms, tpot_ms, e2e_ms} computed from the given step end times.
struct RequestLatencies {
  std::vector<double> ttft_ms;
  std::vector<double> tpot_ms;
  std::vector<double> e2e_ms;
};
RequestLatencies ComputeRequestLatencies(const BatchDump& dump, const std::vector<SimTime>& ends);

// A Markdown report with the step-error table and the request-metric table.
std::string FormatReplayReport(const ReplayReport& report);

}  // namespace gpuplan
