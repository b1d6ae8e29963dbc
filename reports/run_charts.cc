#include "reports/run_charts.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "reports/charts/nice_ticks.h"
#include "reports/report_text.h"

namespace gpuplan::report {
namespace {

// Above this many seconds a time axis counts minutes: 600 ticks of seconds read badly.
constexpr double kMinutesAbove_s = 600;
// A log axis pays off only when the data spread over more than this ratio.
constexpr double kLogAxisRatio = 20;

struct FamilyOps {
  OpFamily family;
  std::array<std::string_view, 5> ops;
};

// Which family each op of sim/latency (OpKindName) belongs to.
constexpr FamilyOps kFamilies[] = {
    {OpFamily::kLinear, {"qkv_proj", "out_proj", "mlp_up_gate", "mlp_down"}},
    {OpFamily::kAttention, {"prefill_attention", "decode_attention", "kv_cache_write"}},
    {OpFamily::kCommunication, {"all_reduce", "pipeline_send"}},
    {OpFamily::kNormActivation, {"norm", "rope", "activation", "residual_add", "embedding"}},
    {OpFamily::kLmHead, {"lm_head", "sampling"}},
    {OpFamily::kOverhead, {"cpu_overhead"}},
};

constexpr OpFamily kFamilyOrder[] = {
    OpFamily::kLinear, OpFamily::kAttention, OpFamily::kCommunication, OpFamily::kNormActivation,
    OpFamily::kLmHead, OpFamily::kOverhead,  OpFamily::kOther};

std::string SloLabel(Lang lang, double threshold, bool in_seconds) {
  std::string value = in_seconds ? FormatWithUnit(threshold / 1000, 2, Msg::kUnitS, lang)
                                 : FormatMs(threshold, lang);
  return Str(lang, Msg::kLegendSloThreshold) + " " + value;
}

}  // namespace

LineChart LatencyCdfChart(Lang lang, Msg title, Msg axis, const std::vector<double>& samples_ms,
                          bool in_seconds, const SloMetricResult& slo, double percentile) {
  const double scale = in_seconds ? 0.001 : 1;
  std::vector<double> samples;
  samples.reserve(samples_ms.size());
  for (double v : samples_ms) {
    if (std::isfinite(v) && v > 0) samples.push_back(v * scale);
  }
  LineChart chart;
  chart.frame = {.title = Str(lang, title), .lang = lang};
  chart.x = {.title = Str(lang, axis)};
  if (!samples.empty()) {
    auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
    if (*hi / *lo > kLogAxisRatio) chart.x.scale = AxisScale::kLog;
  }
  chart.y = {.title = Str(lang, Msg::kAxisShareOfRequestsPct), .min = 0, .max = 100};
  chart.series.push_back(CdfSeries(Str(lang, Msg::kLegendSimulatedRequests), std::move(samples)));
  if (slo.enabled && std::isfinite(slo.threshold_ms)) {
    chart.ref_lines.push_back({.orientation = RefOrientation::kVertical,
                               .value = slo.threshold_ms * scale,
                               .label = SloLabel(lang, slo.threshold_ms, in_seconds),
                               .label_at = RefLabelAt::kStart});
  }
  if (std::isfinite(percentile)) {
    chart.ref_lines.push_back({.value = percentile,
                               .label = PercentileName(percentile, lang),
                               .label_at = RefLabelAt::kStart});
  }
  return chart;
}

TimeSeriesChart KvQueueChart(Lang lang, const std::vector<TimeseriesPoint>& points) {
  const bool minutes = !points.empty() && points.back().t_s > kMinutesAbove_s;
  const double scale = minutes ? 1.0 / 60 : 1;
  TimeSeriesChart chart;
  chart.frame = {.title = Str(lang, Msg::kChartKvQueue), .height = 500, .lang = lang};
  chart.x = {.title = Str(lang, minutes ? Msg::kAxisTimeMin : Msg::kAxisTimeS), .min = 0};
  TimePanel kv{.y = {.title = Str(lang, Msg::kAxisKvUsePct), .min = 0, .max = 100}};
  TimePanel queue{.y = {.title = Str(lang, Msg::kAxisRequestCount), .decimals = 0}};
  Series use{.name = Str(lang, Msg::kLegendKvUse)};
  Series waiting{.name = Str(lang, Msg::kLegendQueueLength), .shape = LineShape::kStep, .style = 1};
  Series running{.name = Str(lang, Msg::kLegendRunning), .shape = LineShape::kStep, .style = 2};
  for (const TimeseriesPoint& p : points) {
    const double t = p.t_s * scale;
    use.points.push_back({t, p.kv_used_fraction * 100});
    waiting.points.push_back({t, p.waiting});
    running.points.push_back({t, p.running});
  }
  kv.series.push_back(std::move(use));
  queue.series = {std::move(waiting), std::move(running)};
  chart.panels = {std::move(kv), std::move(queue)};
  return chart;
}

OpFamily FamilyOf(std::string_view op) {
  for (const FamilyOps& f : kFamilies) {
    if (std::find(f.ops.begin(), f.ops.end(), op) != f.ops.end()) return f.family;
  }
  return OpFamily::kOther;
}

Msg FamilyName(OpFamily family) {
  switch (family) {
    case OpFamily::kLinear:
      return Msg::kOpLinear;
    case OpFamily::kAttention:
      return Msg::kOpAttention;
    case OpFamily::kCommunication:
      return Msg::kOpCommunication;
    case OpFamily::kNormActivation:
      return Msg::kOpNormActivation;
    case OpFamily::kLmHead:
      return Msg::kOpLmHeadSampling;
    case OpFamily::kOverhead:
      return Msg::kOpOverhead;
    case OpFamily::kOther:
      break;
  }
  return Msg::kOpOther;
}

StackedBarChart StepBreakdownChart(Lang lang, const SummaryDocument& summary) {
  // Per family: measured and estimated milliseconds per step.
  std::array<std::pair<double, double>, std::size(kFamilyOrder)> ms{};
  const int64_t steps = summary.steps();
  const double per_step = steps > 0 ? 1000.0 / static_cast<double>(steps) : 0;
  for (const SummaryOpTime& op : summary.ops()) {
    auto at = std::find(std::begin(kFamilyOrder), std::end(kFamilyOrder), FamilyOf(op.op));
    auto& slot = ms[static_cast<size_t>(at - std::begin(kFamilyOrder))];
    (op.measured() ? slot.first : slot.second) += op.seconds * per_step;
  }
  StackedBarChart chart;
  chart.frame = {.title = Str(lang, Msg::kChartStepBreakdown), .lang = lang};
  chart.category_title = Str(lang, Msg::kAxisOpFamily);
  chart.value_axis = {.title = Str(lang, Msg::kAxisMeanStepTimeMs)};
  chart.total_decimals = 2;
  BarSegment measured{.name = Str(lang, Msg::kLegendMeasuredKernels), .style = 0};
  BarSegment estimated{.style = 0};
  for (size_t f = 0; f < ms.size(); ++f) {
    if (ms[f].first + ms[f].second <= 0) continue;  // families this model never ran
    chart.categories.push_back(Str(lang, FamilyName(kFamilyOrder[f])));
    measured.values.push_back(ms[f].first);
    measured.estimated.push_back(false);
    estimated.values.push_back(ms[f].second);
    estimated.estimated.push_back(true);
  }
  chart.segments = {std::move(measured), std::move(estimated)};
  chart.estimated_legend = Str(lang, Msg::kLegendEstimatedHatched);
  return chart;
}

Histogram BinCounts(const std::vector<double>& values, int max_bins) {
  double top = 0;
  for (double v : values) {
    if (std::isfinite(v) && v >= 0) top = std::max(top, v);
  }
  Histogram h;
  h.width = NiceNumber(std::max(top / std::max(max_bins, 1), 1.0), false);
  // A value exactly at a multiple of the width opens the next bin, so the last bin may be
  // max_bins + 1 only when top lies on max_bins x width.
  h.counts.assign(static_cast<size_t>(std::floor(top / h.width)) + 1, 0);
  for (double v : values) {
    if (!std::isfinite(v) || v < 0) continue;
    ++h.counts[static_cast<size_t>(std::floor(v / h.width))];
  }
  return h;
}

StackedBarChart LengthHistogramChart(Lang lang, Msg title, const std::vector<double>& tokens) {
  const Histogram h = BinCounts(tokens, 12);
  StackedBarChart chart;
  chart.frame = {.title = Str(lang, title), .lang = lang};
  chart.category_title = Str(lang, Msg::kAxisTokens);
  chart.value_axis = {.title = Str(lang, Msg::kAxisRequests)};
  chart.show_totals = false;
  BarSegment requests{.name = Str(lang, Msg::kAxisRequests), .values = {}, .estimated = {}};
  for (size_t k = 0; k < h.counts.size(); ++k) {
    const double lo = static_cast<double>(k) * h.width;
    chart.categories.push_back(h.width == 1 ? FormatCount(lo, lang)
                                            : FormatCount(lo, lang) + "-" +
                                                  FormatCount(lo + h.width - 1, lang));
    requests.values.push_back(static_cast<double>(h.counts[k]));
  }
  chart.segments.push_back(std::move(requests));
  return chart;
}

}  // namespace gpuplan::report
