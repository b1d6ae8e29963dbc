// The provisioning steps of the plan report, each with the numbers it used: latency targets,
// traffic, memory budget per GPU, the candidates and why each was rejected, and the cost.
#include <cmath>

#include "reports/plan_charts.h"
#include "reports/plan_risks.h"
#include "reports/plan_sections.h"
#include "reports/plan_text.h"
#include "reports/report_text.h"

namespace gpuplan::report::detail {
namespace {

// More candidates than this make the memory chart's bars unreadable; the table still has them.
constexpr size_t kMaxMemoryBars = 12;

void AddMissingSection(Section& section, Lang lang, std::string_view key) {
  section.AddCallout(Verdict::kNote, TrFormat(lang, Msg::kNoteMissingPlanSection, key));
}

void AddTargets(Document& doc, const PlanDocument& plan) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("targets", Str(lang, Msg::kSecTargets));
  if (!plan.slo) return AddMissingSection(section, lang, "steps.slo");
  section.AddParagraph(Str(lang, Msg::kExplainTargets));
  if (plan.slo->latency_safety_factor != 1) {
    section.AddKeyValues({{Str(lang, Msg::kKeyLatencySafetyFactor),
                           TrFormat(lang, Msg::kSafetyFactorValue,
                                    FormatDerived(plan.slo->latency_safety_factor, lang))}});
  }
  section.AddTable(DerivationTable(lang, Str(lang, Msg::kSecTargets), plan.slo->steps));
}

void AddTraffic(Document& doc, const PlanDocument& plan) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("traffic", Str(lang, Msg::kSecTraffic));
  if (!plan.traffic) return AddMissingSection(section, lang, "steps.traffic");
  const PlanTrafficStep& t = *plan.traffic;
  section.AddParagraph(Str(lang, Msg::kExplainTraffic));
  section.AddKeyValues({
      {Str(lang, Msg::kKeyPeakLoad), FormatRate(t.peak_rate_per_s, lang)},
      {Str(lang, Msg::kKeyMeanLoad), FormatRate(t.mean_rate_per_s, lang)},
      {Str(lang, Msg::kKeyInFlightAtPeak), FormatNumber(t.concurrency_in_flight, 1, lang)},
      {Str(lang, Msg::kKeyServedOutputTokens),
       FormatWithUnit(t.served_output_tokens_per_s, 1, Msg::kUnitTokensPerS, lang) + " (" +
           TranslatePlanLabel(lang, t.served_rate_basis) + ")"},
  });
  section.AddTable(DerivationTable(lang, Str(lang, Msg::kSecTraffic), t.steps));
}

DataTable MemoryTable(const PlanDocument& plan, Lang lang) {
  DataTable table{
      .caption = Str(lang, Msg::kTableMemory),
      .header = {Str(lang, Msg::kColCandidate), Str(lang, Msg::kColGpuMemory),
                 Str(lang, Msg::kLegendWeights), Str(lang, Msg::kLegendActivationReserve),
                 Str(lang, Msg::kLegendKvCache), Str(lang, Msg::kKeyKvTokens),
                 Str(lang, Msg::kColSequences)},
      .align = {Align::kLeft, Align::kRight, Align::kRight, Align::kRight, Align::kRight,
                Align::kRight, Align::kRight}};
  for (const PlanCandidate& c : plan.candidates) {
    if (!c.memory) {  // rejected by a rule: nothing to show but why (the candidates table)
      table.rows.push_back({c.label, "\u2014", "\u2014", "\u2014", CandidateDecision(plan, c, lang),
                            "\u2014", "\u2014"});
      continue;
    }
    const PlanCandidateMemory& m = *c.memory;
    if (c.recommended) table.highlight_row = table.rows.size();
    table.rows.push_back({c.label, FormatGib(m.gpu_memory_gib, lang), FormatGib(m.weight_gib, lang),
                          FormatGib(m.activation_reserve_gib, lang),
                          m.fits ? FormatGib(m.kv_budget_gib, lang) : Str(lang, Msg::kDoesNotFit),
                          FormatCount(static_cast<double>(m.kv_tokens), lang),
                          FormatCount(static_cast<double>(m.sequences_at_mean_context), lang)});
  }
  return table;
}

void AddMemory(Document& doc, const PlanDocument& plan) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("memory", Str(lang, Msg::kSecMemoryBudget));
  section.AddParagraph(Str(lang, Msg::kExplainMemoryBudget));
  if (plan.candidates.size() <= kMaxMemoryBars) {
    section.AddFigure("memory-chart", RenderSvg(MemoryChart(lang, plan.candidates)),
                      Str(lang, Msg::kChartMemoryBudget));
  }
  section.AddTable(MemoryTable(plan, lang));
}

std::vector<std::string> CandidateCells(const PlanDocument& plan, const PlanCandidate& c,
                                        Lang lang) {
  const PlanProbe* at_min = nullptr;
  for (const PlanProbe& p : c.probes) {
    if (c.min_replicas && p.replicas == *c.min_replicas && p.passed) at_min = &p;
  }
  const std::string none = "\u2014";
  return {c.label,
          c.min_replicas ? FormatCount(*c.min_replicas, lang) : none,
          c.cost ? FormatCount(c.cost->gpus, lang) : none,
          c.cost ? FormatUsd(c.cost->usd_per_month, 0, lang) : none,
          at_min != nullptr ? FormatMs(at_min->metrics[SloMetric::kTtft].ci.upper, lang) : none,
          at_min != nullptr ? FormatPercent(at_min->margin, 1, lang) : none,
          CandidateDecision(plan, c, lang)};
}

void AddCandidates(Document& doc, const PlanDocument& plan) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("candidates", Str(lang, Msg::kSecCandidatesStep));
  const PlanCandidateCounts& n = plan.counts;
  section.AddParagraph(TrFormat(lang, Msg::kExplainCandidates,
                                FormatCount(static_cast<double>(n.combinations), lang),
                                FormatCount(static_cast<double>(n.pruned), lang),
                                FormatCount(static_cast<double>(n.feasible), lang)));
  const std::string pct = PercentileName(plan.provenance.percentile, lang);
  DataTable table{.caption = Str(lang, Msg::kSecCandidates),
                  .header = {Str(lang, Msg::kColCandidate), Str(lang, Msg::kKeyReplicas),
                             Str(lang, Msg::kKeyTotalGpus), Str(lang, Msg::kKeyMonthlyCost),
                             TrFormat(lang, Msg::kColCiUpperOf, pct + " TTFT"),
                             Str(lang, Msg::kColMargin), Str(lang, Msg::kColDecision)},
                  .align = {Align::kLeft, Align::kRight, Align::kRight, Align::kRight,
                            Align::kRight, Align::kRight, Align::kLeft}};
  for (const PlanCandidate& c : plan.candidates) {
    if (c.recommended) table.highlight_row = table.rows.size();
    table.rows.push_back(CandidateCells(plan, c, lang));
  }
  section.AddTable(std::move(table));
}

void AddCost(Document& doc, const PlanDocument& plan) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("cost", Str(lang, Msg::kSecCost));
  if (plan.recommendation) {
    section.AddTable(DerivationTable(lang, Str(lang, Msg::kTableCostDerivation),
                                     plan.recommendation->cost.steps));
  }
  DataTable prices{.caption = TrFormat(lang, Msg::kTablePrices,
                                       TranslatePlanLabel(lang, plan.provenance.cost_model)),
                   .header = {Str(lang, Msg::kKeyGpu), Str(lang, Msg::kKeyPricePerGpuHour),
                              Str(lang, Msg::kColPriceKind), Str(lang, Msg::kColRegion),
                              Str(lang, Msg::kColDate), Str(lang, Msg::kColSource)},
                   .align = {Align::kLeft, Align::kRight}};
  for (const PlanPrice& p : plan.provenance.prices) {
    prices.rows.push_back({p.gpu, FormatUsdPrice(p.usd_per_gpu_hour, lang),
                           PriceTierName(PriceTierOf(p), lang), p.region, p.date, p.source});
  }
  section.AddTable(std::move(prices));
}

}  // namespace

void AddPlanSteps(Document& doc, const PlanDocument& plan) {
  AddTargets(doc, plan);
  AddTraffic(doc, plan);
  AddMemory(doc, plan);
  AddCandidates(doc, plan);
  AddCost(doc, plan);
}

}  // namespace gpuplan::report::detail
