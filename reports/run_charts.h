// The charts of one simulated run: latency CDFs from requests.csv, KV-cache use and queue length
// over time from timeseries.csv, and where step time went, per operation family, measured versus
// estimated (from summary.json's op_seconds / op_source). Shared by the run report and by the
// plan report for its simulated run of the recommended fleet.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reports/charts/svg_chart.h"
#include "reports/run_data.h"

namespace gpuplan::report {

// The empirical CDF of `samples_ms` (shown in seconds when `in_seconds`), with the SLO threshold
// as a vertical line when `slo.enabled` and a horizontal line at the SLO percentile.
LineChart LatencyCdfChart(Lang lang, Msg title, Msg axis, const std::vector<double>& samples_ms,
                          bool in_seconds, const SloMetricResult& slo, double percentile);

// KV-cache use (%) above, requests waiting and running below, on a shared time axis (seconds, or
// minutes for runs longer than ten minutes).
TimeSeriesChart KvQueueChart(Lang lang, const std::vector<TimeseriesPoint>& points);

// Equal-width bins from 0 for a histogram of non-negative counts (token lengths): the width is the
// smallest 1, 2 or 5 x 10^k giving at most `max_bins` bins; bin k holds [k x width, (k + 1) x
// width). Negative and non-finite values are left out.
struct Histogram {
  double width = 1;
  std::vector<int64_t> counts;
};
Histogram BinCounts(const std::vector<double>& values, int max_bins);

// A histogram of token lengths (prompts or outputs), one bar per bin of BinCounts(tokens, 12).
StackedBarChart LengthHistogramChart(Lang lang, Msg title, const std::vector<double>& tokens);

// The op families a report groups operations into (a stacked bar per family).
enum class OpFamily {
  kLinear,
  kAttention,
  kCommunication,
  kNormActivation,
  kLmHead,
  kOverhead,
  kOther
};
OpFamily FamilyOf(std::string_view op);
Msg FamilyName(OpFamily family);

// Mean time per step (ms) of each op family, split into measured and estimated segments.
StackedBarChart StepBreakdownChart(Lang lang, const SummaryDocument& summary);

}  // namespace gpuplan::report
