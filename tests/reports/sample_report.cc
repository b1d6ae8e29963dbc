#include "tests/reports/sample_report.h"

#include <cmath>
#include <string>
#include <vector>

namespace gpuplan::report::testing {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Quantiles of a log-logistic distribution (median `median`, shape `spread`): synthetic latency
// samples with a realistic right tail, from a closed form instead of a random generator.
std::vector<double> LatencySamples(double median, double spread, int n) {
  std::vector<double> samples;
  for (int i = 0; i < n; ++i) {
    double p = (i + 0.5) / n;
    samples.push_back(median * std::exp(spread * std::log(p / (1 - p))));
  }
  return samples;
}

// Offered load over a day (requests/s): a night trough, a morning ramp and an evening peak.
double LoadAt(double hour) {
  double day = 0.5 - 0.5 * std::cos(2 * kPi * (hour - 3) / 24);
  double evening = std::exp(-std::pow((hour - 20) / 2.2, 2));
  return 6 + 34 * day + 14 * evening;
}

// p95 TTFT (ms) of a fleet with `capacity` requests/s at `load`: flat, then a queueing knee.
double P95At(double load, double capacity, double base_ms) {
  double rho = std::min(load / capacity, 0.985);
  return base_ms * (1 + 0.35 * rho * rho / (1 - rho));
}

// Tr() as a std::string, for building labels with +.
std::string Str(Lang lang, Msg id) { return std::string(Tr(lang, id)); }

std::string SloLabel(Lang lang) {
  return Str(lang, Msg::kLegendSloThreshold) + " " + FormatWithUnit(500, 0, Msg::kUnitMs, lang);
}

// A latency CDF of the two strategies with an SLO line at `slo`.
LineChart CdfChart(Lang lang, Msg title, Msg axis, double median_auto, double median_fixed,
                   double spread, double slo) {
  LineChart chart;
  chart.frame = {.title = Str(lang, title), .lang = lang};
  chart.x = {.title = Str(lang, axis), .scale = AxisScale::kLog};
  chart.y = {.title = Str(lang, Msg::kAxisShareOfRequestsPct), .min = 0, .max = 100};
  chart.series.push_back(
      CdfSeries(Str(lang, Msg::kLegendAutoscaling), LatencySamples(median_auto, spread, 4000)));
  chart.series.push_back(CdfSeries(Str(lang, Msg::kLegendFixedFleet),
                                   LatencySamples(median_fixed, spread * 0.8, 4000)));
  chart.ref_lines.push_back({.orientation = RefOrientation::kVertical,
                             .value = slo,
                             .label = Str(lang, Msg::kLegendSloThreshold),
                             .label_at = RefLabelAt::kStart});
  chart.ref_lines.push_back({.value = 95, .label = "p95"});
  return chart;
}

}  // namespace

LineChart SampleCdfChart(Lang lang) {
  return CdfChart(lang, Msg::kChartTtftCdf, Msg::kAxisTtftMs, 180, 120, 0.35, 500);
}

LineChart SampleLoadSweepChart(Lang lang) {
  LineChart chart;
  chart.frame = {.title = Str(lang, Msg::kChartP95VsLoad), .lang = lang};
  chart.x = {.title = Str(lang, Msg::kAxisOfferedLoad)};
  chart.y = {.title = Str(lang, Msg::kAxisP95TtftMs), .max = 1500};
  const struct {
    const char* name;
    double capacity;
    double base;
  } fleets[] = {{"6x H100 TP4", 64, 150}, {"10x L40S TP2", 52, 210}, {"4x H200 TP4", 58, 140}};
  for (const auto& fleet : fleets) {
    Series series{.name = fleet.name, .markers = true};
    for (double load = 5; load <= 62; load += 4) {
      series.points.push_back({load, P95At(load, fleet.capacity, fleet.base)});
    }
    chart.series.push_back(std::move(series));
  }
  chart.ref_lines.push_back({.value = 500, .label = SloLabel(lang)});
  chart.highlight = Highlight{{53, P95At(53, 64, 150)},
                              TrFormat(lang, Msg::kLabelValue, Str(lang, Msg::kLegendKnee),
                                       FormatWithUnit(53, 0, Msg::kUnitRequestsPerS, lang))};
  chart.highlight_legend = Str(lang, Msg::kLegendKnee);
  return chart;
}

ScatterChart SampleParetoChart(Lang lang) {
  ScatterChart chart;
  chart.frame = {.title = Str(lang, Msg::kChartCostVsP95), .lang = lang};
  chart.x = {.title = Str(lang, Msg::kAxisP95TtftMs)};
  chart.y = {.title = Str(lang, Msg::kAxisMonthlyCostUsd)};
  chart.groups = {
      {"H100 SXM",
       {{210, 98000, "8x TP4"},
        {260, 74000, "6x TP4"},
        {420, 61000, "5x TP4"},
        {900, 49000, "4x TP4"},
        {240, 88000, "12x TP2"}}},
      {"H200", {{190, 104000, "5x TP4"}, {300, 83000, "4x TP4"}, {700, 66000, "3x TP4"}}},
      {"L40S", {{380, 58000, "14x TP2"}, {520, 47000, "10x TP2"}, {1100, 39000, "8x TP2"}}},
  };
  chart.frontier = {.name = Str(lang, Msg::kLegendParetoFrontier),
                    .points = {{190, 104000},
                               {210, 98000},
                               {240, 88000},
                               {260, 74000},
                               {380, 58000},
                               {520, 47000},
                               {1100, 39000}},
                    .shape = LineShape::kStep};
  chart.chosen = Highlight{
      {380, 58000}, TrFormat(lang, Msg::kLabelValue, Str(lang, Msg::kRecommended), "L40S 14x TP2")};
  chart.chosen_legend = Str(lang, Msg::kLegendChosen);
  chart.ref_lines.push_back({.orientation = RefOrientation::kVertical,
                             .value = 500,
                             .label = Str(lang, Msg::kLegendSloThreshold)});
  return chart;
}

TimeSeriesChart SampleDayChart(Lang lang) {
  TimeSeriesChart chart;
  chart.frame = {.title = Str(lang, Msg::kChartDayOfTraffic), .height = 560, .lang = lang};
  chart.x = {.title = Str(lang, Msg::kAxisTimeOfDayH), .min = 0, .max = 24, .tick_step = 3};
  TimePanel load{.y = {.title = Str(lang, Msg::kAxisOfferedLoad)},
                 .y_right = {.title = Str(lang, Msg::kAxisReplicas), .decimals = 0},
                 .weight = 1.2};
  TimePanel attainment{.y = {.title = Str(lang, Msg::kAxisAttainmentPct), .min = 80, .max = 100}};
  Series offered{.name = Str(lang, Msg::kLegendOfferedLoad)};
  Series auto_replicas{.name = Str(lang, Msg::kLegendAutoscaling), .shape = LineShape::kStep};
  Series fixed_replicas{.name = Str(lang, Msg::kLegendFixedFleet), .shape = LineShape::kStep};
  Series auto_attain{.name = Str(lang, Msg::kLegendAutoscaling)};
  Series fixed_attain{.name = Str(lang, Msg::kLegendFixedFleet)};
  for (int step = 0; step <= 96; ++step) {
    double hour = step / 4.0;
    double demand = LoadAt(hour);
    // The autoscaler follows the load with a 30-minute lag and a floor of 2 replicas.
    double lagged = LoadAt(std::max(0.0, hour - 0.5));
    double replicas = std::max(2.0, std::ceil(lagged / 8.0));
    offered.points.push_back({hour, demand});
    auto_replicas.points.push_back({hour, replicas});
    fixed_replicas.points.push_back({hour, 7});
    double shortfall = std::max(0.0, demand - replicas * 8.2);
    auto_attain.points.push_back({hour, std::max(80.0, 99.6 - 4.5 * shortfall)});
    fixed_attain.points.push_back({hour, 99.7 - 0.3 * std::max(0.0, demand - 55)});
  }
  load.series.push_back(std::move(offered));
  load.right_series = {auto_replicas, fixed_replicas};
  attainment.series = {auto_attain, fixed_attain};
  attainment.ref_lines.push_back({.value = 99, .label = Str(lang, Msg::kLegendAttainmentTarget)});
  chart.panels = {load, attainment};
  return chart;
}

TimeSeriesChart SampleKvQueueChart(Lang lang) {
  TimeSeriesChart chart;
  chart.frame = {.title = Str(lang, Msg::kChartKvQueue), .height = 500, .lang = lang};
  chart.x = {.title = Str(lang, Msg::kAxisTimeMin), .min = 0, .max = 60};
  TimePanel kv{.y = {.title = Str(lang, Msg::kAxisKvUsePct), .min = 0, .max = 100}};
  TimePanel queue{.y = {.title = Str(lang, Msg::kAxisQueueLength)}};
  Series use{.name = Str(lang, Msg::kLegendKvUse)};
  Series waiting{.name = Str(lang, Msg::kLegendQueueLength), .shape = LineShape::kStep, .style = 1};
  for (int i = 0; i <= 240; ++i) {
    double minute = i / 4.0;
    double surge = std::exp(-std::pow((minute - 38) / 6.0, 2));
    double fill = 55 + 18 * std::sin(minute / 5.0) + 40 * surge;
    use.points.push_back({minute, std::min(97.0, fill)});
    waiting.points.push_back({minute, std::floor(std::max(0.0, fill - 92) * 4.5)});
  }
  kv.series.push_back(std::move(use));
  kv.ref_lines.push_back({.value = 90, .label = Str(lang, Msg::kLegendKvWatermark)});
  queue.series.push_back(std::move(waiting));
  chart.panels = {kv, queue};
  return chart;
}

StackedBarChart SampleStepBreakdownChart(Lang lang) {
  StackedBarChart chart;
  chart.frame = {.title = Str(lang, Msg::kChartStepBreakdown), .lang = lang};
  chart.categories = {
      TrFormat(lang, Msg::kShapePrefill, "2,048"), TrFormat(lang, Msg::kShapePrefill, "8,192"),
      TrFormat(lang, Msg::kShapeDecode, 16),       TrFormat(lang, Msg::kShapeDecode, 64),
      TrFormat(lang, Msg::kShapeDecode, 256),      TrFormat(lang, Msg::kShapeMixed, 512, 64)};
  chart.category_title = Str(lang, Msg::kAxisBatchShape);
  chart.value_axis = {.title = Str(lang, Msg::kAxisStepTimeMs)};
  chart.segments = {
      {Str(lang, Msg::kOpLinear), {38.0, 160.0, 9.1, 11.4, 22.0, 19.5}, {}},
      {Str(lang, Msg::kOpAttention),
       {9.5, 92.0, 1.2, 3.9, 13.8, 5.1},
       {false, true, false, false, true, true}},
      {Str(lang, Msg::kOpAllReduce),
       {4.1, 15.8, 1.4, 1.6, 2.9, 2.2},
       {true, true, true, true, true, true}},
      {Str(lang, Msg::kOpNormActivation), {2.2, 8.5, 0.5, 0.7, 1.9, 1.1}, {}},
      {Str(lang, Msg::kOpLmHeadSampling), {0.9, 0.9, 0.8, 1.0, 2.3, 1.0}, {}},
      {Str(lang, Msg::kOpOverhead),
       {1.5, 1.5, 2.1, 2.3, 2.8, 2.4},
       {true, true, true, true, true, true}},
  };
  chart.estimated_legend = Str(lang, Msg::kLegendEstimatedHatched);
  return chart;
}

namespace {

void AddSummary(Document& doc) {
  Lang lang = doc.lang();
  Section& s = doc.AddSection("summary", Str(lang, Msg::kSecSummary));
  s.AddCallout(Verdict::kPass, TrFormat(lang, Msg::kLabelValue, Str(lang, Msg::kRecommended),
                                        "14x L40S (TP2)" + Str(lang, Msg::kListSeparator) +
                                            Str(lang, Msg::kMeetsSlo)));
  s.AddKeyValues({
      {Str(lang, Msg::kKeyModel), "Llama-3.1-70B-Instruct"},
      {Str(lang, Msg::kKeyGpu), "NVIDIA L40S 48GB"},
      {Str(lang, Msg::kKeyEngine), "vLLM 0.6"},
      {Str(lang, Msg::kKeyReplicas), FormatNumber(14, 0, lang)},
      {Str(lang, Msg::kKeyTensorParallel), FormatNumber(2, 0, lang)},
      {Str(lang, Msg::kKeyTotalGpus), FormatWithUnit(28, 0, Msg::kUnitGpus, lang)},
      {Str(lang, Msg::kKeyMonthlyCost), FormatUsd(58000, 0, lang)},
      {Str(lang, Msg::kKeyCostPerMillionTokens), FormatUsd(0.8734, 2, lang)},
      {Str(lang, Msg::kKeyDailyActiveUsers), FormatWithUnit(1234567, 0, Msg::kUnitUsers, lang)},
      {Str(lang, Msg::kKeyPeakLoad), FormatWithUnit(53.4, 1, Msg::kUnitRequestsPerS, lang)},
      {Str(lang, Msg::kKeySloTtftP95), FormatWithUnit(500, 0, Msg::kUnitMs, lang)},
      {Str(lang, Msg::kKeyAttainment), FormatPercent(0.9962, 2, lang)},
      {Str(lang, Msg::kKeyConfidenceInterval),
       FormatPercent(0.9941, 2, lang) + " \u2013 " + FormatPercent(0.9978, 2, lang)},
  });
  s.AddCallout(Verdict::kWarn, TrFormat(lang, Msg::kLabelValue, Str(lang, Msg::kKeyMeasuredShare),
                                        FormatPercent(0.82, 0, lang)));
}

void AddCharts(Document& doc) {
  Lang lang = doc.lang();
  Section& latency = doc.AddSection("latency", Str(lang, Msg::kSecLatency));
  latency.AddParagraph(Str(lang, Msg::kExplainCdf));
  latency.AddFigure("ttft-cdf", RenderSvg(SampleCdfChart(lang)), Str(lang, Msg::kChartTtftCdf));
  latency.AddFigure(
      "tpot-cdf", RenderSvg(CdfChart(lang, Msg::kChartTpotCdf, Msg::kAxisTpotMs, 32, 26, 0.18, 60)),
      Str(lang, Msg::kChartTpotCdf));
  latency.AddFigure("e2e-cdf",
                    RenderSvg(CdfChart(lang, Msg::kChartE2eCdf, Msg::kAxisE2eS, 9.5, 7.8, 0.3, 20)),
                    Str(lang, Msg::kChartE2eCdf));

  doc.AddSection("load-sweep", Str(lang, Msg::kSecLoadSweep))
      .AddParagraph(Str(lang, Msg::kExplainKnee))
      .AddFigure("p95-vs-load", RenderSvg(SampleLoadSweepChart(lang)),
                 Str(lang, Msg::kChartP95VsLoad));
  doc.AddSection("cost-latency", Str(lang, Msg::kSecCostLatency))
      .AddParagraph(Str(lang, Msg::kExplainPareto))
      .AddFigure("cost-vs-p95", RenderSvg(SampleParetoChart(lang)),
                 Str(lang, Msg::kChartCostVsP95));
  doc.AddSection("day-of-traffic", Str(lang, Msg::kSecDayOfTraffic))
      .AddParagraph(Str(lang, Msg::kExplainDayOfTraffic))
      .AddFigure("day-chart", RenderSvg(SampleDayChart(lang)), Str(lang, Msg::kChartDayOfTraffic));
  doc.AddSection("kv-queue", Str(lang, Msg::kSecKvQueue))
      .AddParagraph(Str(lang, Msg::kExplainKvQueue))
      .AddFigure("kv-queue-chart", RenderSvg(SampleKvQueueChart(lang)),
                 Str(lang, Msg::kChartKvQueue));
  doc.AddSection("step-breakdown", Str(lang, Msg::kSecStepBreakdown))
      .AddParagraph(Str(lang, Msg::kExplainStepBreakdown))
      .AddFigure("step-breakdown-chart", RenderSvg(SampleStepBreakdownChart(lang)),
                 Str(lang, Msg::kChartStepBreakdown));
}

void AddCandidates(Document& doc) {
  Lang lang = doc.lang();
  auto slo_missed = [&](double p95) {
    return TrFormat(
        lang, Msg::kRejectedBecause,
        TrFormat(lang, Msg::kReasonSloMissed, FormatWithUnit(p95, 0, Msg::kUnitMs, lang),
                 FormatWithUnit(500, 0, Msg::kUnitMs, lang)));
  };
  DataTable table{.caption = Str(lang, Msg::kSecCandidates),
                  .header = {Str(lang, Msg::kColCandidate), Str(lang, Msg::kAxisP95TtftMs),
                             Str(lang, Msg::kKeyMonthlyCost), Str(lang, Msg::kColDecision)},
                  .align = {Align::kLeft, Align::kRight, Align::kRight, Align::kLeft},
                  .rows =
                      {
                          {"8x L40S TP2", FormatNumber(1100, 0, lang), FormatUsd(39000, 0, lang),
                           slo_missed(1100)},
                          {"10x L40S TP2", FormatNumber(520, 0, lang), FormatUsd(47000, 0, lang),
                           slo_missed(520)},
                          {"14x L40S TP2", FormatNumber(380, 0, lang), FormatUsd(58000, 0, lang),
                           Str(lang, Msg::kRecommended)},
                          {"6x H100 TP4", FormatNumber(260, 0, lang), FormatUsd(74000, 0, lang),
                           Str(lang, Msg::kRejected)},
                          {"4x H200 TP4 | <b>", FormatNumber(300, 0, lang),
                           FormatUsd(83000, 0, lang), Str(lang, Msg::kRejected)},
                      },
                  .highlight_row = 2};
  Section& s = doc.AddSection("candidates", Str(lang, Msg::kSecCandidates));
  s.AddTable(std::move(table));
  s.AddCallout(Verdict::kFail, "10x L40S TP2", slo_missed(520));
  s.AddCallout(Verdict::kNote, Str(lang, Msg::kReasonDoesNotFit), "2x L4 TP2");
}

}  // namespace

Document SampleReport(Lang lang) {
  Document doc(lang, Str(lang, Msg::kReportTitle));
  doc.set_subtitle(TrFormat(lang, Msg::kReportSubtitle, "Llama-3.1-70B chat"));
  doc.set_footer(TrFormat(lang, Msg::kGeneratedBy, "0.1.0"));
  AddSummary(doc);
  AddCharts(doc);
  AddCandidates(doc);
  return doc;
}

}  // namespace gpuplan::report::testing
