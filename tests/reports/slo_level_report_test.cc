// The three-level verdict of an SLO preset in the run and plan reports, in English and Japanese,
// HTML and Markdown: the fixture's summary.json and plan.json with a level verdict written into
// them, and without one (the reports as before).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "reports/data_files.h"
#include "reports/plan_report.h"
#include "reports/report_text.h"
#include "reports/run_report.h"
#include "tests/reports/report_checks.h"

namespace gpuplan::report {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path kFixture = fs::path(GPUPLAN_SOURCE_DIR) / "tests/reports/testdata/plan_small";

// `text` with the first `after` followed by `insert`.
std::string Inserted(std::string text, const std::string& after, const std::string& insert) {
  const size_t at = text.find(after);
  EXPECT_NE(at, std::string::npos) << after;
  return at == std::string::npos ? text : text.insert(at + after.size(), insert);
}

// The fixture run (chatbot preset, p95 TTFT 217 ms and TPOT 38.6 ms, both met) with the level
// verdict summary.json writes for a preset.
RunData RunWithLevel(const std::string& level_met) {
  RunData run = ReadRunData(kFixture / "recommended");
  std::string json = ReadTextFile(kFixture / "recommended" / "summary.json");
  json = Inserted(json, "\"attainment_of_arrived\": 1,\n    \"met\": true",
                  ",\n    \"preset\": \"chatbot\",\n    \"level\": \"ideal\",\n    \"levels\": "
                  "{\"ideal\": {\"ttft_ms\": 500}, \"acceptable\": {\"ttft_ms\": 1000}},\n    "
                  "\"level_met\": \"" +
                      level_met + "\"");
  run.summary = ParseRunSummary(json, "summary.json");
  return run;
}

struct Rendered {
  std::string html;
  std::string markdown;
};

Rendered RenderRun(const RunData& run, Lang lang) {
  const Document doc = BuildRunReport(run, lang, {"9.9.9"});
  return {RenderHtml(doc), RenderMarkdown(doc).markdown};
}

TEST(SloLevelReportTest, TheRunReportSaysWhichLevelTheRunMeets) {
  for (Lang lang : {Lang::kEn, Lang::kJa}) {
    for (const auto& [level_met, id] : {std::pair{"ideal", Msg::kSloLevelIdeal},
                                        {"acceptable", Msg::kSloLevelAcceptable},
                                        {"none", Msg::kSloLevelFails}}) {
      const Rendered r = RenderRun(RunWithLevel(level_met), lang);
      const std::string text = TrFormat(lang, id, "chatbot");
      EXPECT_THAT(testing::DecodeEntities(r.html), HasSubstr(text)) << level_met;
      EXPECT_THAT(r.markdown, HasSubstr(text)) << level_met;
      EXPECT_THAT(r.markdown, HasSubstr(TrFormat(lang, Msg::kSloPresetAtLevel, "chatbot",
                                                 Str(lang, Msg::kSloLevelNameIdeal))));
    }
  }
  EXPECT_EQ(TrFormat(Lang::kEn, Msg::kSloLevelAcceptable, "chatbot"),
            "Meets acceptable: every acceptable target of the chatbot preset, not every ideal one");
  EXPECT_EQ(TrFormat(Lang::kJa, Msg::kSloLevelIdeal, "chatbot"),
            "理想を満たす:chatbotプリセットの理想目標をすべて満たす");
}

TEST(SloLevelReportTest, ARunWithoutALevelVerdictReadsAsBefore) {
  const RunData run = ReadRunData(kFixture / "recommended");
  EXPECT_EQ(run.summary.slo_level_met, "");
  for (Lang lang : {Lang::kEn, Lang::kJa}) {
    const Rendered r = RenderRun(run, lang);
    EXPECT_THAT(r.markdown, Not(HasSubstr(Str(lang, Msg::kKeySloPreset))));
    EXPECT_THAT(r.markdown, Not(HasSubstr(TrFormat(lang, Msg::kSloLevelIdeal, "chatbot"))));
  }
}

Rendered RenderPlan(const std::string& plan_json, Lang lang) {
  const PlanData plan = ParsePlanData(plan_json, "plan.json");
  const RunData run = ReadRunData(kFixture / "recommended");
  const Document doc = BuildPlanReport(plan, &run, lang, {"9.9.9"});
  return {RenderHtml(doc), RenderMarkdown(doc).markdown};
}

TEST(SloLevelReportTest, ThePlanReportsExecutiveSummaryHasTheLevelVerdict) {
  std::string json = ReadTextFile(kFixture / "plan.json");
  json = Inserted(json, "\"source\": \"plan\",\n      \"preset\": \"chatbot\",",
                  "\n      \"level\": \"acceptable\",");
  json = Inserted(json, "\"binding_metric\": \"tpot\",\n    \"margin\": 0.10286017751088486,",
                  "\n    \"level_met\": \"ideal\",");
  for (Lang lang : {Lang::kEn, Lang::kJa}) {
    const Rendered r = RenderPlan(json, lang);
    const std::string summary =
        testing::DecodeEntities(testing::HtmlSection(r.html, "executive-summary"));
    const std::string level =
        TrFormat(lang, Msg::kExecSloLevel, TrFormat(lang, Msg::kSloLevelIdeal, "chatbot"));
    EXPECT_THAT(summary, HasSubstr(level));  // after the targets line: still five lines
    const std::string plain_summary = testing::HtmlSection(
        RenderPlan(ReadTextFile(kFixture / "plan.json"), lang).html, "executive-summary");
    EXPECT_EQ(testing::HtmlRows(testing::HtmlSection(r.html, "executive-summary")).size(),
              testing::HtmlRows(plain_summary).size());
    EXPECT_THAT(r.markdown, HasSubstr(level));
    EXPECT_THAT(r.markdown, HasSubstr(TrFormat(lang, Msg::kSloPresetAtLevel, "chatbot",
                                               Str(lang, Msg::kSloLevelNameAcceptable))));
  }
  // Without the fields (an older plan.json, or a plan without a preset): no level row.
  const Rendered plain = RenderPlan(ReadTextFile(kFixture / "plan.json"), Lang::kEn);
  EXPECT_THAT(plain.markdown, Not(HasSubstr("SLO level:")));
}

}  // namespace
}  // namespace gpuplan::report
