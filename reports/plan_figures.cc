// The chart sections of the plan report. Charts from plan.json always appear (or a note says why
// not); the per-request charts need the simulated run of the recommended fleet.
#include <cmath>

#include "reports/plan_charts.h"
#include "reports/plan_sections.h"
#include "reports/plan_text.h"
#include "reports/report_text.h"
#include "reports/run_sections.h"

namespace gpuplan::report::detail {
namespace {

// A section that needs the recommended run and does not have it.
void AddRunMissing(Document& doc, std::string id, Msg title) {
  const Lang lang = doc.lang();
  doc.AddSection(std::move(id), Str(lang, title))
      .AddCallout(Verdict::kNote, Str(lang, Msg::kNoteNoRecommendedRun));
}

DataTable SensitivityTable(const PlanDocument& plan, Lang lang) {
  const std::string pct = PercentileName(plan.provenance.percentile, lang);
  DataTable table{
      .caption = Str(lang, Msg::kTableSensitivity),
      .header = {Str(lang, Msg::kColTrafficMultiplier), Str(lang, Msg::kAxisOfferedLoad),
                 Str(lang, Msg::kColFleetHolds), pct + " TTFT", pct + " TPOT",
                 Str(lang, Msg::kColReplicasNeeded), Str(lang, Msg::kKeyMonthlyCost)},
      .align = {Align::kRight, Align::kRight, Align::kLeft, Align::kRight, Align::kRight,
                Align::kRight, Align::kRight}};
  for (const PlanSensitivity& s : plan.sensitivity) {
    table.rows.push_back({"\u00d7" + FormatDerived(s.multiplier, lang),
                          FormatNumber(s.rate_per_s, 2, lang),
                          Str(lang, s.holds ? Msg::kYes : Msg::kNo),
                          FormatMs(s.at_fleet.metrics[SloMetric::kTtft].ci.mean, lang),
                          FormatMs(s.at_fleet.metrics[SloMetric::kTpot].ci.mean, lang),
                          s.min_replicas ? FormatCount(*s.min_replicas, lang) : "\u2014",
                          s.cost ? FormatUsd(s.cost->usd_per_month, 0, lang) : "\u2014"});
  }
  return table;
}

void AddLoadSweep(Document& doc, const PlanDocument& plan) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("load-sweep", Str(lang, Msg::kSecLoadSweep));
  section.AddParagraph(Str(lang, Msg::kExplainPlanKnee));
  bool any = false;
  for (SloMetric m : kSloMetrics) {
    if (!plan.recommendation || !plan.recommendation->probe.metrics[m].enabled) continue;
    std::optional<LineChart> chart = LoadSweepChart(lang, plan, m);
    if (!chart) continue;
    section.AddFigure("p95-vs-load-" + std::string(SloMetricName(m)), RenderSvg(*chart),
                      chart->frame.title);
    any = true;
  }
  if (!any) section.AddCallout(Verdict::kNote, Str(lang, Msg::kNoteNoSensitivity));
  if (!plan.sensitivity.empty()) section.AddTable(SensitivityTable(plan, lang));
}

void AddCostLatency(Document& doc, const PlanDocument& plan) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("cost-latency", Str(lang, Msg::kSecCostLatency));
  std::optional<ScatterChart> chart = ParetoChart(lang, plan);
  if (!chart) {
    section.AddCallout(Verdict::kNote, TrFormat(lang, Msg::kNoteMissingPlanSection, "pareto"));
    return;
  }
  section.AddParagraph(Str(lang, Msg::kExplainPareto));
  section.AddFigure("cost-vs-p95", RenderSvg(*chart), chart->frame.title);
}

void AddDay(Document& doc, const PlanDocument& plan) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("day-of-traffic", Str(lang, Msg::kSecDayOfTraffic));
  if (!plan.day) {
    section.AddCallout(Verdict::kNote, TrFormat(lang, Msg::kNoteMissingPlanSection, "autoscaler"));
    return;
  }
  const PlanDay& day = *plan.day;
  if (!day.ran || day.windows.empty()) {
    section.AddCallout(Verdict::kNote, Str(lang, Msg::kNoteDaySkipped), day.skipped);
    return;
  }
  section.AddParagraph(Str(lang, Msg::kExplainDayOfTraffic));
  section.AddFigure("day-chart", RenderSvg(DayChart(lang, day, plan.provenance.percentile)),
                    Str(lang, Msg::kChartDayOfTraffic));
  auto row = [&](Msg name, const PlanDaySide& side) {
    return std::vector<std::string>{Str(lang, name), FormatDerived(side.gpu_hours, lang),
                                    FormatUsd(side.usd, 2, lang),
                                    FormatPercent(side.attainment, 1, lang)};
  };
  section.AddTable({.caption = Str(lang, Msg::kTableDay),
                    .header = {"", Str(lang, Msg::kColGpuHoursPerDay),
                               Str(lang, Msg::kColUsdPerDay), Str(lang, Msg::kKeyAttainment)},
                    .align = {Align::kLeft, Align::kRight, Align::kRight, Align::kRight},
                    .rows = {row(Msg::kLegendFixedFleet, day.fixed),
                             row(Msg::kLegendAutoscaling, day.autoscaled)}});
  section.AddTable(DerivationTable(lang, Str(lang, Msg::kTableAutoscaler), day.steps));
}

}  // namespace

void AddPlanFigures(Document& doc, const PlanDocument& plan, const RunData* run) {
  const std::string context = run != nullptr ? TrFormat(doc.lang(), Msg::kRecommendedRunContext,
                                                        std::to_string(run->summary.seed()))
                                             : "";
  if (run != nullptr) {
    AddLatencySection(doc, *run, context);
    AddLengthsSection(doc, *run, context);
  } else {
    AddRunMissing(doc, "latency", Msg::kSecLatency);
    AddRunMissing(doc, "lengths", Msg::kSecLengths);
  }
  AddLoadSweep(doc, plan);
  AddCostLatency(doc, plan);
  AddDay(doc, plan);
  if (run != nullptr) {
    AddKvQueueSection(doc, *run, context);
    AddStepBreakdownSection(doc, *run, context);
  } else {
    AddRunMissing(doc, "kv-queue", Msg::kSecKvQueue);
    AddRunMissing(doc, "step-breakdown", Msg::kSecStepBreakdown);
  }
}

}  // namespace gpuplan::report::detail
