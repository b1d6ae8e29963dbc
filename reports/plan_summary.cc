// The summary of the plan report. Every number in its "recommended configuration" table comes
// straight from plan.json (tests/reports/plan_report_test.cc checks each against the file).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reports/plan_risks.h"
#include "reports/plan_sections.h"
#include "reports/plan_text.h"
#include "reports/report_text.h"
#include "reports/slo_level_text.h"

namespace gpuplan::report::detail {
namespace {

// The probe's confidence level: every metric's interval has the same one.
double ProbeConfidence(const PlanProbe& probe) {
  return probe.metrics[SloMetric::kTtft].ci.confidence;
}

std::string EngineSettings(const PlanDocument& plan, const std::string& engine, Lang lang) {
  for (const PlanEngine& e : plan.engines) {
    if (e.label != engine) continue;
    std::vector<std::string> knobs;
    for (const auto& [key, value] : e.knobs) knobs.push_back(key + "=" + value);
    std::string settings =
        knobs.empty() ? Str(lang, Msg::kEnginePresetDefaults) : JoinList(lang, knobs);
    return fmt::format("{} ({}: {})", engine, e.preset, settings);
  }
  return engine;
}

std::vector<KeyValue> RecommendedRows(const PlanDocument& plan, const PlanRecommendation& rec,
                                      Lang lang) {
  const PlanCandidate& c = *FindPlanCandidate(plan, rec.candidate);
  const PlanFleetCost& cost = rec.cost;
  const bool named = !c.gpu_display_name.empty() && c.gpu_display_name != c.gpu;
  std::vector<KeyValue> rows = {
      {Str(lang, Msg::kKeyGpu), named ? fmt::format("{} ({})", c.gpu_display_name, c.gpu) : c.gpu},
      {Str(lang, Msg::kKeyGpusPerReplica), FormatCount(c.tensor_parallel, lang)},
      {Str(lang, Msg::kKeyReplicas), FormatCount(rec.replicas, lang)},
      {Str(lang, Msg::kKeyTotalGpus), FormatWithUnit(cost.gpus, 0, Msg::kUnitGpus, lang)},
  };
  std::optional<int> per_node = c.gpus_per_node;
  if (!per_node) per_node = GpusPerNode(plan.provenance.base_yaml);  // plans of older gpuplans
  if (per_node) {
    const int nodes = (cost.gpus + *per_node - 1) / *per_node;
    rows.push_back(
        {Str(lang, Msg::kKeyNodes), TrFormat(lang, Msg::kNodesOfGpus, FormatCount(nodes, lang),
                                             FormatCount(*per_node, lang))});
  }
  rows.push_back({Str(lang, Msg::kKeyEngine), EngineSettings(plan, c.engine, lang)});
  rows.push_back(
      {Str(lang, Msg::kKeyMonthlyCost), FormatPlanCost(cost.usd_per_month, 0, plan, lang)});
  rows.push_back(
      {Str(lang, Msg::kKeyHourlyCost), FormatPlanCost(cost.usd_per_hour, 2, plan, lang)});
  if (std::isfinite(cost.usd_per_million_output_tokens)) {
    rows.push_back({Str(lang, Msg::kKeyCostPerMillionTokens),
                    FormatPlanCost(cost.usd_per_million_output_tokens, 2, plan, lang)});
  }
  if (plan.provenance.currency) {
    rows.push_back({Str(lang, Msg::kKeyExchangeRate), ExchangeRateText(plan, lang)});
  }
  rows.push_back({Str(lang, Msg::kKeyPeakLoad), FormatRate(rec.probe.rate_per_s, lang)});
  return rows;
}

// The recommended fleet's percentile of each metric at peak: mean over seeds, the confidence
// interval, the threshold and the verdict on the interval's upper end.
DataTable PredictedLatencyTable(const PlanDocument& plan, const PlanProbe& probe, Lang lang) {
  const std::string pct = PercentileName(plan.provenance.percentile, lang);
  const std::string ci = FormatPercent(ProbeConfidence(probe), 0, lang);
  DataTable table{
      .caption = TrFormat(lang, Msg::kTablePredictedLatency, pct,
                          FormatCount(static_cast<double>(plan.provenance.seeds.size()), lang)),
      .header = {Str(lang, Msg::kColMetric), TrFormat(lang, Msg::kColValueAt, pct),
                 TrFormat(lang, Msg::kColCi, ci), Str(lang, Msg::kColThreshold),
                 Str(lang, Msg::kColMargin), Str(lang, Msg::kColVerdict)},
      .align = {Align::kLeft, Align::kRight, Align::kRight, Align::kRight, Align::kRight}};
  for (SloMetric m : kSloMetrics) {
    const PlanProbeMetric& e = probe.metrics[m];
    std::string interval =
        e.ci.n >= 2 ? FormatMsNumber(e.ci.lower, lang) + " \u2013 " + FormatMs(e.ci.upper, lang)
                    : "\u2014";
    table.rows.push_back({std::string(SloMetricLabel(m)), FormatMs(e.ci.mean, lang), interval,
                          e.enabled ? JudgedThreshold(e, lang) : "\u2014",
                          e.enabled ? FormatPercent(e.margin, 1, lang) : "\u2014",
                          e.enabled ? Str(lang, e.passed ? Msg::kVerdictPass : Msg::kVerdictFail)
                                    : Str(lang, Msg::kNotSet)});
  }
  return table;
}

// p50 / p90 / p95 / p99 of each metric at peak, each the mean over the seeds with its interval.
DataTable SummaryPercentileTable(const PlanDocument& plan, const PlanProbe& probe, Lang lang) {
  const auto& table = *probe.summary_percentiles;
  DataTable out{
      .caption = TrFormat(lang, Msg::kTableSummaryPercentiles,
                          FormatCount(static_cast<double>(plan.provenance.seeds.size()), lang),
                          FormatPercent(ProbeConfidence(probe), 0, lang)),
      .header = {Str(lang, Msg::kColMetric)},
      .align = {Align::kLeft}};
  for (const char* key : kPlanSummaryPercentileKeys) {
    out.header.emplace_back(key);
    out.align.push_back(Align::kRight);
  }
  for (SloMetric m : kSloMetrics) {
    std::vector<std::string> row = {std::string(SloMetricLabel(m))};
    for (const PlanInterval& e : table[m]) {
      if (e.n == 0) {
        row.emplace_back("\u2014");
        continue;
      }
      // With few seeds the t interval can reach below zero; a latency can not.
      row.push_back(FormatMs(e.mean, lang) + " (" + FormatMsNumber(std::max(0.0, e.lower), lang) +
                    " \u2013 " + FormatMsNumber(e.upper, lang) + ")");
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

// p50 / p95 / p99 of one simulated run of the recommended fleet (when the plan wrote one).
DataTable RunPercentileTable(const SummaryDocument& s, Lang lang) {
  auto row = [&](SloMetric metric, const LatencyStats& r) {
    return std::vector<std::string>{std::string(SloMetricLabel(metric)), FormatMs(r.p50, lang),
                                    FormatMs(r.p95, lang), FormatMs(r.p99, lang)};
  };
  return {.caption = TrFormat(lang, Msg::kTableRunPercentiles, std::to_string(s.seed())),
          .header = {Str(lang, Msg::kColMetric), "p50", "p95", "p99"},
          .align = {Align::kLeft, Align::kRight, Align::kRight, Align::kRight},
          .rows = {row(SloMetric::kTtft, s.ttft_ms), row(SloMetric::kTpot, s.tpot_ms),
                   row(SloMetric::kE2e, s.e2e_ms)}};
}

void AddHeadroom(Section& section, const PlanDocument& plan, Lang lang) {
  if (!plan.n_plus_one) {
    section.AddCallout(Verdict::kNote, Str(lang, Msg::kNoteNoNPlusOne));
    return;
  }
  const PlanNPlusOne& n = *plan.n_plus_one;
  if (n.holds) {
    section.AddCallout(Verdict::kPass,
                       TrFormat(lang, Msg::kNPlusOneHolds, FormatCount(n.replicas, lang)));
    return;
  }
  std::string why = n.one_down ? FailingMetric(*n.one_down, plan.provenance.percentile, lang) : "";
  section.AddCallout(
      Verdict::kWarn,
      TrFormat(lang, Msg::kNPlusOneFails, FormatCount(n.replicas, lang),
               FormatCount(n.n_plus_one_replicas, lang), FormatUsd(n.cost.usd_per_month, 0, lang)),
      why);
}

std::string TrafficMode(const std::string& mode, Lang lang) {
  if (mode == "dau") return Str(lang, Msg::kTrafficModeDau);
  if (mode == "concurrency_at_peak") return Str(lang, Msg::kTrafficModeConcurrency);
  if (mode == "peak_rate_per_s") return Str(lang, Msg::kTrafficModePeakRate);
  if (mode == "trace") return Str(lang, Msg::kTrafficModeTrace);
  if (mode == "deadline") return Str(lang, Msg::kTrafficModeDeadline);
  return mode;
}

std::vector<KeyValue> TrafficRows(const PlanDocument& plan, const PlanTrafficStep& t, Lang lang) {
  std::vector<KeyValue> rows = {{Str(lang, Msg::kKeyTrafficInput), TrafficMode(t.mode, lang)}};
  if (plan.inputs.traffic.dau > 0) {
    rows.push_back({Str(lang, Msg::kKeyDailyActiveUsers),
                    FormatWithUnit(plan.inputs.traffic.dau, 0, Msg::kUnitUsers, lang)});
  }
  for (const PlanDerivationStep& step : t.steps) {
    if (step.label != "daily requests") continue;
    rows.push_back({Str(lang, Msg::kKeyDailyRequests), FormatCount(step.value, lang)});
  }
  rows.push_back(
      {Str(lang, Msg::kKeyInFlightAtPeak), FormatNumber(t.concurrency_in_flight, 1, lang)});
  rows.push_back(
      {Str(lang, Msg::kKeyMeanTokens),
       TrFormat(lang, Msg::kPromptAndOutputTokens, FormatCount(t.mean_prompt_tokens, lang),
                FormatCount(t.mean_output_tokens, lang))});
  rows.push_back(
      {Str(lang, Msg::kKeyTimeInSystem), FormatWithUnit(t.time_in_system_s, 2, Msg::kUnitS, lang)});
  return rows;
}

std::vector<KeyValue> AssumptionRows(const PlanDocument& plan, const PlanCandidate& c, Lang lang) {
  const PlanProvenance& p = plan.provenance;
  std::vector<KeyValue> rows;
  if (const auto& t = plan.traffic) rows = TrafficRows(plan, *t, lang);
  if (const auto& s = plan.slo) {
    const std::string from = TranslatePlanLabel(lang, s->source);
    std::string source = s->preset.empty() ? from : from + " / " + s->preset;
    if (s->levels) {
      source =
          from + " / " +
          TrFormat(lang, Msg::kSloPresetAtLevel, s->preset, SloLevelWord(s->levels->level, lang));
    }
    rows.push_back({Str(lang, Msg::kKeySloSource), source});
  }
  for (const PlanPrice& price : p.prices) {
    if (price.gpu != c.gpu) continue;
    std::string value = FormatUsdPrice(price.usd_per_gpu_hour, lang);
    if (!price.date.empty()) value += " (" + price.date + ")";
    rows.push_back({Str(lang, Msg::kKeyPricePerGpuHour), value});
  }
  rows.push_back({Str(lang, Msg::kKeyLatencyModel), p.latency_model});
  if (p.latency_safety_factor != 1) {
    rows.push_back(
        {Str(lang, Msg::kKeyLatencySafetyFactor),
         TrFormat(lang, Msg::kSafetyFactorValue, FormatDerived(p.latency_safety_factor, lang))});
  }
  if (plan.cost_cap) {
    rows.push_back(
        {Str(lang, Msg::kKeyCostCap), FormatUsd(plan.cost_cap->max_monthly_cost, 0, lang)});
  }
  rows.push_back({Str(lang, Msg::kKeySimulationEffort),
                  TrFormat(lang, Msg::kSeedsTimesRequests,
                           FormatCount(static_cast<double>(p.seeds.size()), lang),
                           FormatCount(static_cast<double>(p.requests_per_probe), lang))});
  return rows;
}

// "US$25,112" per month, as the cap messages quote money.
std::string Monthly(double usd, Lang lang) { return FormatUsd(usd, 0, lang); }

// "4 replicas of l40s x TP1 vllm".
std::string FleetName(const PlanCapFleet& f, Lang lang) {
  return TrFormat(lang, Msg::kReplicasOf, FormatCount(f.replicas, lang), f.label);
}

// Two sentences as the language sets them: a space between them in English, none in Japanese.
std::string Sentences(Lang lang, const std::string& first, const std::string& second) {
  return first + (lang == Lang::kJa ? "" : " ") + second;
}

// What the fleet under a binding cap misses: each metric's percentile with its interval against
// the threshold it was judged against, and by how much; keeping up with arrivals; drops.
DataTable GivenUpTable(const PlanDocument& plan, const PlanCostCap& cap, Lang lang) {
  const double pct = plan.provenance.percentile;
  const double confidence =
      cap.given_up.empty() ? plan.provenance.confidence : cap.given_up.front().ci.confidence;
  DataTable table{
      .caption = TrFormat(lang, Msg::kTableGivenUp, FormatPercent(confidence, 0, lang)),
      .header = {Str(lang, Msg::kColMetric),
                 TrFormat(lang, Msg::kColValueAt, PercentileName(pct, lang)),
                 TrFormat(lang, Msg::kColCi, FormatPercent(confidence, 0, lang)),
                 Str(lang, Msg::kColThreshold), Str(lang, Msg::kColOverBy)},
      .align = {Align::kLeft, Align::kRight, Align::kRight, Align::kRight, Align::kRight}};
  const std::string none = "\u2014";
  for (const PlanGivenUp& g : cap.given_up) {
    const std::string name = GivenUpMetricName(g, pct, lang);
    if (g.metric == "sustained") {
      table.rows.push_back(
          {name,
           TrFormat(lang, Msg::kGivenUpSustainedValue, FormatRate(g.completion_rate_per_s, lang),
                    FormatRate(g.arrival_rate_per_s, lang)),
           none, none, none});
      continue;
    }
    if (g.metric == "dropped") {
      table.rows.push_back({name,
                            TrFormat(lang, Msg::kGivenUpDroppedValue,
                                     FormatCount(static_cast<double>(g.dropped), lang),
                                     FormatCount(static_cast<double>(g.unfinished), lang)),
                            none, none, none});
      continue;
    }
    const PlanProbeMetric threshold{.threshold_ms = g.threshold_ms, .slo_ms = g.slo_ms};
    table.rows.push_back(
        {name, FormatMs(g.ci.mean, lang),
         FormatMsNumber(g.ci.lower, lang) + " \u2013 " + FormatMs(g.ci.upper, lang),
         JudgedThreshold(threshold, lang),
         FormatMs(g.over_by_ms, lang) + " (" + FormatPercent(g.over_by_fraction, 1, lang) + ")"});
  }
  return table;
}

// Every fleet the cap affords, best first, with what decided the order.
DataTable ConsideredTable(const PlanCostCap& cap, Lang lang) {
  DataTable table{.caption = Str(lang, Msg::kTableCapConsidered),
                  .header = {Str(lang, Msg::kColFleet), Str(lang, Msg::kKeyMonthlyCost),
                             Str(lang, Msg::kColKeepsUp), Str(lang, Msg::kColMargin),
                             Str(lang, Msg::kKeyAttainment), Str(lang, Msg::kColProbe)},
                  .align = {Align::kLeft, Align::kRight, Align::kLeft, Align::kRight, Align::kRight,
                            Align::kLeft}};
  for (const PlanCapConsidered& f : cap.considered) {
    table.rows.push_back({FormatCount(f.fleet.replicas, lang) + " \u00d7 " + f.fleet.label,
                          Monthly(f.fleet.usd_per_month, lang),
                          Str(lang, f.keeps_up ? Msg::kYes : Msg::kNo),
                          FormatPercent(f.margin, 1, lang), FormatPercent(f.attainment, 1, lang),
                          Str(lang, f.from_search ? Msg::kProbeFromSearch : Msg::kProbeForCap)});
  }
  return table;
}

// The recommendation's headline: met within the cap (or without one), or the best under a
// binding cap with what it costs to meet the SLO instead.
void AddHeadline(Section& section, const PlanDocument& plan, const PlanRecommendation& rec,
                 Lang lang) {
  const std::optional<PlanCostCap>& cap = plan.cost_cap;
  if (cap && cap->status == "binds" && cap->cheapest_meeting_slo) {
    const PlanCapFleet& meeting = *cap->cheapest_meeting_slo;
    section.AddCallout(
        Verdict::kWarn,
        TrFormat(lang, Msg::kCapBestUnder, FormatCount(rec.replicas, lang), rec.label),
        Sentences(lang,
                  TrFormat(lang, Msg::kCapBinds, Monthly(cap->max_monthly_cost, lang),
                           FleetName(meeting, lang), Monthly(meeting.usd_per_month, lang),
                           Monthly(meeting.usd_per_month - cap->max_monthly_cost, lang)),
                  TrFormat(lang, Msg::kCapBindsChoice, Monthly(rec.cost.usd_per_month, lang))));
    section.AddTable(GivenUpTable(plan, *cap, lang));
    section.AddTable(ConsideredTable(*cap, lang));
    return;
  }
  const std::string binding = SloMetricLabelOfKey(rec.binding_metric);
  section.AddCallout(
      Verdict::kPass,
      TrFormat(lang, Msg::kRecommendedFleet, FormatCount(rec.replicas, lang), rec.label),
      TrFormat(
          lang, Msg::kRecommendationStatement, PercentileName(plan.provenance.percentile, lang),
          FormatRate(rec.probe.rate_per_s, lang), binding, FormatPercent(rec.margin, 1, lang)));
  if (cap && cap->status == "within_cap") {
    section.AddCallout(Verdict::kPass,
                       TrFormat(lang, Msg::kCapRespected, Monthly(cap->max_monthly_cost, lang),
                                Monthly(cap->max_monthly_cost - rec.cost.usd_per_month, lang)));
  }
}

void AddRecommendation(Section& section, const PlanDocument& plan, const RunData* run, Lang lang) {
  const PlanRecommendation& rec = *plan.recommendation;
  const PlanCandidate& c = *FindPlanCandidate(plan, rec.candidate);
  AddHeadline(section, plan, rec, lang);
  section.AddKeyValues(RecommendedRows(plan, rec, lang), Str(lang, Msg::kCaptionRecommended));
  section.AddTable(PredictedLatencyTable(plan, rec.probe, lang));
  if (rec.probe.summary_percentiles) {
    section.AddTable(SummaryPercentileTable(plan, rec.probe, lang));
  } else if (run != nullptr) {  // a plan of an older gpuplan: one seed's percentiles
    section.AddTable(RunPercentileTable(run->summary, lang));
  } else {
    section.AddCallout(Verdict::kNote, Str(lang, Msg::kNoteNoRecommendedRun));
  }
  if (plan.cost_cap && plan.cost_cap->status == "binds" && !plan.cost_cap->meets_slo) {
    section.AddCallout(Verdict::kNote, Str(lang, Msg::kNoteNoHeadroomUnderCap));
  } else {
    AddHeadroom(section, plan, lang);
  }
  section.AddKeyValues(AssumptionRows(plan, c, lang), Str(lang, Msg::kCaptionAssumptions));
}

// "h100_sxm: hyperscaler on-demand list price, rtx_4090: community ..." for the prices warning.
std::string PriceKindsOf(const PlanDocument& plan, Lang lang) {
  std::string out;
  for (const PlanPrice& p : plan.provenance.prices) {
    if (!out.empty()) out += Str(lang, Msg::kListSeparator);
    out += LabelValue(lang, p.gpu, PriceTierName(PriceTierOf(p), lang));
  }
  return out;
}

// Warnings the plan itself raised, in the report's language where the code is known.
void AddWarnings(Section& section, const PlanDocument& plan, Lang lang) {
  for (const PlanWarningEntry& w : plan.warnings) {
    if (w.code == "few_seeds") {
      section.AddCallout(
          Verdict::kWarn,
          TrFormat(lang, Msg::kWarnFewSeeds, FormatCount(PlanWarningValue(w, "seeds"), lang),
                   FormatPercent(PlanWarningValue(w, "confidence", 0.95), 0, lang),
                   FormatNumber(PlanWarningValue(w, "t"), 1, lang)));
    } else if (w.code == "margin_within_model_error") {
      section.AddCallout(Verdict::kWarn,
                         TrFormat(lang, Msg::kWarnMarginWithinModelError,
                                  FormatPercent(PlanWarningValue(w, "margin"), 1, lang),
                                  FormatPercent(PlanWarningValue(w, "median_error"), 1, lang),
                                  FormatPercent(PlanWarningValue(w, "p90_error"), 1, lang),
                                  FormatCount(PlanWarningValue(w, "rows"), lang)));
    } else if (w.code == "trace_not_resampled") {
      section.AddCallout(Verdict::kWarn, Str(lang, Msg::kWarnTraceNotResampled));
    } else if (w.code == "price_tiers_mixed") {
      section.AddCallout(Verdict::kWarn, TrFormat(lang, Msg::kWarnPriceTiersMixed,
                                                  FormatCount(PlanWarningValue(w, "tiers"), lang),
                                                  PriceKindsOf(plan, lang)));
    } else {
      section.AddCallout(Verdict::kWarn, w.text);
    }
  }
}

// No recommendation: the usual reason, or what the cost cap left out.
void AddNoRecommendation(Section& section, const PlanDocument& plan, Lang lang) {
  const std::optional<PlanCostCap>& cap = plan.cost_cap;
  if (cap && cap->status == "nothing_affordable" && cap->cheapest_fleet &&
      cap->cheapest_meeting_slo) {
    const PlanCapFleet& small = *cap->cheapest_fleet;
    const PlanCapFleet& meeting = *cap->cheapest_meeting_slo;
    section.AddCallout(
        Verdict::kFail, Str(lang, Msg::kCapNothingAffordable),
        Sentences(lang,
                  TrFormat(lang, Msg::kCapNothingBody, Monthly(cap->max_monthly_cost, lang),
                           FleetName(small, lang), Monthly(small.usd_per_month, lang)),
                  TrFormat(lang, Msg::kCapCheapestMeeting, FleetName(meeting, lang),
                           Monthly(meeting.usd_per_month, lang))));
    return;
  }
  section.AddCallout(Verdict::kFail, Str(lang, Msg::kNoRecommendation), plan.no_recommendation);
  if (cap && cap->status == "no_fleet_meets_slo") {
    section.AddCallout(Verdict::kNote, TrFormat(lang, Msg::kCapNoFleetMeetsSlo,
                                                Monthly(cap->max_monthly_cost, lang)));
  }
}

}  // namespace

void AddPlanSummary(Document& doc, const PlanDocument& plan, const RunData* run) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("summary", Str(lang, Msg::kSecSummary));
  if (!plan.provenance.description.empty()) section.AddParagraph(plan.provenance.description);
  AddWarnings(section, plan, lang);
  if (!plan.recommendation) {
    AddNoRecommendation(section, plan, lang);
    return;
  }
  AddRecommendation(section, plan, run, lang);
}

}  // namespace gpuplan::report::detail
