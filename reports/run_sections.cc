#include "reports/run_sections.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reports/report_text.h"
#include "reports/run_charts.h"
#include "sim/core/percentile.h"

namespace gpuplan::report {
namespace {

std::string Label(SloMetric metric) { return std::string(SloMetricLabel(metric)); }

std::vector<std::string> LatencyCells(std::string name, const LatencyStats& row, Lang lang) {
  return {std::move(name),
          FormatMsNumber(row.mean, lang),
          FormatMsNumber(row.p50, lang),
          FormatMsNumber(row.p90, lang),
          FormatMsNumber(row.p95, lang),
          FormatMsNumber(row.p99, lang),
          FormatMsNumber(row.max, lang)};
}

std::vector<std::string> SloCells(std::string name, const SloMetricResult& slo, Lang lang) {
  if (!slo.enabled) return {std::move(name), "\u2014", "\u2014", "\u2014", Str(lang, Msg::kNotSet)};
  return {std::move(name), FormatMs(slo.threshold_ms, lang), FormatMs(slo.value_ms, lang),
          FormatPercent(slo.attainment, 1, lang),
          Str(lang, slo.met ? Msg::kVerdictPass : Msg::kVerdictFail)};
}

// One row per SLO metric, in kSloMetrics order.
std::vector<std::vector<std::string>> SloRows(const SummaryDocument& s, Lang lang) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(kSloMetrics.size());
  for (SloMetric m : kSloMetrics) rows.push_back(SloCells(Label(m), s.slo.metrics[m], lang));
  return rows;
}

// The note that stands in for a chart whose input file is missing.
void AddMissingNote(Section& section, Lang lang, std::string_view file) {
  section.AddCallout(Verdict::kNote, TrFormat(lang, Msg::kNoteMissingFile, file));
}

Section& OpenSection(Document& doc, std::string id, Msg title, std::string_view context) {
  Section& section = doc.AddSection(std::move(id), Str(doc.lang(), title));
  if (!context.empty()) section.AddParagraph(std::string(context));
  return section;
}

}  // namespace

void AddLatencyTables(Section& section, const SummaryDocument& s, Lang lang) {
  const std::string ms = Str(lang, Msg::kUnitMs);
  section.AddTable({.caption = TrFormat(lang, Msg::kTableLatency, ms),
                    .header = {Str(lang, Msg::kColMetric), Str(lang, Msg::kColMean), "p50", "p90",
                               "p95", "p99", Str(lang, Msg::kColMax)},
                    .align = {Align::kLeft, Align::kRight, Align::kRight, Align::kRight,
                              Align::kRight, Align::kRight, Align::kRight},
                    .rows = {LatencyCells(Label(SloMetric::kTtft), s.ttft_ms, lang),
                             LatencyCells(Label(SloMetric::kTpot), s.tpot_ms, lang),
                             LatencyCells("ITL", s.itl_ms, lang),
                             LatencyCells(Label(SloMetric::kE2e), s.e2e_ms, lang),
                             LatencyCells(Str(lang, Msg::kQueueDelay), s.queue_delay_ms, lang)}});
  if (!s.slo.any_enabled()) return;
  const std::string pct = PercentileName(s.slo.percentile, lang);
  section.AddTable({.caption = TrFormat(lang, Msg::kTableSloVerdicts, pct),
                    .header = {Str(lang, Msg::kColMetric), Str(lang, Msg::kColThreshold),
                               TrFormat(lang, Msg::kColValueAt, pct),
                               Str(lang, Msg::kKeyAttainment), Str(lang, Msg::kColVerdict)},
                    .align = {Align::kLeft, Align::kRight, Align::kRight, Align::kRight},
                    .rows = SloRows(s, lang)});
}

void AddLatencySection(Document& doc, const RunData& run, std::string_view context) {
  const Lang lang = doc.lang();
  Section& section = OpenSection(doc, "latency", Msg::kSecLatency, context);
  if (!run.has_requests) return AddMissingNote(section, lang, "requests.csv");
  const SloResult& slo = run.summary.slo;
  section.AddParagraph(
      TrFormat(lang, Msg::kExplainRunCdf,
               FormatCount(static_cast<double>(run.requests.ttft_ms.size()), lang)));
  section.AddFigure(
      "ttft-cdf",
      RenderSvg(LatencyCdfChart(lang, Msg::kChartTtftCdf, Msg::kAxisTtftMs, run.requests.ttft_ms,
                                false, slo.metrics[SloMetric::kTtft], slo.percentile)),
      Str(lang, Msg::kChartTtftCdf));
  section.AddFigure(
      "tpot-cdf",
      RenderSvg(LatencyCdfChart(lang, Msg::kChartTpotCdf, Msg::kAxisTpotMs, run.requests.tpot_ms,
                                false, slo.metrics[SloMetric::kTpot], slo.percentile)),
      Str(lang, Msg::kChartTpotCdf));
  section.AddFigure(
      "e2e-cdf",
      RenderSvg(LatencyCdfChart(lang, Msg::kChartE2eCdf, Msg::kAxisE2eS, run.requests.e2e_ms, true,
                                slo.metrics[SloMetric::kE2e], slo.percentile)),
      Str(lang, Msg::kChartE2eCdf));
}

void AddLengthsSection(Document& doc, const RunData& run, std::string_view context) {
  const Lang lang = doc.lang();
  Section& section = OpenSection(doc, "lengths", Msg::kSecLengths, context);
  if (!run.has_requests) return AddMissingNote(section, lang, "requests.csv");
  const std::vector<double>& prompt = run.requests.prompt_tokens;
  const std::vector<double>& output = run.requests.output_tokens;
  if (prompt.empty() || output.empty()) return;
  auto mean = [](const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return sum / static_cast<double>(v.size());
  };
  auto stats = [&](const std::vector<double>& v) {
    return TrFormat(lang, Msg::kLengthStats, FormatNumber(mean(v), 0, lang),
                    FormatNumber(Percentile(v, 50), 0, lang),
                    FormatNumber(Percentile(v, 99), 0, lang));
  };
  section.AddParagraph(TrFormat(lang, Msg::kExplainLengths,
                                FormatCount(static_cast<double>(prompt.size()), lang),
                                stats(prompt), stats(output)));
  section.AddFigure("prompt-lengths",
                    RenderSvg(LengthHistogramChart(lang, Msg::kChartPromptLengths, prompt)),
                    Str(lang, Msg::kChartPromptLengths));
  section.AddFigure("output-lengths",
                    RenderSvg(LengthHistogramChart(lang, Msg::kChartOutputLengths, output)),
                    Str(lang, Msg::kChartOutputLengths));
}

void AddKvQueueSection(Document& doc, const RunData& run, std::string_view context) {
  const Lang lang = doc.lang();
  Section& section = OpenSection(doc, "kv-queue", Msg::kSecKvQueue, context);
  if (!run.has_timeseries) return AddMissingNote(section, lang, "timeseries.csv");
  const SummaryDocument& s = run.summary;
  const UtilizationStats& u = s.utilization;
  section.AddParagraph(Str(lang, Msg::kExplainKvQueue));
  section.AddKeyValues({
      {Str(lang, Msg::kKeyKvUseMeanMax), FormatPercent(u.kv_used_fraction_mean, 1, lang) + " / " +
                                             FormatPercent(u.kv_used_fraction_max, 1, lang)},
      {Str(lang, Msg::kKeyBatchSizeMean), FormatNumber(u.batch_size_mean, 1, lang)},
      {Str(lang, Msg::kKeyPreemptions),
       FormatCount(static_cast<double>(s.preemptions.total), lang)},
  });
  section.AddFigure("kv-queue-chart", RenderSvg(KvQueueChart(lang, run.timeseries)),
                    Str(lang, Msg::kChartKvQueue));
}

void AddStepBreakdownSection(Document& doc, const RunData& run, std::string_view context) {
  const Lang lang = doc.lang();
  const SummaryDocument& s = run.summary;
  const std::vector<SummaryOpTime> ops = s.ops();
  const int64_t steps = s.steps();
  const double measured_share = s.measured_time_share();
  Section& section = OpenSection(doc, "step-breakdown", Msg::kSecStepBreakdown, context);
  if (ops.empty() || steps <= 0) {
    section.AddCallout(Verdict::kNote, Str(lang, Msg::kNoteNoOpBreakdown));
    return;
  }
  section.AddParagraph(Str(lang, Msg::kExplainStepBreakdown));
  section.AddCallout(
      measured_share > 0 ? Verdict::kNote : Verdict::kWarn,
      LabelValue(lang, Str(lang, Msg::kKeyMeasuredShare), FormatPercent(measured_share, 1, lang)),
      measured_share > 0 ? "" : Str(lang, Msg::kWarnAllEstimated));
  section.AddFigure("step-breakdown-chart", RenderSvg(StepBreakdownChart(lang, s)),
                    Str(lang, Msg::kChartStepBreakdown));
  double total = 0;
  for (const SummaryOpTime& op : ops) total += op.seconds;
  DataTable table{.caption = Str(lang, Msg::kTableOps),
                  .header = {Str(lang, Msg::kColOperation), Str(lang, Msg::kColFamily),
                             Str(lang, Msg::kColMsPerStep), Str(lang, Msg::kColShare),
                             Str(lang, Msg::kColSource)},
                  .align = {Align::kLeft, Align::kLeft, Align::kRight, Align::kRight}};
  // Largest first: the table answers "which kernels dominate".
  std::vector<SummaryOpTime> largest_first = ops;
  std::stable_sort(
      largest_first.begin(), largest_first.end(),
      [](const SummaryOpTime& a, const SummaryOpTime& b) { return a.seconds > b.seconds; });
  for (const SummaryOpTime& op : largest_first) {
    table.rows.push_back({op.op, Str(lang, FamilyName(FamilyOf(op.op))),
                          FormatNumber(op.seconds * 1000 / static_cast<double>(steps), 3, lang),
                          FormatPercent(total > 0 ? op.seconds / total : NAN, 1, lang),
                          Str(lang, op.measured() ? Msg::kSourceMeasured : Msg::kSourceEstimated) +
                              " (" + op.source + ")"});
  }
  section.AddTable(std::move(table));
}

}  // namespace gpuplan::report
