// The plan report's opening and closing sections, and its list of Kubernetes manifests: the
// executive summary (five lines from plan.json), the manifests of PLAN_DIR/deployment/, and the
// approval block a reviewer fills in.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

#include "reports/plan_risks.h"
#include "reports/plan_sections.h"
#include "reports/plan_text.h"
#include "reports/report_text.h"
#include "reports/slo_level_text.h"

namespace gpuplan::report::detail {
namespace {

// The main risks the executive summary names: the first rows of the register above low.
constexpr size_t kSummaryRisks = 2;

std::string MetricName(const std::string& key) { return SloMetricLabelOfKey(key); }

std::string FleetLine(const PlanDocument& plan, const PlanRecommendation& rec, Lang lang) {
  const PlanCandidate& c = *FindPlanCandidate(plan, rec.candidate);
  const bool named = !c.gpu_display_name.empty() && c.gpu_display_name != c.gpu;
  const std::string gpu = named ? fmt::format("{} ({})", c.gpu_display_name, c.gpu) : c.gpu;
  return TrFormat(lang, Msg::kExecFleetTotal,
                  TrFormat(lang, Msg::kExecFleet, FormatCount(rec.replicas, lang), gpu,
                           FormatCount(c.tensor_parallel, lang), c.engine),
                  FormatWithUnit(rec.cost.gpus, 0, Msg::kUnitGpus, lang));
}

std::string CostLine(const PlanDocument& plan, const PlanRecommendation& rec, Lang lang) {
  const PlanCandidate& c = *FindPlanCandidate(plan, rec.candidate);
  std::string kind = PriceTierName(PriceTier::kUnknown, lang);
  for (const PlanPrice& p : plan.provenance.prices) {
    if (p.gpu != c.gpu) continue;
    kind = PriceTierName(PriceTierOf(p), lang);
    if (!p.date.empty()) kind += Str(lang, Msg::kListSeparator) + p.date;
  }
  return TrFormat(lang, Msg::kExecCost, FormatPlanCost(rec.cost.usd_per_month, 0, plan, lang),
                  FormatUsd(rec.cost.usd_per_hour, 2, lang),
                  FormatUsdPrice(rec.cost.usd_per_gpu_hour, lang), kind);
}

// The targets met at peak with the binding one's margin, or, under a binding cost cap, what the
// fleet gives up and what meeting every SLO would cost.
std::string TargetsLine(const PlanDocument& plan, const PlanRecommendation& rec, Lang lang) {
  const double pct = plan.provenance.percentile;
  if (const std::optional<PlanCostCap>& cap = plan.cost_cap; cap && cap->status == "binds") {
    std::vector<std::string> given_up;
    for (const PlanGivenUp& g : cap->given_up) given_up.push_back(GivenUpMetricName(g, pct, lang));
    const std::string meeting = cap->cheapest_meeting_slo
                                    ? FormatUsd(cap->cheapest_meeting_slo->usd_per_month, 0, lang)
                                    : "\u2014";
    return TrFormat(lang, Msg::kExecTargetsMissed, JoinList(lang, given_up),
                    FormatUsd(cap->max_monthly_cost, 0, lang), meeting);
  }
  std::vector<std::string> targets;
  for (SloMetric m : kSloMetrics) {
    const PlanProbeMetric& e = rec.probe.metrics[m];
    if (!e.enabled) continue;
    const double slo = std::isfinite(e.slo_ms) ? e.slo_ms : e.threshold_ms;
    targets.push_back(TrFormat(lang, Msg::kExecTargetItem, PercentileName(pct, lang),
                               SloMetricLabel(m), FormatMs(slo, lang)));
  }
  return TrFormat(lang, Msg::kExecTargetsMet, JoinList(lang, targets),
                  FormatRate(rec.probe.rate_per_s, lang), MetricName(rec.binding_metric),
                  FormatPercent(rec.margin, 1, lang));
}

// With an SLO preset, which of its levels the fleet meets, as a sentence after the targets line
// ("" for a plan without a preset, or a plan.json written before the verdict existed).
std::string LevelSentence(const PlanDocument& plan, const PlanRecommendation& rec, Lang lang) {
  const auto level = SloLevelVerdict(rec.level_met, plan.slo ? plan.slo->preset : "", lang);
  if (!level) return "";
  return (lang == Lang::kJa ? "" : " ") + TrFormat(lang, Msg::kExecSloLevel, level->text);
}

// Each seed's own replica count, min / median / max, and the share of seeds the recommended
// count covers ("" for a plan.json written before the per-seed counts existed).
std::string ReplicasBySeedLine(const PlanRecommendation& rec, Lang lang) {
  if (!rec.replicas_by_seed) return "";
  const PlanReplicasBySeed& d = *rec.replicas_by_seed;
  const auto count = [lang](const std::optional<int>& v) {
    return v ? FormatCount(*v, lang) : Str(lang, Msg::kReplicasNotMet);
  };
  std::vector<std::string> counts;
  for (const std::optional<int>& r : d.replicas) counts.push_back(count(r));
  const std::string median =
      std::isfinite(d.median)
          ? FormatNumber(d.median, d.median == std::floor(d.median) ? 0 : 1, lang)
          : Str(lang, Msg::kReplicasNotMet);
  return TrFormat(lang, Msg::kExecReplicasBySeed, JoinList(lang, counts), count(d.min), median,
                  count(d.max)) +
         (lang == Lang::kJa ? "" : " ") +
         TrFormat(lang, Msg::kExecSeedsCovered, FormatCount(rec.replicas, lang),
                  FormatCount(d.covered_seeds, lang),
                  FormatCount(static_cast<double>(d.replicas.size()), lang),
                  FormatPercent(d.covered_share, 0, lang));
}

// The first two risks of the register rated above low. Built with no recommended run, so the
// line depends on plan.json alone (the run adds evidence to the register, never a level).
std::string RisksLine(const PlanDocument& plan, Lang lang) {
  std::vector<std::string> items;
  for (const RiskRow& r : PlanRisks(plan, nullptr, lang)) {
    if (r.level == RiskLevel::kLow || items.size() == kSummaryRisks) continue;
    items.push_back(LabelValue(lang, RiskLevelWord(r.level, lang), r.risk));
  }
  if (items.empty()) return Str(lang, Msg::kExecRisksNone);
  if (items.size() == 1) return items.front();
  return TrFormat(lang, Msg::kExecRisksValue, items[0], items[1]);
}

// The one-node load test the plan already wrote (plan.json "deployment").
std::string VerifyLine(const PlanDocument& plan, const PlanRecommendation& rec, Lang lang) {
  if (!plan.deployment) return Str(lang, Msg::kExecVerifyMissing);
  const std::string section = Str(lang, Msg::kSecDeployment);
  if (plan.deployment->bench_command.empty()) {
    return TrFormat(lang, Msg::kExecVerifyTrace, section);
  }
  const double peak = plan.traffic ? plan.traffic->peak_rate_per_s : rec.probe.rate_per_s;
  return TrFormat(lang, Msg::kExecVerify, section, FormatRate(peak / rec.replicas, lang),
                  FormatCount(rec.replicas, lang));
}

// A manifest's value for `key` (the first line, comments aside, that reads "key: value" once its
// indentation is dropped), without quotes; "" when there is none. Manifests are gpuplan's own
// YAML, so a line scan reads them; only config/ parses YAML.
std::string ManifestValue(const std::string& text, std::string_view key, size_t from = 0) {
  std::istringstream in(text.substr(std::min(from, text.size())));
  for (std::string line; std::getline(in, line);) {
    const size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || line[start] == '#') continue;
    std::string_view rest = std::string_view(line).substr(start);
    if (rest.starts_with("- ")) rest.remove_prefix(2);
    if (!rest.starts_with(key) || rest.substr(key.size()).substr(0, 2) != ": ") continue;
    std::string value(rest.substr(key.size() + 2));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return "";
}

int KindRank(const std::string& kind) {
  constexpr std::array<std::string_view, 4> kOrder = {"ConfigMap", "Deployment", "Service",
                                                      "HorizontalPodAutoscaler"};
  const auto at = std::find(kOrder.begin(), kOrder.end(), kind);
  return static_cast<int>(at - kOrder.begin());
}

std::string ManifestSettings(const std::string& kind, const std::string& text, Lang lang) {
  if (kind == "Deployment") {
    return TrFormat(lang, Msg::kManifestDeployment, ManifestValue(text, "replicas"),
                    ManifestValue(text, "nvidia.com/gpu"), ManifestValue(text, "image"));
  }
  if (kind == "Service") return TrFormat(lang, Msg::kManifestService, ManifestValue(text, "port"));
  if (kind == "HorizontalPodAutoscaler") {
    return TrFormat(lang, Msg::kManifestHpa, ManifestValue(text, "minReplicas"),
                    ManifestValue(text, "maxReplicas"),
                    ManifestValue(text, "name", text.find("metric:\n")),
                    ManifestValue(text, "averageValue"));
  }
  if (kind == "ConfigMap") return Str(lang, Msg::kManifestConfigMap);
  return "";
}

}  // namespace

void AddExecutiveSummary(Document& doc, const PlanDocument& plan) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("executive-summary", Str(lang, Msg::kSecExecutiveSummary));
  if (!plan.recommendation) {
    section.AddCallout(Verdict::kFail, Str(lang, Msg::kNoRecommendation), plan.no_recommendation);
    return;
  }
  const PlanRecommendation& rec = *plan.recommendation;
  section.AddParagraph(Str(lang, Msg::kExplainExecutiveSummary));
  std::vector<KeyValue> rows = {
      {Str(lang, Msg::kColFleet), FleetLine(plan, rec, lang)},
      {Str(lang, Msg::kKeyMonthlyCost), CostLine(plan, rec, lang)},
      {Str(lang, Msg::kKeyExecTargets),
       TargetsLine(plan, rec, lang) + LevelSentence(plan, rec, lang)},
      {Str(lang, Msg::kKeyExecRisks), RisksLine(plan, lang)},
      {Str(lang, Msg::kKeyExecVerify), VerifyLine(plan, rec, lang)},
  };
  // After the targets: how sure the count is, seed by seed.
  if (std::string seeds = ReplicasBySeedLine(rec, lang); !seeds.empty()) {
    rows.insert(rows.begin() + 3, {Str(lang, Msg::kKeyReplicasBySeed), std::move(seeds)});
  }
  section.AddKeyValues(std::move(rows));
}

void AddKubernetes(Document& doc, const PlanDocument& plan,
                   const std::vector<PlanManifest>* manifests) {
  if (!plan.recommendation) return;  // nothing to deploy
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("kubernetes", Str(lang, Msg::kSecKubernetes));
  if (manifests == nullptr || manifests->empty()) {
    section.AddCallout(Verdict::kNote, Str(lang, Msg::kNoteNoKubernetes));
    return;
  }
  struct Listed {
    const PlanManifest* file;
    std::string kind;
  };
  std::vector<Listed> files;
  for (const PlanManifest& m : *manifests) files.push_back({&m, ManifestValue(m.text, "kind")});
  std::stable_sort(files.begin(), files.end(), [](const Listed& a, const Listed& b) {
    return KindRank(a.kind) < KindRank(b.kind);
  });
  const int replicas = plan.recommendation->replicas;
  for (const Listed& f : files) {
    if (f.kind != "Deployment") continue;
    const std::string written = ManifestValue(f.file->text, "replicas");
    if (written == std::to_string(replicas)) continue;
    // Left from another plan: listing it under this plan's numbers would mislead.
    section.AddCallout(Verdict::kWarn, TrFormat(lang, Msg::kNoteKubernetesMismatch, written,
                                                FormatCount(replicas, lang)));
    return;
  }
  section.AddParagraph(Str(lang, Msg::kExplainKubernetes));
  DataTable table{
      .caption = Str(lang, Msg::kTableKubernetes),
      .header = {Str(lang, Msg::kColFile), Str(lang, Msg::kColKind), Str(lang, Msg::kColSettings)}};
  for (const Listed& f : files) {
    table.rows.push_back(
        {"deployment/" + f.file->name, f.kind, ManifestSettings(f.kind, f.file->text, lang)});
  }
  section.AddTable(std::move(table));
  for (const Listed& f : files) section.AddPreformatted(f.file->text, "deployment/" + f.file->name);
}

void AddApproval(Document& doc, const PlanDocument& plan) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("approval", Str(lang, Msg::kSecApproval));
  section.AddParagraph(Str(lang, Msg::kExplainApproval));
  const PlanProvenance& p = plan.provenance;
  section.AddKeyValues({
      {Str(lang, Msg::kKeyPlanName), p.name.empty() ? p.plan_file : p.name},
      {Str(lang, Msg::kKeyPlanRunDate), ""},
      {Str(lang, Msg::kKeyPlanVersion), p.gpuplan_version},
      {Str(lang, Msg::kKeyAuthor), ""},
      {Str(lang, Msg::kKeyReviewer), ""},
      {Str(lang, Msg::kKeyApprover), ""},
      {Str(lang, Msg::kKeyDecision), ""},
  });
}

}  // namespace gpuplan::report::detail
