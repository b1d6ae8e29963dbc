#include "reports/plan_charts.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "reports/report_text.h"

namespace gpuplan::report {
namespace {

struct LoadPoint {
  double rate = 0;
  const PlanProbe* probe = nullptr;
};

// The recommended fleet's probes at every offered load the plan tried, by load.
std::vector<LoadPoint> LoadPoints(const PlanDocument& plan) {
  std::vector<LoadPoint> points;
  if (plan.recommendation) {
    points.push_back({plan.recommendation->probe.rate_per_s, &plan.recommendation->probe});
  }
  for (const PlanSensitivity& s : plan.sensitivity) points.push_back({s.rate_per_s, &s.at_fleet});
  std::erase_if(points, [](const LoadPoint& p) { return !(p.rate > 0); });
  std::stable_sort(points.begin(), points.end(),
                   [](const LoadPoint& a, const LoadPoint& b) { return a.rate < b.rate; });
  return points;
}

// "3× TP2": the replicas and parallelism of a fleet, short enough to label a point.
std::string FleetLabel(int replicas, int tp) {
  return std::to_string(replicas) + "\u00d7 TP" + std::to_string(tp);
}

// Each hour's value holds until the next hour; the last one is repeated at the end of its hour.
Series HourlySteps(std::string name, const std::vector<PlanDayWindow>& windows,
                   double (*value)(const PlanDayWindow&)) {
  Series series{.name = std::move(name), .shape = LineShape::kStep};
  for (const PlanDayWindow& w : windows)
    series.points.push_back({static_cast<double>(w.hour), value(w)});
  if (!windows.empty()) {
    series.points.push_back({windows.back().hour + 1.0, value(windows.back())});
  }
  return series;
}

// Offered load (left) and the replicas of each strategy (right).
TimePanel DayLoadPanel(Lang lang, const PlanDay& day) {
  int most = 1;
  for (const PlanDayWindow& w : day.windows) most = std::max({most, w.replicas, w.fixed_replicas});
  // One replica of headroom keeps the top step off the frame.
  TimePanel panel{.y = {.title = Str(lang, Msg::kAxisOfferedLoad)},
                  .y_right = {.title = Str(lang, Msg::kAxisReplicas),
                              .max = most + 1.0,
                              .tick_step = most > 10 ? 0.0 : 1.0,
                              .decimals = 0},
                  .weight = 1.2};
  panel.series.push_back(HourlySteps(Str(lang, Msg::kLegendOfferedLoad), day.windows,
                                     [](const PlanDayWindow& w) { return w.rate_per_s; }));
  panel.right_series = {
      HourlySteps(Str(lang, Msg::kLegendAutoscaling), day.windows,
                  [](const PlanDayWindow& w) { return static_cast<double>(w.replicas); }),
      HourlySteps(Str(lang, Msg::kLegendFixedFleet), day.windows,
                  [](const PlanDayWindow& w) { return static_cast<double>(w.fixed_replicas); })};
  return panel;
}

// SLO attainment of each strategy, hour by hour, against the percentile the SLO is judged at.
TimePanel DayAttainmentPanel(Lang lang, const PlanDay& day, double percentile) {
  double lowest = 100;
  for (const PlanDayWindow& w : day.windows) {
    lowest = std::min({lowest, w.attainment * 100, w.fixed_attainment * 100});
  }
  // Attainment lives near the top: start the axis a little under the lowest hour.
  const double floor_pct = std::min(90.0, std::floor(lowest / 5) * 5);
  TimePanel panel{.y = {.title = Str(lang, Msg::kAxisAttainmentPct), .min = floor_pct, .max = 100}};
  panel.series = {HourlySteps(Str(lang, Msg::kLegendAutoscaling), day.windows,
                              [](const PlanDayWindow& w) { return w.attainment * 100; }),
                  HourlySteps(Str(lang, Msg::kLegendFixedFleet), day.windows,
                              [](const PlanDayWindow& w) { return w.fixed_attainment * 100; })};
  panel.ref_lines.push_back(
      {.value = percentile, .label = Str(lang, Msg::kLegendAttainmentTarget)});
  return panel;
}

}  // namespace

std::optional<double> KneeRate(const PlanDocument& plan) {
  std::optional<double> knee;
  for (const LoadPoint& p : LoadPoints(plan)) {
    if (p.probe->passed) knee = p.rate;
  }
  return knee;
}

std::optional<LineChart> LoadSweepChart(Lang lang, const PlanDocument& plan, SloMetric metric) {
  const std::vector<LoadPoint> points = LoadPoints(plan);
  if (points.size() < 2 || !plan.recommendation) return std::nullopt;
  const std::string pct = PercentileName(plan.provenance.percentile, lang);
  const std::string name(SloMetricLabel(metric));
  LineChart chart;
  chart.frame = {.title = TrFormat(lang, Msg::kChartMetricVsLoad, pct, name), .lang = lang};
  chart.x = {.title = Str(lang, Msg::kAxisOfferedLoad)};
  chart.y = {.title = TrFormat(lang, Msg::kAxisMetricMs, pct, name)};
  Series mean{.name = Str(lang, Msg::kLegendMeanOverSeeds), .markers = true};
  Series upper{.name = Str(lang, Msg::kLegendCiUpper), .markers = true};
  for (const LoadPoint& p : points) {
    const PlanProbeMetric& m = p.probe->metrics[metric];
    if (std::isfinite(m.ci.mean)) mean.points.push_back({p.rate, m.ci.mean});
    if (std::isfinite(m.ci.upper)) upper.points.push_back({p.rate, m.ci.upper});
  }
  chart.series = {std::move(mean), std::move(upper)};
  const PlanProbeMetric& at_peak = plan.recommendation->probe.metrics[metric];
  if (at_peak.enabled && std::isfinite(at_peak.threshold_ms)) {
    chart.ref_lines.push_back(
        {.value = at_peak.threshold_ms,
         .label = Str(lang, Msg::kLegendSloThreshold) + " " + FormatMs(at_peak.threshold_ms, lang),
         // The probes sit at the right, near the peak: label on the left.
         .label_at = RefLabelAt::kStart});
  }
  if (std::optional<double> knee = KneeRate(plan)) {
    for (const LoadPoint& p : points) {
      if (p.rate != *knee || !std::isfinite(p.probe->metrics[metric].ci.upper)) continue;
      chart.highlight =
          Highlight{{p.rate, p.probe->metrics[metric].ci.upper},
                    LabelValue(lang, Str(lang, Msg::kLegendKnee), FormatRate(p.rate, lang))};
      chart.highlight_legend = Str(lang, Msg::kLegendKneeLong);
    }
  }
  return chart;
}

std::optional<ScatterChart> ParetoChart(Lang lang, const PlanDocument& plan) {
  if (plan.pareto.empty()) return std::nullopt;
  const std::string pct = PercentileName(plan.provenance.percentile, lang);
  ScatterChart chart;
  chart.frame = {.title = TrFormat(lang, Msg::kChartCostVsE2e, pct), .lang = lang};
  chart.x = {.title = TrFormat(lang, Msg::kAxisMetricS, pct, "E2E")};
  chart.y = {.title = Str(lang, Msg::kAxisMonthlyCostUsd)};
  std::map<std::string, size_t> group_of;  // GPU type -> group, in order of first appearance
  chart.frontier = {.name = Str(lang, Msg::kLegendParetoFrontier), .shape = LineShape::kStep};
  for (const PlanParetoPoint& p : plan.pareto) {
    const PlanCandidate* c = FindPlanCandidate(plan, p.candidate);
    const std::string gpu = c != nullptr ? c->gpu : p.label;
    auto [it, added] = group_of.emplace(gpu, chart.groups.size());
    if (added) chart.groups.push_back({.name = gpu});
    const double x = p.latency_ms[SloMetric::kE2e] / 1000;
    chart.groups[it->second].points.push_back(
        {x, p.usd_per_month, FleetLabel(p.replicas, c != nullptr ? c->tensor_parallel : 1)});
    if (p.frontier) chart.frontier.points.push_back({x, p.usd_per_month});
  }
  std::sort(chart.frontier.points.begin(), chart.frontier.points.end(),
            [](const Point& a, const Point& b) { return a.x < b.x; });
  if (const auto& rec = plan.recommendation) {
    for (const PlanParetoPoint& p : plan.pareto) {
      if (p.candidate != rec->candidate || p.replicas != rec->replicas) continue;
      chart.chosen = Highlight{{p.latency_ms[SloMetric::kE2e] / 1000, p.usd_per_month},
                               LabelValue(lang, Str(lang, Msg::kRecommended), rec->label)};
      chart.chosen_legend = Str(lang, Msg::kLegendChosen);
    }
  }
  if (plan.slo && plan.slo->thresholds[SloMetric::kE2e]) {
    chart.ref_lines.push_back({.orientation = RefOrientation::kVertical,
                               .value = *plan.slo->thresholds[SloMetric::kE2e] / 1000,
                               .label = Str(lang, Msg::kLegendSloThreshold)});
  }
  return chart;
}

TimeSeriesChart DayChart(Lang lang, const PlanDay& day, double percentile) {
  TimeSeriesChart chart;
  chart.frame = {.title = Str(lang, Msg::kChartDayOfTraffic), .height = 560, .lang = lang};
  chart.x = {.title = Str(lang, Msg::kAxisTimeOfDayH), .min = 0, .max = 24, .tick_step = 3};
  chart.panels = {DayLoadPanel(lang, day), DayAttainmentPanel(lang, day, percentile)};
  return chart;
}

StackedBarChart MemoryChart(Lang lang, const std::vector<PlanCandidate>& candidates) {
  StackedBarChart chart;
  chart.frame = {.title = Str(lang, Msg::kChartMemoryBudget), .lang = lang};
  chart.category_title = Str(lang, Msg::kColCandidate);
  chart.value_axis = {.title = Str(lang, Msg::kAxisMemoryPerGpuGib)};
  BarSegment weights{.name = Str(lang, Msg::kLegendWeights)};
  BarSegment reserve{.name = Str(lang, Msg::kLegendActivationReserve)};
  BarSegment kv{.name = Str(lang, Msg::kLegendKvCache)};
  BarSegment outside{.name = Str(lang, Msg::kLegendOutsideEngine)};
  for (const PlanCandidate& c : candidates) {
    if (!c.memory) continue;  // rejected by a rule before its memory was planned
    const PlanCandidateMemory& m = *c.memory;
    chart.categories.push_back(c.label);
    weights.values.push_back(m.weight_gib);
    reserve.values.push_back(m.activation_reserve_gib);
    kv.values.push_back(std::max(0.0, m.kv_budget_gib));
    outside.values.push_back(std::max(0.0, m.gpu_memory_gib - m.usable_gib));
  }
  chart.segments = {std::move(weights), std::move(reserve), std::move(kv), std::move(outside)};
  return chart;
}

}  // namespace gpuplan::report
