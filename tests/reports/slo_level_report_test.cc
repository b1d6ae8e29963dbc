// The three-level verdict of an SLO preset in the run and plan reports, in English and Japanese,
// HTML and Markdown: the fixture's summary.json and plan.json (which carry the chatbot preset's
// verdict, "ideal") with the verdict set to each level, and without one (a file written before the
// verdict existed: the reports as before).
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

// The fixture run (chatbot preset, p95 TTFT 273 ms and TPOT 39.9 ms, both met: summary.json's
// slo.level_met is "ideal") with the level verdict set to `level_met`.
RunData RunWithLevel(const std::string& level_met) {
  RunData run = ReadRunData(kFixture / "recommended");
  const std::string json =
      testing::WithJsonMember(ReadTextFile(kFixture / "recommended" / "summary.json"), "level_met",
                              "\"" + level_met + "\"");
  run.summary = ParseSummaryDocument(json, "summary.json");
  return run;
}

// The fixture run as a summary.json written before the level verdict: slo without preset, level,
// levels and level_met.
RunData RunWithoutLevel() {
  RunData run = ReadRunData(kFixture / "recommended");
  std::string json = ReadTextFile(kFixture / "recommended" / "summary.json");
  for (const char* key : {"preset", "level", "levels", "level_met"}) {
    json = testing::WithoutJsonMember(json, key, json.find("\"slo\": {"));
  }
  run.summary = ParseSummaryDocument(json, "summary.json");
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
  const RunData run = RunWithoutLevel();
  EXPECT_FALSE(run.summary.slo.preset);
  for (Lang lang : {Lang::kEn, Lang::kJa}) {
    const Rendered r = RenderRun(run, lang);
    EXPECT_THAT(r.markdown, Not(HasSubstr(Str(lang, Msg::kKeySloPreset))));
    EXPECT_THAT(r.markdown, Not(HasSubstr(TrFormat(lang, Msg::kSloLevelIdeal, "chatbot"))));
  }
}

Rendered RenderPlan(const std::string& plan_json, Lang lang) {
  const PlanDocument plan = ParsePlanDocument(plan_json, "plan.json");
  const RunData run = ReadRunData(kFixture / "recommended");
  const Document doc = BuildPlanReport(plan, &run, lang, {"9.9.9"});
  return {RenderHtml(doc), RenderMarkdown(doc).markdown};
}

TEST(SloLevelReportTest, ThePlanReportsExecutiveSummaryHasTheLevelVerdict) {
  // The plan's preset level set to acceptable (steps.slo.level; the fixture's is ideal), the
  // recommendation meeting ideal (recommendation.level_met, as in the fixture).
  const std::string fixture = ReadTextFile(kFixture / "plan.json");
  std::string json =
      testing::WithJsonMember(fixture, "level", "\"acceptable\"", fixture.find("\"steps\": {"));
  json =
      testing::WithJsonMember(json, "level_met", "\"ideal\"", json.find("\"recommendation\": {"));
  // An older plan.json: neither field.
  std::string older = testing::WithoutJsonMember(fixture, "level", fixture.find("\"steps\": {"));
  older = testing::WithoutJsonMember(older, "levels", older.find("\"steps\": {"));
  older = testing::WithoutJsonMember(older, "level_met", older.find("\"recommendation\": {"));
  for (Lang lang : {Lang::kEn, Lang::kJa}) {
    const Rendered r = RenderPlan(json, lang);
    const std::string summary =
        testing::DecodeEntities(testing::HtmlSection(r.html, "executive-summary"));
    const std::string level =
        TrFormat(lang, Msg::kExecSloLevel, TrFormat(lang, Msg::kSloLevelIdeal, "chatbot"));
    EXPECT_THAT(summary, HasSubstr(level));  // after the targets line: still five lines
    const std::string plain_summary =
        testing::HtmlSection(RenderPlan(older, lang).html, "executive-summary");
    EXPECT_EQ(testing::HtmlRows(testing::HtmlSection(r.html, "executive-summary")).size(),
              testing::HtmlRows(plain_summary).size());
    EXPECT_THAT(r.markdown, HasSubstr(level));
    EXPECT_THAT(r.markdown, HasSubstr(TrFormat(lang, Msg::kSloPresetAtLevel, "chatbot",
                                               Str(lang, Msg::kSloLevelNameAcceptable))));
  }
  // Without the fields (an older plan.json, or a plan without a preset): no level row.
  const Rendered plain = RenderPlan(older, Lang::kEn);
  EXPECT_THAT(plain.markdown, Not(HasSubstr("SLO level:")));
}

}  // namespace
}  // namespace gpuplan::report
