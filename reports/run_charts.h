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
