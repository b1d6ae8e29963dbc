#include "reports/run_report.h"

#include <fmt/format.h>

#include <cmath>

#include "reports/compare_report.h"
#include "reports/report_text.h"
#include "reports/run_sections.h"
#include "reports/slo_level_text.h"

namespace gpuplan::report {
namespace {

// Hours in the month the plan's cost model uses (8,760 h / 12): the same month in every report.
constexpr double kHoursPerMonth = 730;

// A context entry as display text ("" when absent).
std::string ContextText(const SummaryDocument& s, std::string_view key) {
  const ContextValue* value = s.FindContext(key);
  return value != nullptr ? ContextValueText(*value) : "";
}

// The verdict first: what a reader must know before any number.
void AddVerdict(Section& section, const SummaryDocument& s, Lang lang) {
  const SloResult& slo = s.slo;
  if (!slo.any_enabled()) {
    section.AddCallout(Verdict::kNote, Str(lang, Msg::kNoSloSet));
  } else if (slo.met) {
    section.AddCallout(
        Verdict::kPass, TrFormat(lang, Msg::kSloMetAt, PercentileName(slo.percentile, lang)),
        LabelValue(lang, Str(lang, Msg::kKeyAttainment), FormatPercent(slo.attainment, 1, lang)));
  } else {
    std::vector<std::string> missed;
    for (SloMetric m : kSloMetrics) {
      if (slo.metrics[m].enabled && !slo.metrics[m].met) missed.emplace_back(SloMetricLabel(m));
    }
    section.AddCallout(
        Verdict::kFail,
        TrFormat(lang, Msg::kSloMissedAt, PercentileName(slo.percentile, lang),
                 JoinList(lang, missed)),
        LabelValue(lang, Str(lang, Msg::kKeyAttainment), FormatPercent(slo.attainment, 1, lang)));
  }
  // With an SLO preset, which of its levels the run meets; a run without one reads as before.
  if (slo.preset) {
    if (auto level = SloLevelVerdict(slo.preset->level_met, slo.preset->preset, lang)) {
      section.AddCallout(level->verdict, level->text);
    }
  }
  if (s.counts.dropped > 0 || s.counts.unfinished > 0) {
    section.AddCallout(
        Verdict::kWarn,
        TrFormat(lang, Msg::kWarnDropped, FormatCount(static_cast<double>(s.counts.dropped), lang),
                 FormatCount(static_cast<double>(s.counts.unfinished), lang)));
  }
  for (const auto& [key, value] : s.context) {
    if (key != "calibration.warning") continue;
    section.AddCallout(
        Verdict::kWarn,
        TrFormat(lang, Msg::kWarnBundleGpu, ContextText(s, "calibration.measured_on"), s.gpu()));
  }
  if (s.sustained.fell_behind()) {
    section.AddCallout(Verdict::kFail,
                       TrFormat(lang, Msg::kWarnOverloaded,
                                FormatNumber(s.sustained.completion_rate_per_s, 2, lang),
                                FormatNumber(s.sustained.arrival_rate_per_s, 2, lang)));
  }
}

// The latency model, with the calibration bundle it read and the load tests fitted into it
// (summary.json context calibration.*).
std::string LatencyModelText(const SummaryDocument& s) {
  std::string text = s.latency_model();
  auto value = [&s](std::string_view key) { return ContextText(s, key); };
  if (const std::string bundle = value("calibration.bundle"); !bundle.empty()) {
    text += fmt::format(" ({}; {}, {})", bundle, value("calibration.tool"),
                        value("calibration.created_utc"));
  }
  if (const std::string tests = value("calibration.load_tests"); !tests.empty()) {
    text += fmt::format("; serving terms {} fitted to load tests: {}",
                        value("calibration.serving_terms"), tests);
  }
  return text;
}

std::vector<KeyValue> ConfigurationRows(const SummaryDocument& s, Lang lang) {
  const std::string version = s.engine_version();
  std::string engine = version.empty() ? s.engine() : s.engine() + " " + version;
  return {
      {Str(lang, Msg::kKeyModel), s.model()},
      {Str(lang, Msg::kKeyGpu), s.gpu()},
      {Str(lang, Msg::kKeyEngine), engine},
      {Str(lang, Msg::kKeyReplicas), FormatCount(static_cast<double>(s.replicas), lang)},
      {Str(lang, Msg::kKeyTensorParallel),
       FormatCount(static_cast<double>(s.tensor_parallel()), lang)},
      {Str(lang, Msg::kKeyTotalGpus),
       FormatWithUnit(static_cast<double>(s.gpus), 0, Msg::kUnitGpus, lang)},
      {Str(lang, Msg::kKeyLatencyModel), LatencyModelText(s)},
      {Str(lang, Msg::kKeyWorkload), s.workload()},
  };
}

std::vector<KeyValue> ResultRows(const SummaryDocument& s, Lang lang) {
  std::vector<KeyValue> rows = {
      {Str(lang, Msg::kKeyMeasuredRequests),
       TrFormat(lang, Msg::kMeasuredOfArrived,
                FormatCount(static_cast<double>(s.counts.measured), lang),
                FormatCount(static_cast<double>(s.counts.arrived), lang))},
      {Str(lang, Msg::kKeyRequestThroughput), FormatRate(s.request_throughput, lang)},
      {Str(lang, Msg::kKeyOutputThroughput),
       FormatWithUnit(s.output_throughput, 1, Msg::kUnitTokensPerS, lang)},
      {Str(lang, Msg::kKeyTokensPerUser),
       FormatWithUnit(s.tokens_per_s_per_user, 1, Msg::kUnitTokensPerS, lang)},
      {Str(lang, Msg::kKeyGpuBusy), FormatPercent(s.utilization.gpu_busy_fraction, 1, lang)},
  };
  if (s.slo.any_enabled()) {
    rows.push_back({Str(lang, Msg::kKeyAttainment), FormatPercent(s.slo.attainment, 1, lang)});
  }
  if (s.slo.preset && !s.slo.preset->preset.empty()) {
    const SloPresetVerdict& preset = *s.slo.preset;
    rows.push_back(
        {Str(lang, Msg::kKeySloPreset),
         TrFormat(lang, Msg::kSloPresetAtLevel, preset.preset, SloLevelWord(preset.level, lang))});
  }
  if (const CostResult& cost = s.cost; cost.priced) {
    rows.push_back({Str(lang, Msg::kKeyHourlyCost), FormatUsd(cost.usd_per_hour, 2, lang)});
    rows.push_back(
        {Str(lang, Msg::kKeyMonthlyCost), FormatUsd(cost.usd_per_hour * kHoursPerMonth, 0, lang)});
    rows.push_back({Str(lang, Msg::kKeyCostPerMillionTokens),
                    FormatUsd(cost.usd_per_million_tokens, 2, lang)});
  }
  return rows;
}

void AddSummary(Document& doc, const SummaryDocument& s) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("summary", Str(lang, Msg::kSecSummary));
  AddVerdict(section, s, lang);
  section.AddKeyValues(ConfigurationRows(s, lang), Str(lang, Msg::kCaptionConfiguration));
  section.AddKeyValues(ResultRows(s, lang), Str(lang, Msg::kCaptionResults));
  AddLatencyTables(section, s, lang);
}

void AddMemory(Document& doc, const SummaryDocument& s) {
  const Lang lang = doc.lang();
  Section& section = doc.AddSection("memory", Str(lang, Msg::kSecMemory));
  section.AddKeyValues({
      {Str(lang, Msg::kKeyWeightsPerGpu), FormatGib(s.weight_gib_per_gpu(), lang)},
      {Str(lang, Msg::kKeyKvBudgetPerGpu), FormatGib(s.kv_budget_gib_per_gpu(), lang)},
      {Str(lang, Msg::kKeyKvBlocks),
       TrFormat(lang, Msg::kBlocksOfTokens,
                FormatCount(static_cast<double>(s.kv_blocks_per_replica()), lang),
                FormatCount(static_cast<double>(s.kv_block_size()), lang))},
      {Str(lang, Msg::kKeyKvTokens),
       FormatCount(static_cast<double>(s.kv_tokens_per_replica()), lang)},
  });
}

void AddProvenance(Document& doc, const RunData& run, const ReportInfo& info) {
  const Lang lang = doc.lang();
  const SummaryDocument& s = run.summary;
  Section& section = doc.AddSection("provenance", Str(lang, Msg::kSecProvenance));
  section.AddParagraph(Str(lang, Msg::kExplainProvenance));
  section.AddKeyValues({
      {Str(lang, Msg::kKeyReportVersion), info.gpuplan_version},
      {Str(lang, Msg::kKeySchema), s.schema},
      {Str(lang, Msg::kKeySeed), std::to_string(s.seed())},
      {Str(lang, Msg::kKeyReproduce),
       fmt::format("gpuplan simulate resolved_scenario.yaml --seed {}", s.seed())},
  });
  DataTable context{.caption = Str(lang, Msg::kTableContext),
                    .header = {Str(lang, Msg::kColField), Str(lang, Msg::kColValue)}};
  // Every entry but the per-op breakdown (the step-breakdown section has it).
  for (const auto& [key, value] : s.context) {
    if (key.starts_with(kContextOpSecondsPrefix) || key.starts_with(kContextOpSourcePrefix)) {
      continue;
    }
    context.rows.push_back({key, ContextValueText(value)});
  }
  section.AddTable(std::move(context));
  if (run.resolved_yaml.empty()) {
    section.AddCallout(Verdict::kNote,
                       TrFormat(lang, Msg::kNoteMissingFile, "resolved_scenario.yaml"));
  } else {
    section.AddPreformatted(run.resolved_yaml, "resolved_scenario.yaml");
  }
}

}  // namespace

Document BuildRunReport(const RunData& run, Lang lang, const ReportInfo& info) {
  // A compare folder's report is about the load test first: its title says so.
  const CompareReportData* compare = run.comparison ? &*run.comparison : nullptr;
  Document doc(lang, Str(lang, compare ? Msg::kCompareReportTitle : Msg::kRunReportTitle));
  doc.set_subtitle(compare ? TrFormat(lang, Msg::kCompareReportSubtitle, compare->measured_file,
                                      compare->scenario)
                           : TrFormat(lang, Msg::kRunReportSubtitle, run.summary.scenario()));
  doc.set_footer(TrFormat(lang, Msg::kGeneratedBy, info.gpuplan_version));
  AddSummary(doc, run.summary);
  // A compare folder: the measured load test against this simulation of it, first.
  if (compare != nullptr) AddComparisonSections(doc, *compare);
  AddMemory(doc, run.summary);
  AddLatencySection(doc, run);
  AddLengthsSection(doc, run);
  AddKvQueueSection(doc, run);
  AddStepBreakdownSection(doc, run);
  AddProvenance(doc, run, info);
  return doc;
}

}  // namespace gpuplan::report
