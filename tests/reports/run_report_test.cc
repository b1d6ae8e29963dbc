// The run report (a `gpuplan simulate` folder), built from testdata/plan_small/recommended/, which
// is a simulate output. Its summary is read back from the HTML and compared with summary.json.
#include "reports/run_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "reports/data_files.h"
#include "reports/report_folder.h"
#include "reports/report_text.h"
#include "sim/util/json_value.h"
#include "tests/reports/report_checks.h"
#include "tests/reports/xml_check.h"

namespace gpuplan::report {
namespace {

namespace fs = std::filesystem;
using testing::HtmlRows;
using testing::HtmlSection;
using testing::Matches;
using testing::NumbersIn;

const fs::path kRun =
    fs::path(GPUPLAN_SOURCE_DIR) / "tests/reports/testdata/plan_small/recommended";

std::string RenderRun(Lang lang) {
  return RenderHtml(BuildRunReport(ReadRunData(kRun), lang, {"9.9.9"}));
}

TEST(RunReportTest, ReadsTheMeasuredRequestsOnly) {
  const RunData run = ReadRunData(kRun);
  const JsonValue summary = JsonValue::Parse(ReadTextFile(kRun / "summary.json"));
  EXPECT_EQ(static_cast<int64_t>(run.requests.ttft_ms.size()),
            summary.At("ttft_ms").At("count").AsInt());
  EXPECT_EQ(static_cast<int64_t>(run.requests.e2e_ms.size()),
            summary.At("e2e_ms").At("count").AsInt());
  EXPECT_EQ(run.requests.rows, summary.At("counts").At("completed").AsInt());
  EXPECT_FALSE(run.timeseries.empty());
  EXPECT_FALSE(run.summary.ops().empty());
  EXPECT_EQ(run.summary.ops().front().op, "embedding");
}

TEST(RunReportTest, SummaryNumbersMatchSummaryJson) {
  const JsonValue s = JsonValue::Parse(ReadTextFile(kRun / "summary.json"));
  const Lang lang = Lang::kEn;
  const std::map<std::string, std::vector<double>> expected = {
      {Str(lang, Msg::kKeyReplicas), {s.At("replicas").AsDouble()}},
      {Str(lang, Msg::kKeyTotalGpus), {s.At("gpus").AsDouble()}},
      {Str(lang, Msg::kKeyMeasuredRequests),
       {s.At("counts").At("measured").AsDouble(), s.At("counts").At("arrived").AsDouble()}},
      {Str(lang, Msg::kKeyRequestThroughput), {s.At("request_throughput").AsDouble()}},
      {Str(lang, Msg::kKeyOutputThroughput), {s.At("output_throughput").AsDouble()}},
      {Str(lang, Msg::kKeyHourlyCost), {s.At("cost").At("usd_per_hour").AsDouble()}},
      {Str(lang, Msg::kKeyMonthlyCost), {s.At("cost").At("usd_per_hour").AsDouble() * 730}},
      {Str(lang, Msg::kKeyCostPerMillionTokens),
       {s.At("cost").At("usd_per_million_tokens").AsDouble()}},
      {Str(lang, Msg::kKeyAttainment), {100 * s.At("slo").At("attainment").AsDouble()}},
      {Str(lang, Msg::kKeyGpuBusy), {100 * s.At("utilization").At("gpu_busy_fraction").AsDouble()}},
  };
  const std::string summary = HtmlSection(RenderRun(lang), "summary");
  int checked = 0;
  for (const testing::HtmlRow& row : HtmlRows(summary)) {
    auto it = expected.find(row.size() == 2 ? row[0] : "");
    if (it == expected.end()) continue;
    const auto printed = NumbersIn(row[1]);
    ASSERT_EQ(printed.size(), it->second.size()) << row[1];
    for (size_t i = 0; i < printed.size(); ++i) {
      EXPECT_TRUE(Matches(printed[i], it->second[i])) << row[0] << ": " << row[1];
    }
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(expected.size()));
  // The latency table: p95 of each metric.
  for (const testing::HtmlRow& row : HtmlRows(summary)) {
    if (row.size() != 7 || row[0] != "TTFT") continue;
    EXPECT_TRUE(Matches(NumbersIn(row[4]).at(0), s.At("ttft_ms").At("p95").AsDouble())) << row[4];
  }
}

TEST(RunReportTest, HtmlIsWellFormedSelfContainedWithEveryChart) {
  for (Lang lang : kAllLangs) {
    const Document doc = BuildRunReport(ReadRunData(kRun), lang, {"9.9.9"});
    const std::string html = RenderHtml(doc);
    EXPECT_EQ(testing::CheckHtml(html), "");
    testing::ExpectNoNetworkReferences(html);
    const MarkdownOutput md = RenderMarkdown(doc);
    // three CDFs, prompt and output length histograms, KV and queue, step breakdown
    EXPECT_EQ(md.files.size(), 7u);
    for (const OutputFile& f : md.files) EXPECT_EQ(testing::CheckXml(f.contents), "");
    EXPECT_NE(md.markdown.find("```text\nname: small-chatbot"), std::string::npos);
  }
}

TEST(RunReportTest, JapaneseReportHasNoEnglishMessages) {
  const std::string html = testing::WithoutQuotedData(
      RenderRun(Lang::kJa),
      testing::StringsIn(JsonValue::Parse(ReadTextFile(kRun / "summary.json"))));
  for (int i = 0; i < kMsgCount; ++i) {
    std::string_view english = Tr(Lang::kEn, static_cast<Msg>(i));
    if (english.size() < 8 || english.find('{') != std::string_view::npos) continue;
    EXPECT_EQ(html.find(english), std::string::npos)
        << "English text in the ja report: " << english;
  }
}

TEST(RunReportTest, MissingOptionalFilesLeaveNotes) {
  const fs::path dir =
      fs::temp_directory_path() / ("gpuplan_run_report_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(kRun / "summary.json", dir / "summary.json");
  const ReportOutcome o = WriteFolderReport(dir, {.info = {"9.9.9"}});
  EXPECT_EQ(o.kind, ReportKind::kRun);
  EXPECT_EQ(o.figures, 1);  // only the step breakdown, from summary.json
  const std::string html = ReadTextFile(dir / "report.html");
  EXPECT_NE(html.find("requests.csv is missing from the folder"), std::string::npos);
  EXPECT_NE(html.find("timeseries.csv is missing from the folder"), std::string::npos);
  fs::remove_all(dir);
}

// A run on a bundle fitted to load tests says so beside the latency model: which bundle, by
// which tool and when, the terms and the load tests (summary.json context calibration.*).
TEST(RunReportTest, ALatencyModelFittedToLoadTestsNamesThem) {
  RunData run = ReadRunData(kRun);
  run.summary.SetContext("latency_model", std::string("calibrated"));
  run.summary.SetContext("calibration.bundle", std::string("fits/qwen"));
  run.summary.SetContext("calibration.tool", std::string("gpuplan-fit-serving 0.1.0"));
  run.summary.SetContext("calibration.created_utc", std::string("2026-12-07T01:02:03Z"));
  run.summary.SetContext("calibration.serving_terms", std::string("gemm_time_scale=1.2"));
  run.summary.SetContext("calibration.load_tests", std::string("bench.json (sha256 0123456789ab)"));
  const std::string html = RenderHtml(BuildRunReport(run, Lang::kEn, {"9.9.9"}));
  EXPECT_NE(html.find("calibrated (fits/qwen; gpuplan-fit-serving 0.1.0, 2026-12-07T01:02:03Z); "
                      "serving terms gemm_time_scale=1.2 fitted to load tests: bench.json "
                      "(sha256 0123456789ab)"),
            std::string::npos);
  // Without a bundle the row is the model's name alone.
  EXPECT_EQ(RenderRun(Lang::kEn).find("fitted to load tests"), std::string::npos);
}

// summary.json "sustained": an overloaded run says so in its verdict, whatever its latencies; a
// run that keeps up (the fixture) has no such callout.
TEST(RunReportTest, AnOverloadedRunIsCalledOutInTheVerdict) {
  RunData run = ReadRunData(kRun);
  EXPECT_FALSE(run.summary.sustained.fell_behind());
  EXPECT_EQ(RenderRun(Lang::kEn).find("falls behind its arrivals"), std::string::npos);
  run.summary.sustained.judged = true;
  run.summary.sustained.overloaded = true;
  run.summary.sustained.completion_rate_per_s = 36.91;
  run.summary.sustained.arrival_rate_per_s = 39.09;
  const std::string en = RenderHtml(BuildRunReport(run, Lang::kEn, {"9.9.9"}));
  EXPECT_NE(en.find("The fleet falls behind its arrivals: it completed 36.91 req/s while 39.09 "
                    "req/s arrived"),
            std::string::npos);
  const std::string ja = RenderHtml(BuildRunReport(run, Lang::kJa, {"9.9.9"}));
  EXPECT_NE(ja.find("39.09 req/s の到着に対し完了は 36.91 req/s"), std::string::npos);
}

// A bundle of another GPU family (summary.json context calibration.warning) is called out with
// the GPU it was measured on, in both languages.
TEST(RunReportTest, ABundleMeasuredOnAnotherGpuIsCalledOut) {
  RunData run = ReadRunData(kRun);
  EXPECT_EQ(RenderRun(Lang::kEn).find("was measured on"), std::string::npos);
  run.summary.SetContext("calibration.measured_on", std::string("NVIDIA A100-SXM4-80GB"));
  run.summary.SetContext("calibration.warning", std::string("..."));
  const std::string en = RenderHtml(BuildRunReport(run, Lang::kEn, {"9.9.9"}));
  EXPECT_NE(
      en.find("The calibration bundle was measured on &#39;NVIDIA A100-SXM4-80GB&#39;, not on "
              "this run&#39;s " +
              run.summary.gpu()),
      std::string::npos)
      << en.substr(0, 200);
  const std::string ja = RenderHtml(BuildRunReport(run, Lang::kJa, {"9.9.9"}));
  EXPECT_NE(ja.find("NVIDIA A100-SXM4-80GB"), std::string::npos);
  EXPECT_NE(ja.find("測定した演算時間をそのまま使っています"), std::string::npos);
}

}  // namespace
}  // namespace gpuplan::report
