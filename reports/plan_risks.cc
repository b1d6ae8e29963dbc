#include "reports/plan_risks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "reports/bundle_meta.h"
#include "reports/plan_sections.h"
#include "reports/plan_text.h"
#include "reports/report_text.h"

namespace gpuplan::report::detail {
namespace {

// A traffic forecast is routinely off by this much (a launch, a campaign, a busy season), so a
// fleet that misses its SLO at 1.2x the peak is one forecast error away from missing it.
constexpr double kForecastErrorMultiple = 1.2;
// A fleet that holds up to twice its peak rides out a surge as well as a forecast error.
constexpr double kSurgeMultiple = 2.0;
// docs/planning-method.md: 3 seeds to explore, 5 for a plan to sign.
constexpr size_t kSeedsToExplore = 3;
constexpr size_t kSeedsToSign = 5;

std::string Usd(double usd, Lang lang) { return FormatUsd(usd, 0, lang); }

std::string Count(double n, Lang lang) { return FormatCount(n, lang); }

// Two sentences as the language sets them: a space between them in English, none in Japanese.
std::string Then(Lang lang, const std::string& first, const std::string& second) {
  if (first.empty()) return second;
  if (second.empty()) return first;
  return first + (lang == Lang::kJa ? "" : " ") + second;
}

std::string Multiple(double m, Lang lang) {
  return TrFormat(lang, Msg::kMultiplier, FormatDerived(m, lang));
}

bool Contains(const std::string& lower_text, std::string_view word) {
  return lower_text.find(word) != std::string::npos;
}

// N+1. A single replica is high: any crash, node failure or upgrade is a full outage. The N+1
// fleet failing is medium: losing a replica degrades the peak rather than stopping the service,
// and the fleet that survives it is priced in the plan. Not checked is medium: an unknown is not
// low. Surviving the loss of a replica is low.
RiskRow NPlusOneRisk(const PlanDocument& plan, Lang lang) {
  const PlanRecommendation& rec = *plan.recommendation;
  const std::optional<PlanNPlusOne>& n = plan.n_plus_one;
  if (rec.replicas == 1) {
    const int survives = n ? n->n_plus_one_replicas : 2;
    const double cost = n ? n->cost.usd_per_month : 2 * rec.cost.usd_per_month;
    return {
        RiskLevel::kHigh, Str(lang, Msg::kRiskSingleReplica),
        TrFormat(lang, Msg::kRiskSingleReplicaEvidence, Count(survives, lang), Usd(cost, lang))};
  }
  if (!n) {
    const bool cap_binds =
        plan.cost_cap && plan.cost_cap->status == "binds" && !plan.cost_cap->meets_slo;
    return {
        RiskLevel::kMedium, Str(lang, Msg::kRiskNPlusOneUnchecked),
        Str(lang, cap_binds ? Msg::kNoteNoHeadroomUnderCap : Msg::kRiskNPlusOneUncheckedEvidence)};
  }
  if (n->holds) {
    return {RiskLevel::kLow, Str(lang, Msg::kRiskNPlusOneHolds),
            TrFormat(lang, Msg::kRiskNPlusOneHoldsEvidence, Count(n->replicas, lang))};
  }
  std::string why = n->one_down ? ProbeFailure(*n->one_down, plan.provenance.percentile, lang) : "";
  if (why.empty()) why = Str(lang, Msg::kRiskSloMissed);
  return {RiskLevel::kMedium, Str(lang, Msg::kRiskNPlusOneFails),
          TrFormat(lang, Msg::kRiskNPlusOneFailsEvidence, Count(n->replicas, lang), why,
                   TrFormat(lang, Msg::kReplicasAtCost, Count(n->n_plus_one_replicas, lang),
                            Usd(n->cost.usd_per_month, lang)),
                   Usd(n->cost.usd_per_month - rec.cost.usd_per_month, lang))};
}

// Traffic sensitivity: the smallest tested multiple of the peak at which the recommended fleet
// misses the SLO. At most kForecastErrorMultiple is high (an ordinary forecast error breaks the
// fleet); below kSurgeMultiple medium (a surge breaks it, a forecast error does not); from
// kSurgeMultiple on low, as is a fleet that holds at every multiple tested. Nothing tested above
// the peak is medium: how much headroom the fleet has is unknown.
RiskRow TrafficRisk(const PlanDocument& plan, Lang lang) {
  const PlanRecommendation& rec = *plan.recommendation;
  const PlanSensitivity* breaks = nullptr;
  bool above_peak = false;
  std::vector<std::string> held;
  for (const PlanSensitivity& s : plan.sensitivity) {
    above_peak = above_peak || s.multiplier > 1;
    if (s.holds) held.push_back(Multiple(s.multiplier, lang));
    if (!s.holds && (breaks == nullptr || s.multiplier < breaks->multiplier)) breaks = &s;
  }
  if (breaks != nullptr) {
    const double m = breaks->multiplier;
    const RiskLevel level = m <= kForecastErrorMultiple ? RiskLevel::kHigh
                            : m < kSurgeMultiple        ? RiskLevel::kMedium
                                                        : RiskLevel::kLow;
    std::string why = ProbeFailure(breaks->at_fleet, plan.provenance.percentile, lang);
    if (why.empty()) why = Str(lang, Msg::kRiskSloMissed);
    const std::string needs =
        breaks->min_replicas && breaks->cost
            ? TrFormat(lang, Msg::kReplicasAtCost, Count(*breaks->min_replicas, lang),
                       Usd(breaks->cost->usd_per_month, lang))
            : Str(lang, Msg::kTrafficBeyondSearch);
    return {level, TrFormat(lang, Msg::kRiskTrafficBreaks, Multiple(m, lang)),
            TrFormat(lang, Msg::kRiskTrafficBreaksEvidence,
                     TrFormat(lang, Msg::kMultipleOfPeak, Multiple(m, lang),
                              FormatRate(breaks->rate_per_s, lang)),
                     Count(rec.replicas, lang), why, needs)};
  }
  if (!above_peak) {
    return {RiskLevel::kMedium, Str(lang, Msg::kRiskTrafficUntested),
            Str(lang, Msg::kRiskTrafficUntestedEvidence)};
  }
  return {RiskLevel::kLow, Str(lang, Msg::kRiskTrafficHolds),
          TrFormat(lang, Msg::kRiskTrafficHoldsEvidence, Count(rec.replicas, lang),
                   JoinList(lang, held))};
}

std::string GpuName(const PlanCandidate& c) {
  return c.gpu_display_name.empty() ? c.gpu : c.gpu_display_name;
}

// An uncalibrated GPU is high: every latency of the plan is an analytic estimate that no
// measurement on the GPU to be bought has checked. Calibrated on it, low: what is left is the
// model's own error, the model-error row's.
RiskRow CalibrationRisk(const PlanDocument& plan, const RunData* run, Lang lang) {
  const PlanCandidate& c = *FindPlanCandidate(plan, plan.recommendation->candidate);
  const std::string model =
      c.latency_model.empty() ? plan.provenance.latency_model : c.latency_model;
  const bool calibrated = !CalibratedBundleDir(model).empty();
  std::string evidence =
      TrFormat(lang, calibrated ? Msg::kRiskCalibratedEvidence : Msg::kRiskUncalibratedEvidence,
               model, GpuName(c));
  if (run != nullptr && !run->summary.ops().empty()) {
    evidence = Then(lang, evidence,
                    TrFormat(lang, Msg::kRiskMeasuredShare,
                             FormatPercent(run->summary.measured_time_share(), 0, lang)));
  }
  return {calibrated ? RiskLevel::kLow : RiskLevel::kHigh,
          Str(lang, calibrated ? Msg::kRiskCalibrated : Msg::kRiskUncalibrated), evidence};
}

const PlanPrice* PriceOf(const PlanDocument& plan, const std::string& gpu) {
  for (const PlanPrice& p : plan.provenance.prices) {
    if (p.gpu == gpu) return &p;
  }
  return nullptr;
}

std::string TierWithDate(const PlanPrice& p, Lang lang) {
  const std::string tier = PriceTierName(PriceTierOf(p), lang);
  return p.date.empty() ? tier : tier + Str(lang, Msg::kListSeparator) + p.date;
}

// The price source. A community or spot price for the recommended GPU beside on-demand prices of
// other candidates is high: the ranking compares unlike prices, and the winner may owe its place
// to hosts that can be reclaimed and carry no capacity guarantee. Community or spot prices
// throughout are medium (like for like, but the capacity may not be there), as is a GPU-cloud
// price beside hyperscaler ones (quotas, regions and support differ) and a source that does not
// say what kind of price it is. A hyperscaler list price, the plan's own price or on-premises
// cost model is low.
RiskRow PriceRisk(const PlanDocument& plan, Lang lang) {
  const PlanCandidate& c = *FindPlanCandidate(plan, plan.recommendation->candidate);
  const PlanPrice* own = PriceOf(plan, c.gpu);
  const PriceTier tier = own ? PriceTierOf(*own) : PriceTier::kUnknown;
  bool others_on_demand = false;
  bool others_hyperscaler = false;
  std::vector<std::string> others;
  for (const PlanPrice& p : plan.provenance.prices) {
    if (p.gpu == c.gpu) continue;
    const PriceTier t = PriceTierOf(p);
    others_hyperscaler = others_hyperscaler || t == PriceTier::kHyperscalerOnDemand;
    others_on_demand = others_on_demand || t == PriceTier::kHyperscalerOnDemand ||
                       t == PriceTier::kGpuCloudOnDemand;
    others.push_back(LabelValue(lang, p.gpu, PriceTierName(t, lang)));
  }
  RiskLevel level = RiskLevel::kLow;
  std::string risk = TrFormat(lang, Msg::kRiskPriceSound, PriceTierName(tier, lang));
  std::string why;
  if (tier == PriceTier::kCommunityOrSpot && others_on_demand) {
    level = RiskLevel::kHigh;
    risk = Str(lang, Msg::kRiskPriceMixed);
    why = Str(lang, Msg::kRiskPriceMixedWhy);
  } else if (tier == PriceTier::kCommunityOrSpot) {
    level = RiskLevel::kMedium;
    risk = Str(lang, Msg::kRiskPriceCommunity);
  } else if (tier == PriceTier::kGpuCloudOnDemand && others_hyperscaler) {
    level = RiskLevel::kMedium;
    risk = Str(lang, Msg::kRiskPriceGpuCloudMixed);
    why = Str(lang, Msg::kRiskPriceGpuCloudWhy);
  } else if (tier == PriceTier::kUnknown) {
    level = RiskLevel::kMedium;
    risk = Str(lang, Msg::kRiskPriceUnknown);
  }
  std::string evidence = own ? TrFormat(lang, Msg::kRiskPriceEvidence, c.gpu,
                                        FormatUsdPrice(own->usd_per_gpu_hour, lang),
                                        TierWithDate(*own, lang), own->source)
                             : "";
  if (!others.empty()) {
    evidence = Then(lang, evidence, TrFormat(lang, Msg::kRiskPriceOthers, JoinList(lang, others)));
  }
  return {level, risk, Then(lang, evidence, why)};
}

std::string BindingName(const std::string& key) { return SloMetricLabelOfKey(key); }

// The latency model's own error. Without a latency safety factor, medium: the confidence
// intervals cover only sampling noise, so a margin smaller than the model's error passes a fleet
// real hardware may fail. With a factor above 1 the planner has put that error into every
// verdict: low.
RiskRow ModelErrorRisk(const PlanDocument& plan, Lang lang) {
  const PlanRecommendation& rec = *plan.recommendation;
  const double factor = plan.provenance.latency_safety_factor;
  const bool covered = factor > 1;
  const std::string evidence =
      TrFormat(lang, Msg::kRiskModelErrorEvidence, FormatPercent(rec.margin, 1, lang),
               BindingName(rec.binding_metric));
  const std::string factor_text =
      covered ? TrFormat(lang, Msg::kRiskSafetyFactorSet, FormatDerived(factor, lang))
              : Str(lang, Msg::kRiskSafetyFactorUnset);
  return {covered ? RiskLevel::kLow : RiskLevel::kMedium, Str(lang, Msg::kRiskModelError),
          Then(lang, evidence, factor_text)};
}

const PlanModelErrorStat* FindErrorStat(const PlanModelError& e, std::string_view statistic) {
  for (const PlanModelErrorStat& s : e.statistics) {
    if (s.statistic == statistic) return &s;
  }
  return nullptr;
}

// The recommended fleet's SLO margins against the model's validated error for its engine and GPU
// (plan.json recommendation.model_error; no row for a plan written before it existed). A margin
// smaller than the median error of its metric is high: the simulator has typically been further
// from real serving runs than the margin, so the pass may be a miss on the hardware. No band for
// an SLO metric is medium: nothing measured to compare with. Every margin above its median: low.
std::optional<RiskRow> ModelErrorBandRisk(const PlanDocument& plan, Lang lang) {
  const PlanRecommendation& rec = *plan.recommendation;
  if (!rec.model_error) return std::nullopt;
  const PlanModelError& e = *rec.model_error;
  std::string within;
  std::string beyond;
  for (SloMetric m : kSloMetrics) {
    const PlanProbeMetric& metric = rec.probe.metrics[m];
    if (!metric.enabled) continue;
    const PlanModelErrorStat* s = FindErrorStat(e, ModelErrorStatisticOf(m));
    if (s == nullptr) continue;
    const std::string gpu = s->gpu == "*" ? Str(lang, Msg::kModelErrorEveryGpu) : s->gpu;
    const std::string scope =
        TrFormat(lang, s->held_out ? Msg::kModelErrorHeldOut : Msg::kModelErrorAllRows, gpu);
    const std::string basis = TrFormat(lang, Msg::kModelErrorBasis, FormatPercent(s->p90, 1, lang),
                                       Count(s->rows, lang), e.engine, scope);
    const std::string text =
        TrFormat(lang, Msg::kRiskModelErrorMetric, std::string(SloMetricLabel(m)),
                 FormatPercent(metric.margin, 1, lang), FormatPercent(s->median, 1, lang), basis);
    std::string& out = metric.margin < s->median ? within : beyond;
    out = out.empty() ? text : Then(lang, out, text);
  }
  if (!within.empty()) {
    return RiskRow{RiskLevel::kHigh, Str(lang, Msg::kRiskWithinModelError),
                   beyond.empty() ? within : Then(lang, within, beyond)};
  }
  if (!beyond.empty()) {
    return RiskRow{RiskLevel::kLow, Str(lang, Msg::kRiskBeyondModelError), beyond};
  }
  const std::string engine =
      rec.candidate >= 0 && rec.candidate < static_cast<int>(plan.candidates.size())
          ? plan.candidates[rec.candidate].engine
          : e.engine;
  return RiskRow{RiskLevel::kMedium, Str(lang, Msg::kRiskNotValidated),
                 TrFormat(lang, Msg::kRiskNotValidatedEvidence, engine, e.gpu)};
}

// Seeds per probe. Fewer than 3 (the plan's few_seeds warning) is high: with one degree of
// freedom t is 12.7 at 95%, and two seeds that agree give a zero-width interval, a certainty the
// plan does not have. 3 or 4 is medium: enough to explore, not the 5 a plan to sign asks for.
// 5 or more is low.
RiskRow SeedsRisk(const PlanDocument& plan, Lang lang) {
  const size_t seeds = plan.provenance.seeds.size();
  for (const PlanWarningEntry& w : plan.warnings) {
    if (w.code != "few_seeds") continue;
    return {RiskLevel::kHigh, Str(lang, Msg::kRiskFewSeeds),
            TrFormat(lang, Msg::kRiskFewSeedsEvidence, Count(PlanWarningValue(w, "seeds"), lang),
                     FormatPercent(PlanWarningValue(w, "confidence", 0.95), 0, lang),
                     FormatNumber(PlanWarningValue(w, "t"), 1, lang))};
  }
  const std::string n = Count(static_cast<double>(seeds), lang);
  if (seeds < kSeedsToExplore) {  // a plan of a gpuplan that did not write the warning yet
    return {RiskLevel::kHigh, Str(lang, Msg::kRiskFewSeeds),
            TrFormat(lang, Msg::kRiskFewSeedsOld, n)};
  }
  if (seeds < kSeedsToSign) {
    return {RiskLevel::kMedium, Str(lang, Msg::kRiskSomeSeeds),
            TrFormat(lang, Msg::kRiskSomeSeedsEvidence, n)};
  }
  return {RiskLevel::kLow, Str(lang, Msg::kRiskSeedsEnough),
          TrFormat(lang, Msg::kRiskSeedsEnoughEvidence, n)};
}

// The cost cap (a row only when the plan has one). A cap that binds is high: the recommended
// fleet misses an SLO by design. Within the cap, but with the fleet that survives the loss of a
// replica above it, medium: N+1 would break the budget. Otherwise low.
std::optional<RiskRow> CapRisk(const PlanDocument& plan, Lang lang) {
  if (!plan.cost_cap) return std::nullopt;
  const PlanCostCap& cap = *plan.cost_cap;
  const PlanRecommendation& rec = *plan.recommendation;
  if (cap.status == "binds") {
    std::vector<std::string> given_up;
    for (const PlanGivenUp& g : cap.given_up) {
      given_up.push_back(GivenUpMetricName(g, plan.provenance.percentile, lang));
    }
    const std::string meeting =
        cap.cheapest_meeting_slo ? Usd(cap.cheapest_meeting_slo->usd_per_month, lang) : "\u2014";
    return RiskRow{RiskLevel::kHigh, Str(lang, Msg::kRiskCapBinds),
                   TrFormat(lang, Msg::kRiskCapBindsEvidence, Usd(cap.max_monthly_cost, lang),
                            JoinList(lang, given_up), meeting)};
  }
  if (plan.n_plus_one && !plan.n_plus_one->holds &&
      plan.n_plus_one->cost.usd_per_month > cap.max_monthly_cost) {
    return RiskRow{
        RiskLevel::kMedium, Str(lang, Msg::kRiskCapNPlusOne),
        TrFormat(lang, Msg::kRiskCapNPlusOneEvidence, Usd(rec.cost.usd_per_month, lang),
                 Usd(cap.max_monthly_cost, lang), Usd(plan.n_plus_one->cost.usd_per_month, lang))};
  }
  return RiskRow{RiskLevel::kLow, Str(lang, Msg::kRiskCapWithin),
                 TrFormat(lang, Msg::kRiskCapWithinEvidence,
                          Usd(cap.max_monthly_cost - rec.cost.usd_per_month, lang),
                          Usd(cap.max_monthly_cost, lang))};
}

}  // namespace

PriceTier ClassifyPriceSource(std::string_view source) {
  std::string s;
  for (char ch : source) s += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (s == "user override") return PriceTier::kPlanOverride;
  if (s == "on premises") return PriceTier::kOnPremises;
  // Checked first: a community host's price is often listed "on-demand" too (RunPod's
  // Community Cloud column).
  for (std::string_view word :
       {"community", "spot", "interruptible", "preemptible", "marketplace"}) {
    if (Contains(s, word)) return PriceTier::kCommunityOrSpot;
  }
  const bool on_demand = Contains(s, "on-demand") || Contains(s, "on demand");
  if (!on_demand) return PriceTier::kUnknown;
  for (std::string_view word : {"aws", "amazon", "azure", "google cloud", "gcp", "oracle cloud"}) {
    if (Contains(s, word)) return PriceTier::kHyperscalerOnDemand;
  }
  return PriceTier::kGpuCloudOnDemand;
}

PriceTier PriceTierOf(const PlanPrice& price) {
  if (price.tier.empty()) return ClassifyPriceSource(price.source);
  static const std::pair<std::string_view, PriceTier> kTiers[] = {
      {"hyperscaler_on_demand", PriceTier::kHyperscalerOnDemand},
      {"hyperscaler_reserved", PriceTier::kHyperscalerReserved},
      {"gpu_cloud_on_demand", PriceTier::kGpuCloudOnDemand},
      {"community", PriceTier::kCommunityOrSpot},
      {"spot", PriceTier::kCommunityOrSpot},
      {"plan_override", PriceTier::kPlanOverride},
      {"on_premises", PriceTier::kOnPremises},
  };
  for (const auto& [name, tier] : kTiers) {
    if (price.tier == name) return tier;
  }
  return PriceTier::kUnknown;
}

std::string PriceTierName(PriceTier tier, Lang lang) {
  switch (tier) {
    case PriceTier::kHyperscalerOnDemand:
      return Str(lang, Msg::kTierHyperscaler);
    case PriceTier::kHyperscalerReserved:
      return Str(lang, Msg::kTierHyperscalerReserved);
    case PriceTier::kGpuCloudOnDemand:
      return Str(lang, Msg::kTierGpuCloud);
    case PriceTier::kCommunityOrSpot:
      return Str(lang, Msg::kTierCommunity);
    case PriceTier::kPlanOverride:
      return Str(lang, Msg::kTierOverride);
    case PriceTier::kOnPremises:
      return Str(lang, Msg::kTierOnPremises);
    case PriceTier::kUnknown:
      break;
  }
  return Str(lang, Msg::kTierUnknown);
}

std::string RiskLevelWord(RiskLevel level, Lang lang) {
  switch (level) {
    case RiskLevel::kHigh:
      return Str(lang, Msg::kRiskHigh);
    case RiskLevel::kMedium:
      return Str(lang, Msg::kRiskMedium);
    case RiskLevel::kLow:
      break;
  }
  return Str(lang, Msg::kRiskLow);
}

std::vector<RiskRow> PlanRisks(const PlanDocument& plan, const RunData* run, Lang lang) {
  if (!plan.recommendation) return {};
  std::vector<RiskRow> rows;
  if (std::optional<RiskRow> cap = CapRisk(plan, lang)) rows.push_back(std::move(*cap));
  rows.push_back(NPlusOneRisk(plan, lang));
  rows.push_back(TrafficRisk(plan, lang));
  rows.push_back(CalibrationRisk(plan, run, lang));
  rows.push_back(SeedsRisk(plan, lang));
  rows.push_back(PriceRisk(plan, lang));
  rows.push_back(ModelErrorRisk(plan, lang));
  if (std::optional<RiskRow> band = ModelErrorBandRisk(plan, lang)) {
    rows.push_back(std::move(*band));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const RiskRow& a, const RiskRow& b) {
    return static_cast<int>(a.level) < static_cast<int>(b.level);
  });
  return rows;
}

void AddRiskRegister(Document& doc, const PlanDocument& plan, const RunData* run) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("risks", Str(lang, Msg::kSecRisks));
  if (!plan.recommendation) {
    section.AddCallout(Verdict::kFail, Str(lang, Msg::kNoRecommendation), plan.no_recommendation);
    return;
  }
  section.AddParagraph(Str(lang, Msg::kExplainRisks));
  DataTable table{.caption = Str(lang, Msg::kTableRisks),
                  .header = {Str(lang, Msg::kColLevel), Str(lang, Msg::kColRisk),
                             Str(lang, Msg::kColEvidence)}};
  for (const RiskRow& r : PlanRisks(plan, run, lang)) {
    table.rows.push_back({RiskLevelWord(r.level, lang), r.risk, r.evidence});
  }
  section.AddTable(std::move(table));
}

}  // namespace gpuplan::report::detail
