#include "reports/plan_text.h"

#include <charconv>
#include <cmath>
#include <sstream>

#include "reports/report_text.h"

namespace gpuplan::report::detail {
namespace {

const PlanProbe* LastProbe(const PlanCandidate& c) {
  return c.probes.empty() ? nullptr : &c.probes.back();
}

std::string Rejected(Lang lang, const std::string& why) {
  return TrFormat(lang, Msg::kRejectedBecause, why);
}

}  // namespace

std::string ProbeFailure(const PlanProbe& probe, double percentile, Lang lang) {
  std::string metric = FailingMetric(probe, percentile, lang);
  if (!metric.empty()) return metric;
  if (probe.dropped > 0) {
    return TrFormat(lang, Msg::kReasonDropped,
                    FormatCount(static_cast<double>(probe.dropped), lang));
  }
  if (probe.overloaded_seeds > 0) {
    return TrFormat(lang, Msg::kReasonOverloaded,
                    FormatCount(static_cast<double>(probe.overloaded_seeds), lang));
  }
  return "";
}

std::string JudgedThreshold(const PlanProbeMetric& e, Lang lang) {
  if (!std::isfinite(e.slo_ms) || e.slo_ms == e.threshold_ms || !(e.threshold_ms > 0)) {
    return FormatMs(e.threshold_ms, lang);
  }
  return TrFormat(lang, Msg::kThresholdOverFactor, FormatMs(e.threshold_ms, lang),
                  FormatMs(e.slo_ms, lang), FormatDerived(e.slo_ms / e.threshold_ms, lang));
}

std::string FailingMetric(const PlanProbe& probe, double percentile, Lang lang) {
  const PlanProbeMetric* worst = nullptr;
  SloMetric worst_metric = SloMetric::kTtft;
  for (SloMetric m : kSloMetrics) {
    const PlanProbeMetric& ci = probe.metrics[m];
    if (!ci.enabled || ci.passed) continue;
    if (worst == nullptr || ci.margin < worst->margin) {
      worst = &ci;
      worst_metric = m;
    }
  }
  if (worst == nullptr) return "";
  return TrFormat(lang, Msg::kMetricOverSlo, PercentileName(percentile, lang),
                  SloMetricLabel(worst_metric), FormatMs(worst->ci.upper, lang),
                  JudgedThreshold(*worst, lang));
}

std::string CandidateDecision(const PlanDocument& plan, const PlanCandidate& c, Lang lang) {
  const double pct = plan.provenance.percentile;
  if (c.recommended) return Str(lang, Msg::kRecommended);
  if (c.status == "feasible" && c.cost && plan.cost_cap &&
      c.cost->usd_per_month > plan.cost_cap->max_monthly_cost) {
    return Rejected(lang,
                    TrFormat(lang, Msg::kReasonOverCap, FormatUsd(c.cost->usd_per_month, 0, lang),
                             FormatUsd(plan.cost_cap->max_monthly_cost, 0, lang)));
  }
  if (c.status == "feasible" && c.cost && plan.recommendation) {
    return Rejected(lang,
                    TrFormat(lang, Msg::kReasonCostlier, FormatUsd(c.cost->usd_per_month, 0, lang),
                             FormatUsd(plan.recommendation->cost.usd_per_month, 0, lang)));
  }
  if (c.status == "slo_impossible" && c.isolated) {
    return Rejected(
        lang, TrFormat(lang, Msg::kReasonSloImpossible, ProbeFailure(*c.isolated, pct, lang)));
  }
  if (c.status == "not_met" && LastProbe(c) != nullptr) {
    const PlanProbe& last = *LastProbe(c);
    return Rejected(lang, TrFormat(lang, Msg::kReasonNotMet, FormatCount(last.replicas, lang),
                                   ProbeFailure(last, pct, lang)));
  }
  if (c.status == "pruned" && c.memory && !c.memory->fits) {
    return Rejected(lang, Str(lang, Msg::kReasonDoesNotFit));
  }
  // Anything else keeps the plan's own words (English): better than no reason at all.
  return c.reason.empty() ? Str(lang, Msg::kRejected) : Rejected(lang, c.reason);
}

std::string GivenUpMetricName(const PlanGivenUp& g, double percentile, Lang lang) {
  if (g.metric == "sustained") return Str(lang, Msg::kGivenUpSustained);
  if (g.metric == "dropped") return Str(lang, Msg::kGivenUpDropped);
  if (SloMetricFromName(g.metric)) {
    return PercentileName(percentile, lang) + " " + SloMetricLabelOfKey(g.metric);
  }
  return g.metric;
}

std::string FormatDerived(double value, Lang lang) {
  if (!std::isfinite(value)) return FormatNumber(value, 0, lang);
  const double magnitude = std::abs(value);
  int decimals = magnitude >= 1000 ? 1 : magnitude >= 1 ? 3 : 4;
  std::string text = FormatNumber(value, decimals, lang);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

DataTable DerivationTable(Lang lang, std::string caption,
                          const std::vector<PlanDerivationStep>& steps) {
  DataTable table{.caption = std::move(caption),
                  .header = {Str(lang, Msg::kColQuantity), Str(lang, Msg::kColFormula),
                             Str(lang, Msg::kColValue)},
                  .align = {Align::kLeft, Align::kLeft, Align::kRight}};
  for (const PlanDerivationStep& s : steps) {
    table.rows.push_back({TranslatePlanLabel(lang, s.label), s.formula,
                          WithPlanUnit(FormatDerived(s.value, lang), s.unit, lang)});
  }
  return table;
}

std::optional<int> GpusPerNode(const std::string& resolved_yaml) {
  std::istringstream in(resolved_yaml);
  bool in_deployment = false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') in_deployment = line == "deployment:";
    constexpr std::string_view kKey = "  gpus_per_node: ";
    if (!in_deployment || !line.starts_with(kKey)) continue;
    int value = 0;
    const char* begin = line.data() + kKey.size();
    auto [end, ec] = std::from_chars(begin, line.data() + line.size(), value);
    if (ec == std::errc() && value > 0) return value;
  }
  return std::nullopt;
}

namespace {

// "¥421,678" for yen (the sign before the number, no decimals), "EUR 1,234.56" for the others.
std::string FormatInCurrency(double amount, int decimals, const PlanCurrencyRate& c, Lang lang) {
  if (c.code == "JPY") return "¥" + FormatNumber(amount, 0, lang);
  return c.code + " " + FormatNumber(amount, decimals, lang);
}

}  // namespace

std::string FormatPlanCost(double usd, int decimals, const PlanDocument& plan, Lang lang) {
  const std::string dollars = FormatUsd(usd, decimals, lang);
  const std::optional<PlanCurrencyRate>& c = plan.provenance.currency;
  if (!c || !std::isfinite(usd)) return dollars;
  return dollars + " (" + FormatInCurrency(usd * c->per_usd, decimals, *c, lang) + ")";
}

std::string ExchangeRateText(const PlanDocument& plan, Lang lang) {
  const std::optional<PlanCurrencyRate>& c = plan.provenance.currency;
  if (!c) return "";
  const std::string rate =
      (c->code == "JPY" ? std::string("¥") : c->code + " ") + FormatDerived(c->per_usd, lang);
  return TrFormat(lang, Msg::kExchangeRate, rate, c->date, c->source);
}

}  // namespace gpuplan::report::detail
