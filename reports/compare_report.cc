#include "reports/compare_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reports/charts/line_chart.h"
#include "reports/report_text.h"

namespace gpuplan::report {
namespace {

// A log axis pays off only when the data spread over more than this ratio (as run_charts.cc).
constexpr double kLogAxisRatio = 20;

// A statistic's value as printed: latencies like every report prints them, counts and rates with
// three decimals at most.
std::string Value(const std::string& statistic, double value, Lang lang) {
  if (statistic.ends_with("_ms")) return FormatMsNumber(value, lang);
  return FormatNumber(value, std::fabs(value) >= 100 ? 0 : 3, lang);
}

void AddStatistics(Document& doc, const CompareReportData& d, Lang lang) {
  Section& s = doc.AddSection("statistics", Str(lang, Msg::kSecCompareStatistics));
  DataTable table;
  table.header = {Str(lang, Msg::kColStatistic), Str(lang, Msg::kColMeasured),
                  Str(lang, Msg::kColSimulated), Str(lang, Msg::kColError)};
  table.align = {Align::kLeft, Align::kRight, Align::kRight, Align::kRight};
  for (const CompareReportData::Row& row : d.rows) {
    table.rows.push_back(
        {row.statistic, Value(row.statistic, row.measured, lang),
         Value(row.statistic, row.simulated, lang),
         fmt::format("{}{}", row.error >= 0 ? "+" : "", FormatPercent(row.error, 1, lang))});
  }
  s.AddTable(std::move(table));
}

// Measured and simulated CDFs of one latency on one chart, on the axis `axis` (in ms, or in s
// when `to_seconds`), logarithmic when the values spread widely (as the run report's CDFs).
std::string CdfOverlay(Lang lang, Msg title, Msg axis, bool to_seconds,
                       const std::vector<double>& measured_ms,
                       const std::vector<double>& simulated_ms) {
  const double scale = to_seconds ? 1e-3 : 1;
  double lo = INFINITY, hi = 0;
  auto scaled = [&](const std::vector<double>& ms) {
    std::vector<double> out;
    for (double v : ms) {
      if (!std::isfinite(v) || v <= 0) continue;
      out.push_back(v * scale);
      lo = std::min(lo, v * scale);
      hi = std::max(hi, v * scale);
    }
    return out;
  };
  LineChart chart;
  chart.frame = {.title = Str(lang, title), .lang = lang};
  chart.y = {.title = Str(lang, Msg::kAxisShareOfRequestsPct), .min = 0, .max = 100};
  chart.series.push_back(CdfSeries(Str(lang, Msg::kLegendMeasuredRequests), scaled(measured_ms)));
  chart.series.push_back(CdfSeries(Str(lang, Msg::kLegendSimulatedRequests), scaled(simulated_ms)));
  chart.x = {.title = Str(lang, axis)};
  if (hi > 0 && hi / lo > kLogAxisRatio) chart.x.scale = AxisScale::kLog;
  return RenderSvg(chart);
}

void AddDistributions(Document& doc, const CompareReportData& d, Lang lang) {
  Section& s = doc.AddSection("distributions", Str(lang, Msg::kSecCompareDistributions));
  if (d.measured_ttft_ms.empty()) {
    s.AddCallout(Verdict::kNote, Str(lang, Msg::kNoteNoRequestLists));
    return;
  }
  s.AddFigure("compare-ttft-cdf",
              CdfOverlay(lang, Msg::kChartTtftCdf, Msg::kAxisTtftMs, false, d.measured_ttft_ms,
                         d.simulated_ttft_ms),
              Str(lang, Msg::kChartTtftCdf));
  if (!d.measured_tpot_ms.empty()) {
    s.AddFigure("compare-tpot-cdf",
                CdfOverlay(lang, Msg::kChartTpotCdf, Msg::kAxisTpotMs, false, d.measured_tpot_ms,
                           d.simulated_tpot_ms),
                Str(lang, Msg::kChartTpotCdf));
  }
  s.AddFigure("compare-e2e-cdf",
              CdfOverlay(lang, Msg::kChartE2eCdf, Msg::kAxisE2eS, true, d.measured_e2e_ms,
                         d.simulated_e2e_ms),
              Str(lang, Msg::kChartE2eCdf));
}

}  // namespace

void AddComparisonSections(Document& doc, const CompareReportData& d) {
  const Lang lang = doc.lang();
  Section& verdict = doc.AddSection("verdict", Str(lang, Msg::kSecCompareVerdict));
  std::string text = TrFormat(
      lang, Msg::kCompareVerdict, FormatPercent(d.median_abs_error, 1, lang), d.rows.size(),
      FormatPercent(d.gpu_busy, 0, lang), FormatPercent(d.kv_used_max, 0, lang));
  if (d.near_saturation)
    text = fmt::format("{}{}{}", text, lang == Lang::kEn ? " " : "",
                       Str(lang, Msg::kCompareNearSaturation));
  verdict.AddCallout(d.near_saturation ? Verdict::kWarn : Verdict::kNote, text);
  verdict.AddParagraph(Str(lang, Msg::kExplainCompare));
  AddStatistics(doc, d, lang);
  AddDistributions(doc, d, lang);
  Section& load = doc.AddSection("load", Str(lang, Msg::kSecCompareLoad));
  load.AddKeyValues({{Str(lang, Msg::kKeyMeasuredFile), d.measured_file},
                     {Str(lang, Msg::kKeyScenario), d.scenario},
                     {Str(lang, Msg::kKeyRegime), d.regime},
                     {Str(lang, Msg::kKeySimulatedWorkload), d.simulated_workload}});
  for (const std::string& a : d.assumptions) load.AddParagraph(a);
}

Document CompareDocument(const CompareReportData& d, Lang lang, const std::string& footer) {
  Document doc(lang, Str(lang, Msg::kCompareReportTitle));
  doc.set_subtitle(TrFormat(lang, Msg::kCompareReportSubtitle, d.measured_file, d.scenario));
  doc.set_footer(footer);
  AddComparisonSections(doc, d);
  doc.Validate();
  return doc;
}

}  // namespace gpuplan::report
