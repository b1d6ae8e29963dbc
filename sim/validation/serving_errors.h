// Errors of a validation: every statistic a simulated row shares with its measurement, as a
// signed relative error (predicted - measured) / measured, and the six headline figures the
// summaries use (throughput, TPOT, mean and tail TTFT, mean and tail E2E), each the first
// statistic of its kind that the row has.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "sim/validation/serving_run.h"

namespace gpuplan {

struct MetricError {
  ServingMetric metric = ServingMetric::kTtftMean;
  double measured = 0;
  double predicted = 0;
  double signed_error = 0;  // (predicted - measured) / measured
};

enum class Headline : uint8_t { kThroughput, kTpot, kTtftMean, kTtftTail, kE2elMean, kE2elTail };
inline constexpr size_t kNumHeadlines = 6;
std::string_view HeadlineName(Headline h);  // "Throughput", "TPOT", "TTFT mean", ...

struct RowErrors {
  const RowOutcome* outcome = nullptr;
  std::vector<MetricError> errors;  // every compared statistic, in ServingMetric order
  std::array<std::optional<MetricError>, kNumHeadlines> headline;
  // The headline with the largest |error| (nullopt when none).
  std::optional<MetricError> Worst() const;
};

// The statistics a row's source defines the way gpuplan computes them. inference-perf's ITL is
// per streamed chunk of several tokens (serving.csv README), so the infsim sets' ITL is not.
bool Comparable(const ServingRow& row, ServingMetric metric);

// One RowErrors per simulated outcome, in order.
std::vector<RowErrors> CompareRows(const std::vector<RowOutcome>& outcomes);

// Median, p90 and bias of a list of signed errors (median and p90 of |error|; bias: median of the
// signed errors). n == 0 means no data.
struct ErrorStats {
  size_t n = 0;
  double median = 0;
  double p90 = 0;
  double bias = 0;
};
ErrorStats StatsOf(const std::vector<double>& signed_errors);

}  // namespace gpuplan
