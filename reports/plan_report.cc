#include "reports/plan_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "reports/bundle_meta.h"
#include "reports/plan_sections.h"
#include "reports/report_text.h"

namespace gpuplan::report {
namespace {

std::string Seeds(const std::vector<uint64_t>& seeds) {
  std::string text;
  for (uint64_t seed : seeds) text += (text.empty() ? "" : ", ") + std::to_string(seed);
  return text;
}

std::vector<KeyValue> ProvenanceRows(const PlanDocument& plan, const ReportInfo& info, Lang lang) {
  const PlanProvenance& p = plan.provenance;
  return {
      {Str(lang, Msg::kKeyPlanVersion), p.gpuplan_version},
      {Str(lang, Msg::kKeyReportVersion), info.gpuplan_version},
      {Str(lang, Msg::kKeySchema), plan.schema},
      {Str(lang, Msg::kKeyPlanFile), p.plan_file},
      {Str(lang, Msg::kKeyBaseScenario), p.base_source},
      {Str(lang, Msg::kKeySeeds), Seeds(p.seeds)},
      {Str(lang, Msg::kKeyRequestsPerProbe),
       FormatCount(static_cast<double>(p.requests_per_probe), lang) + " / " +
           FormatCount(static_cast<double>(p.isolated_requests), lang)},
      {Str(lang, Msg::kKeyWarmup), FormatPercent(p.warmup_fraction, 0, lang)},
      {Str(lang, Msg::kKeyConfidence), FormatPercent(p.confidence, 0, lang)},
      {Str(lang, Msg::kKeyLatencyModel), p.latency_model},
      {Str(lang, Msg::kKeyCostModel), TranslatePlanLabel(lang, p.cost_model)},
      {Str(lang, Msg::kKeyReproduce), fmt::format("gpuplan plan {}", p.plan_file)},
  };
}

// Calibration bundles: each candidate's latency model names the bundle folder it used; the
// bundle's own meta.txt says on which GPU and when it was measured. A plan where no candidate
// used one says so as plainly: every number then rests on roofline estimates.
DataTable BundleTable(const PlanDocument& plan, Lang lang) {
  DataTable table{
      .caption = Str(lang, Msg::kCaptionCalibration),
      .header = {Str(lang, Msg::kKeyCalibrationBundle), Str(lang, Msg::kColMeasuredOn),
                 Str(lang, Msg::kColDate), Str(lang, Msg::kColTool), Str(lang, Msg::kKeyUsedBy)}};
  std::vector<std::string> dirs;
  for (const PlanCandidate& c : plan.candidates) {
    const std::string dir = CalibratedBundleDir(c.latency_model);
    if (dir.empty()) continue;
    auto at = std::find(dirs.begin(), dirs.end(), dir);
    if (at != dirs.end()) {
      table.rows[static_cast<size_t>(at - dirs.begin())][4] +=
          Str(lang, Msg::kListSeparator) + c.label;
      continue;
    }
    dirs.push_back(dir);
    const BundleMeta meta = ReadBundleMeta(dir);
    table.rows.push_back({dir, meta.found ? meta.gpu : Str(lang, Msg::kMetaNotFound), meta.created,
                          meta.tool, c.label});
  }
  return table;
}

void AddCalibration(Section& section, const PlanDocument& plan, const RunData* run, Lang lang) {
  DataTable bundles = BundleTable(plan, lang);
  if (const std::string& bundle = plan.inputs.candidates.calibration_bundle; !bundle.empty()) {
    section.AddKeyValues({{Str(lang, Msg::kKeyCalibrationBundle), bundle}});
  }
  if (bundles.rows.empty()) {
    section.AddCallout(Verdict::kNote, Str(lang, Msg::kNoteNoCalibration));
  } else {
    section.AddTable(std::move(bundles));
  }
  if (run == nullptr) return;
  std::vector<KeyValue> rows;  // what the recommended run itself records about its bundle
  for (const auto& [key, value] : run->summary.context) {
    if (key.starts_with("calibration")) rows.push_back({key, ContextValueText(value)});
  }
  if (!rows.empty()) section.AddKeyValues(std::move(rows));
}

void AddDeployment(Document& doc, const PlanDocument& plan) {
  if (!plan.deployment) return;
  const Lang lang = doc.lang();
  const PlanDeployment& d = *plan.deployment;
  Section& section = doc.AddSection("deployment", Str(lang, Msg::kSecDeployment));
  section.AddParagraph(Str(lang, Msg::kExplainDeployment));
  section.AddPreformatted(d.serve_command, Str(lang, Msg::kCaptionServeCommand));
  if (!d.engine_config.empty()) {
    section.AddPreformatted(d.engine_config, Str(lang, Msg::kCaptionEngineConfig));
  }
  if (!d.bench_command.empty()) {
    section.AddPreformatted(d.bench_command, Str(lang, Msg::kCaptionBenchCommand));
  }
  if (!d.compare_command.empty()) {
    section.AddPreformatted(d.compare_command, Str(lang, Msg::kCaptionCompareCommand));
  }
  for (const std::string& note : d.notes) section.AddParagraph(note);
}

void AddProvenance(Document& doc, const PlanDocument& plan, const RunData* run,
                   const ReportInfo& info) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("provenance", Str(lang, Msg::kSecProvenance));
  section.AddParagraph(Str(lang, Msg::kExplainPlanProvenance));
  section.AddKeyValues(ProvenanceRows(plan, info, lang));
  AddCalibration(section, plan, run, lang);
  if (!plan.provenance.base_yaml.empty()) {
    section.AddPreformatted(plan.provenance.base_yaml, Str(lang, Msg::kCaptionBaseScenario));
  }
}

}  // namespace

Document BuildPlanReport(const PlanDocument& plan, const RunData* recommended_run, Lang lang,
                         const ReportInfo& info, const std::vector<PlanManifest>* manifests) {
  Document doc(lang, Str(lang, Msg::kReportTitle));
  const std::string name =
      plan.provenance.name.empty() ? plan.provenance.plan_file : plan.provenance.name;
  doc.set_subtitle(TrFormat(lang, Msg::kReportSubtitle, name));
  doc.set_footer(TrFormat(lang, Msg::kGeneratedBy, info.gpuplan_version));
  detail::AddExecutiveSummary(doc, plan);
  detail::AddPlanSummary(doc, plan, recommended_run);
  detail::AddRiskRegister(doc, plan, recommended_run);
  detail::AddPlanSteps(doc, plan);
  detail::AddPlanFigures(doc, plan, recommended_run);
  AddDeployment(doc, plan);
  detail::AddKubernetes(doc, plan, manifests);
  AddProvenance(doc, plan, recommended_run, info);
  detail::AddApproval(doc, plan);
  return doc;
}

}  // namespace gpuplan::report
