// The plan report, built from the fixed plan in testdata/plan_small/ (see make_plan_fixture.sh).
// The summary is read back from the rendered HTML and Markdown, and every number in it is
// compared with plan.json, read here with the plain JSON reader, not the report's own reader.
#include "reports/plan_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "reports/data_files.h"
#include "reports/plan_risks.h"
#include "reports/report_folder.h"
#include "reports/report_text.h"
#include "reports/text.h"
#include "sim/core/error.h"
#include "sim/util/atomic_file.h"
#include "sim/util/json_value.h"
#include "sim/util/json_writer.h"
#include "tests/reports/report_checks.h"
#include "tests/reports/xml_check.h"

namespace gpuplan::report {
namespace {

namespace fs = std::filesystem;
using testing::HtmlRows;
using testing::HtmlSection;
using testing::Matches;
using testing::NumbersIn;

const std::string kSource = GPUPLAN_SOURCE_DIR;
const fs::path kFixture = fs::path(kSource) / "tests/reports/testdata/plan_small";

std::string FixtureText() { return ReadTextFile(kFixture / "plan.json"); }

struct Rendered {
  std::string html;
  MarkdownOutput markdown;
};

Rendered Render(Lang lang, const std::string& plan_json = FixtureText(), bool with_run = true) {
  const PlanDocument plan = ParsePlanDocument(plan_json, "plan.json");
  const RunData run = ReadRunData(kFixture / "recommended");
  const Document doc = BuildPlanReport(plan, with_run ? &run : nullptr, lang, {"9.9.9"});
  return {RenderHtml(doc), RenderMarkdown(doc)};
}

// The expected value of every key of the summary's key-value tables, from plan.json: each
// number printed in the cell must match the listed value at the printed precision.
std::map<std::string, std::vector<double>> ExpectedSummary(const JsonValue& plan, Lang lang) {
  const JsonValue& rec = plan.At("recommendation");
  const JsonValue& cost = rec.At("cost");
  const JsonValue& traffic = plan.At("steps").At("traffic");
  const JsonValue* candidate = nullptr;
  for (const JsonValue& c : plan.At("candidates").AsArray()) {
    if (c.At("id").AsInt() == rec.At("candidate").AsInt()) candidate = &c;
  }
  double price = 0;
  for (const JsonValue& p : plan.At("provenance").At("prices").AsArray()) {
    if (p.At("gpu").AsString() == candidate->At("gpu").AsString()) {
      price = p.At("usd_per_gpu_hour").AsDouble();
    }
  }
  double daily_requests = 0;
  for (const JsonValue& step : traffic.At("derivation").AsArray()) {
    if (step.At("label").AsString() == "daily requests")
      daily_requests = step.At("value").AsDouble();
  }
  const double gpus = cost.At("gpus").AsDouble();
  const double gpus_per_node = candidate->At("gpus_per_node").AsDouble();
  const JsonValue& provenance = plan.At("provenance");
  return {
      {Str(lang, Msg::kKeyGpu), {}},
      {Str(lang, Msg::kKeyGpusPerReplica), {candidate->At("tensor_parallel").AsDouble()}},
      {Str(lang, Msg::kKeyReplicas), {rec.At("replicas").AsDouble()}},
      {Str(lang, Msg::kKeyTotalGpus), {gpus}},
      {Str(lang, Msg::kKeyNodes), {std::ceil(gpus / gpus_per_node), gpus_per_node}},
      {Str(lang, Msg::kKeyEngine), {}},
      {Str(lang, Msg::kKeyMonthlyCost), {cost.At("usd_per_month").AsDouble()}},
      {Str(lang, Msg::kKeyHourlyCost), {cost.At("usd_per_hour").AsDouble()}},
      {Str(lang, Msg::kKeyCostPerMillionTokens),
       {cost.At("usd_per_million_output_tokens").AsDouble()}},
      {Str(lang, Msg::kKeyPeakLoad), {traffic.At("peak_rate_per_s").AsDouble()}},
      {Str(lang, Msg::kKeyTrafficInput), {}},
      {Str(lang, Msg::kKeyDailyActiveUsers),
       {plan.At("inputs").At("traffic").At("dau").AsDouble()}},
      {Str(lang, Msg::kKeyDailyRequests), {daily_requests}},
      {Str(lang, Msg::kKeyInFlightAtPeak), {traffic.At("concurrency_in_flight").AsDouble()}},
      {Str(lang, Msg::kKeyMeanTokens),
       {traffic.At("mean_prompt_tokens").AsDouble(), traffic.At("mean_output_tokens").AsDouble()}},
      {Str(lang, Msg::kKeyTimeInSystem), {traffic.At("time_in_system_s").AsDouble()}},
      {Str(lang, Msg::kKeySloSource), {}},
      {Str(lang, Msg::kKeyPricePerGpuHour), {price}},  // then the price date's digits
      {Str(lang, Msg::kKeyLatencyModel), {}},
      {Str(lang, Msg::kKeySimulationEffort),
       {static_cast<double>(provenance.At("seeds").AsArray().size()),
        provenance.At("requests_per_probe").AsDouble()}},
  };
}

void ExpectSummaryMatchesPlan(Lang lang) {
  const JsonValue plan = JsonValue::Parse(FixtureText());
  const std::map<std::string, std::vector<double>> expected = ExpectedSummary(plan, lang);
  const std::string summary = HtmlSection(Render(lang).html, "summary");
  ASSERT_FALSE(summary.empty());
  int checked = 0;
  for (const testing::HtmlRow& row : HtmlRows(summary)) {
    if (row.size() != 2) continue;  // key-value rows only; data tables are checked below
    auto it = expected.find(row[0]);
    ASSERT_NE(it, expected.end()) << "summary row without a check: " << row[0];
    const std::vector<testing::PrintedNumber> printed = NumbersIn(row[1]);
    ASSERT_GE(printed.size(), it->second.size()) << row[0] << ": " << row[1];
    for (size_t i = 0; i < it->second.size(); ++i) {
      EXPECT_TRUE(Matches(printed[i], it->second[i]))
          << row[0] << ": printed " << row[1] << ", plan.json has " << it->second[i];
    }
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(expected.size()));
}

TEST(PlanReportTest, EverySummaryNumberMatchesPlanJson) {
  ExpectSummaryMatchesPlan(Lang::kEn);
  ExpectSummaryMatchesPlan(Lang::kJa);
}

TEST(PlanReportTest, PredictedLatencyTableMatchesTheProbe) {
  const JsonValue plan = JsonValue::Parse(FixtureText());
  const JsonValue& metrics = plan.At("recommendation").At("probe").At("metrics");
  const std::string summary = HtmlSection(Render(Lang::kEn).html, "summary");
  int rows = 0;
  for (const testing::HtmlRow& row : HtmlRows(summary)) {
    if (row.size() != 6 || (row[0] != "TTFT" && row[0] != "TPOT" && row[0] != "E2E")) continue;
    const std::string key = row[0] == "TTFT" ? "ttft" : row[0] == "TPOT" ? "tpot" : "e2e";
    const JsonValue& m = metrics.At(key);
    const JsonValue& ci = m.At("ci");
    EXPECT_TRUE(Matches(NumbersIn(row[1]).at(0), ci.At("mean").AsDouble())) << row[1];
    EXPECT_TRUE(Matches(NumbersIn(row[2]).at(0), ci.At("lower").AsDouble())) << row[2];
    EXPECT_TRUE(Matches(NumbersIn(row[2]).at(1), ci.At("upper").AsDouble())) << row[2];
    if (m.At("enabled").AsBool()) {
      EXPECT_TRUE(Matches(NumbersIn(row[3]).at(0), m.At("threshold_ms").AsDouble())) << row[3];
      EXPECT_TRUE(Matches(NumbersIn(row[4]).at(0), 100 * m.At("margin").AsDouble())) << row[4];
      EXPECT_EQ(row[5], m.At("passed").AsBool() ? "PASS" : "FAIL");
    } else {
      EXPECT_EQ(row[5], "not set");
    }
    ++rows;
  }
  EXPECT_EQ(rows, 3);
}

TEST(PlanReportTest, SummaryPercentilesMatchTheProbeWithTheirIntervals) {
  const JsonValue plan = JsonValue::Parse(FixtureText());
  const JsonValue& table = plan.At("recommendation").At("probe").At("summary_percentiles_ms");
  const std::string summary = HtmlSection(Render(Lang::kEn).html, "summary");
  int rows = 0;
  for (const testing::HtmlRow& row : HtmlRows(summary)) {
    if (row.size() != 5 || (row[0] != "TTFT" && row[0] != "TPOT" && row[0] != "E2E")) continue;
    const std::string key = row[0] == "TTFT" ? "ttft" : row[0] == "TPOT" ? "tpot" : "e2e";
    int column = 1;
    for (const char* p : {"p50", "p90", "p95", "p99"}) {
      const JsonValue& ci = table.At(key).At(p);
      const std::vector<testing::PrintedNumber> printed = NumbersIn(row[column++]);
      ASSERT_EQ(printed.size(), 3u) << key << " " << p;
      EXPECT_TRUE(Matches(printed[0], ci.At("mean").AsDouble())) << key << " " << p;
      // A lower bound below zero is printed as 0 (a latency is never negative).
      EXPECT_TRUE(Matches(printed[1], std::max(0.0, ci.At("lower").AsDouble()))) << key << " " << p;
      EXPECT_TRUE(Matches(printed[2], ci.At("upper").AsDouble())) << key << " " << p;
    }
    ++rows;
  }
  EXPECT_EQ(rows, 3);
}

TEST(PlanReportTest, GpuRowNamesTheCatalogGpu) {
  const JsonValue plan = JsonValue::Parse(FixtureText());
  const int id = static_cast<int>(plan.At("recommendation").At("candidate").AsInt());
  const JsonValue& c = plan.At("candidates").AsArray()[id];
  ASSERT_EQ(c.At("id").AsInt(), id);
  const std::string expected =
      c.At("gpu_display_name").AsString() + " (" + c.At("gpu").AsString() + ")";
  ASSERT_NE(c.At("gpu_display_name").AsString(), c.At("gpu").AsString());
  bool found = false;
  for (const testing::HtmlRow& row : HtmlRows(HtmlSection(Render(Lang::kEn).html, "summary"))) {
    if (row.size() == 2 && row[0] == "GPU") found = row[1] == expected;
  }
  EXPECT_TRUE(found) << expected;
}

TEST(PlanReportTest, RecommendedRunOfAnotherFleetIsRefused) {
  const fs::path dir =
      fs::temp_directory_path() / ("gpuplan_plan_mismatch_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::copy(kFixture, dir, fs::copy_options::recursive);
  const fs::path summary = dir / "recommended" / "summary.json";
  const std::string text = std::regex_replace(
      ReadTextFile(summary), std::regex("\"replicas\": [0-9]+"), "\"replicas\": 9");
  ASSERT_NE(text, ReadTextFile(summary));
  WriteFileAtomic(summary, text);  // a run of 9 replicas: not the fleet plan.json recommends
  try {
    WriteFolderReport(dir, {});
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(summary.string() + ": is a run of 9"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("expected the recommended fleet's run"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(dir / "report.html"));
  fs::remove_all(dir);
}

TEST(PlanReportTest, MarkdownSummaryCarriesTheSameNumbers) {
  const JsonValue plan = JsonValue::Parse(FixtureText());
  const std::string& md = Render(Lang::kEn).markdown.markdown;
  const double month = plan.At("recommendation").At("cost").At("usd_per_month").AsDouble();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(md, m, std::regex("\\| Monthly cost \\| ([^|]*) \\|")));
  EXPECT_TRUE(Matches(NumbersIn(m[1].str()).at(0), month)) << m[1];
  ASSERT_TRUE(std::regex_search(md, m, std::regex("\\| Replicas \\| ([^|]*) \\|")));
  EXPECT_EQ(NumbersIn(m[1].str()).at(0).value, plan.At("recommendation").At("replicas").AsDouble());
}

TEST(PlanReportTest, HtmlIsWellFormedSelfContainedAndHasEveryChart) {
  for (Lang lang : kAllLangs) {
    const Rendered r = Render(lang);
    EXPECT_EQ(testing::CheckHtml(r.html), "");
    testing::ExpectNoNetworkReferences(r.html);
    // Memory, two load sweeps (TTFT and TPOT have SLOs), Pareto, day, three CDFs, two length
    // histograms, KV/queue, steps.
    EXPECT_EQ(r.markdown.files.size(), 12u);
    for (const OutputFile& f : r.markdown.files) EXPECT_EQ(testing::CheckXml(f.contents), "");
    for (const char* id : {"summary", "targets", "traffic", "memory", "candidates", "cost",
                           "latency", "lengths", "load-sweep", "cost-latency", "day-of-traffic",
                           "kv-queue", "step-breakdown", "provenance"}) {
      EXPECT_FALSE(HtmlSection(r.html, id).empty()) << id;
    }
  }
}

TEST(PlanReportTest, CandidatesTableGivesEveryRejectionAReason) {
  const std::string section = HtmlSection(Render(Lang::kEn).html, "candidates");
  int candidates = 0;
  int recommended = 0;
  for (const testing::HtmlRow& row : HtmlRows(section)) {
    if (row.size() != 7 || row[0] == "Candidate") continue;
    ++candidates;
    if (row[6] == "Recommended") {
      ++recommended;
    } else {
      EXPECT_TRUE(row[6].starts_with("Rejected because ")) << row[6];
    }
  }
  EXPECT_EQ(candidates, 4);
  EXPECT_EQ(recommended, 1);
}

TEST(PlanReportTest, JapaneseReportHasNoEnglishMessages) {
  // What the plan and the run wrote themselves (descriptions, formulas, sources) is quoted as is.
  std::vector<std::string> quoted = testing::StringsIn(JsonValue::Parse(FixtureText()));
  for (std::string& s : testing::StringsIn(
           JsonValue::Parse(ReadTextFile(kFixture / "recommended" / "summary.json")))) {
    quoted.push_back(std::move(s));
  }
  const std::string html = testing::WithoutQuotedData(Render(Lang::kJa).html, quoted);
  for (int i = 0; i < kMsgCount; ++i) {
    std::string_view english = Tr(Lang::kEn, static_cast<Msg>(i));
    if (english.size() < 8 || english.find('{') != std::string_view::npos) continue;
    EXPECT_EQ(html.find(english), std::string::npos)
        << "English text in the ja report: " << english;
  }
  EXPECT_NE(html.find("推奨構成"), std::string::npos);
}

TEST(PlanReportTest, MissingOptionalSectionsBecomeNotes) {
  // Drop every optional section: the report still renders, saying what is missing. The sections
  // are top-level members (two spaces in) of plan.json; inputs.search has a "sensitivity" too.
  std::string text = FixtureText();
  for (const std::string key : {"sensitivity", "n_plus_one", "autoscaler", "pareto"}) {
    size_t at = text.find("\n  \"" + key + "\": ");
    ASSERT_NE(at, std::string::npos) << key;
    text.replace(at + 4, key.size(), "x_" + key);
  }
  const Rendered r = Render(Lang::kEn, text, false);
  EXPECT_EQ(testing::CheckHtml(r.html), "");
  EXPECT_NE(r.html.find("plan.json has no &quot;autoscaler&quot; section"), std::string::npos);
  EXPECT_NE(r.html.find("The plan did not check N+1 headroom."), std::string::npos);
  EXPECT_NE(r.html.find("recommended/ subfolder"), std::string::npos);
  EXPECT_EQ(r.markdown.files.size(), 1u);  // the memory chart needs only the candidates
}

TEST(PlanReportTest, NoRecommendationIsAFailVerdict) {
  std::string text = FixtureText();
  const size_t at = text.find("\"recommendation\":");
  const size_t end = text.find("\"no_recommendation\":", at);
  text.replace(at, end - at, "\"recommendation\": null, ");
  text.replace(text.find("\"no_recommendation\": \"\""), 23,
               "\"no_recommendation\": \"every candidate misses the TTFT target\"");
  const Rendered r = Render(Lang::kEn, text, false);
  EXPECT_EQ(testing::CheckHtml(r.html), "");
  EXPECT_NE(r.html.find("No candidate meets the SLO at peak"), std::string::npos);
  EXPECT_NE(r.html.find("every candidate misses the TTFT target"), std::string::npos);
}

TEST(PlanReportTest, ProvenanceNamesCalibrationBundlesWithGpuAndDate) {
  EXPECT_NE(Render(Lang::kEn).html.find("No candidate used a calibration bundle"),
            std::string::npos);
  // Candidate 0 (the first "latency_model" after provenance's) calibrated with a shipped bundle.
  std::string text = FixtureText();
  const std::string bundle = kSource + "/configs/calibration/a100_80gb_sxm/vidur-llama-3-8b";
  const size_t at = text.find("\"latency_model\": \"roofline\"", text.find("\"candidates\": ["));
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 27, "\"latency_model\": \"calibrated (" + bundle + ")\"");
  const std::string section = HtmlSection(Render(Lang::kEn, text).html, "provenance");
  const std::string meta = ReadTextFile(bundle + "/meta.txt");
  std::smatch created;
  ASSERT_TRUE(std::regex_search(meta, created, std::regex("created_utc=([^\n]*)")));
  bool found = false;
  for (const testing::HtmlRow& row : HtmlRows(section)) {
    if (row.size() != 5 || row[0] != bundle) continue;
    found = true;
    EXPECT_TRUE(row[1].starts_with("NVIDIA A100")) << row[1];
    EXPECT_EQ(row[2], created[1].str());
    EXPECT_EQ(row[4], "l40s x TP1 vllm");
  }
  EXPECT_TRUE(found) << section;
}

TEST(PlanReportTest, WrongSchemaOrTypeIsAConfigErrorNamingThePath) {
  try {
    ParsePlanDocument("{\"schema\": \"gpuplan.plan/9\"}", "dir/plan.json");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "dir/plan.json: schema: is 'gpuplan.plan/9'; expected gpuplan.plan/1 (a plan.json "
              "written by gpuplan plan)");
  }
  std::string text = FixtureText();
  text.replace(text.find("\"usd_per_month\": "), 17, "\"usd_per_month\": \"a lot\", \"x\": ");
  try {
    ParsePlanDocument(text, "plan.json");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("usd_per_month: is a string; expected a number"),
              std::string::npos)
        << e.what();
  }
}

TEST(PlanReportTest, GpusPerNodeBelowOneIsAConfigError) {
  std::string text = FixtureText();
  const size_t at = text.find("\"gpus_per_node\": ");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, text.find(',', at) - at, "\"gpus_per_node\": 0");
  try {
    ParsePlanDocument(text, "plan.json");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "candidates[0].gpus_per_node: is below 1; expected the GPUs per node, >= 1"),
              std::string::npos)
        << e.what();
  }
}

// Values gpuplan never writes are refused at their path, on both sides of the bound.
TEST(PlanReportTest, ImpossibleValuesAreConfigErrorsNamingThePath) {
  auto error_with = [](const std::string& from, const std::string& to) -> std::string {
    std::string text = FixtureText();
    const size_t at = text.find(from);
    if (at == std::string::npos) return "fixture has no " + from;
    text.replace(at, from.size(), to);
    try {
      ParsePlanDocument(text, "plan.json");
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(error_with("\"warmup_fraction\": 0.1", "\"warmup_fraction\": 1.5"),
            "plan.json: provenance.warmup_fraction: is 1.5; expected a number from 0 to 1 "
            "(gpuplan never writes this value)");
  EXPECT_EQ(error_with("\"warmup_fraction\": 0.1", "\"warmup_fraction\": 1"), "no error");
  EXPECT_EQ(error_with("\"requests_per_probe\": 600", "\"requests_per_probe\": 0"),
            "plan.json: provenance.requests_per_probe: is 0; expected an integer >= 1 "
            "(gpuplan never writes this value)");
}

TEST(PlanReportTest, WriteFolderReportWritesReportAndCopiesInputs) {
  const fs::path out =
      fs::temp_directory_path() / ("gpuplan_plan_report_" + std::to_string(getpid()));
  fs::remove_all(out);
  const ReportOutcome o = WriteFolderReport(kFixture, {.lang = Lang::kJa, .out_dir = out});
  EXPECT_EQ(o.kind, ReportKind::kPlan);
  EXPECT_EQ(o.figures, 12);
  for (const char* f : {"report.html", "report.md", "figures/day-chart.svg", "plan.json",
                        "candidates.csv", "recommended/summary.json", "recommended/requests.csv"}) {
    EXPECT_TRUE(fs::exists(out / f)) << f;
  }
  EXPECT_EQ(ReadTextFile(out / "plan.json"), FixtureText());
  fs::remove_all(out);
}

// `gpuplan plan --report` renders from the document it wrote plan.json from: the same report as
// reading the folder, and the document's values (not the file's) when the two differ.
TEST(PlanReportTest, WriteFolderReportFromTheDocumentInMemory) {
  const fs::path base =
      fs::temp_directory_path() / ("gpuplan_plan_report_memory_" + std::to_string(getpid()));
  fs::remove_all(base);
  const ReportOutcome from_file = WriteFolderReport(kFixture, {.out_dir = base / "file"});
  PlanDocument plan = ParsePlanDocument(FixtureText(), "plan.json");
  const ReportOutcome from_memory = WriteFolderReport(kFixture, plan, {.out_dir = base / "memory"});
  EXPECT_EQ(from_memory.kind, ReportKind::kPlan);
  EXPECT_EQ(from_memory.figures, from_file.figures);
  for (const char* f : {"report.html", "report.md", "figures/day-chart.svg", "plan.json",
                        "recommended/summary.json"}) {
    EXPECT_EQ(ReadTextFile(base / "memory" / f), ReadTextFile(base / "file" / f)) << f;
  }
  plan.provenance.name = "in-memory-plan-name";
  WriteFolderReport(kFixture, plan, {.out_dir = base / "edited"});
  EXPECT_NE(ReadTextFile(base / "edited" / "report.md").find("in-memory-plan-name"),
            std::string::npos);
  EXPECT_EQ(ReadTextFile(base / "file" / "report.md").find("in-memory-plan-name"),
            std::string::npos);
  fs::remove_all(base);
}

// plan.json's "deployment": the launch, benchmark and compare commands appear verbatim, each in
// its own box, with the notes; a plan without it (older files) has no such section.
TEST(PlanReportTest, TheDeploymentSectionShowsTheCommandsVerbatim) {
  EXPECT_EQ(
      HtmlSection(Render(Lang::kEn, testing::WithoutJsonMember(FixtureText(), "deployment")).html,
                  "deployment"),
      "");
  const std::string text = testing::WithJsonMember(
      FixtureText(), "deployment", R"({"serve_command": "vllm serve m \\\n    --max-num-seqs 8",
      "engine_config": "", "bench_command": "vllm bench serve \\\n    --request-rate 2.000",
      "compare_command": "gpuplan compare plan-verify.json", "notes": ["note one"]})");
  for (const Lang lang : {Lang::kEn, Lang::kJa}) {
    const std::string section = HtmlSection(Render(lang, text).html, "deployment");
    EXPECT_NE(section.find("vllm serve m \\\n    --max-num-seqs 8"), std::string::npos) << section;
    EXPECT_NE(section.find("--request-rate 2.000"), std::string::npos);
    EXPECT_NE(section.find("gpuplan compare plan-verify.json"), std::string::npos);
    EXPECT_NE(section.find("note one"), std::string::npos);
  }
}

// A candidate a rule rejected (no FP8 on its GPU) has no memory plan (plan.json "memory": null):
// the report gives the rule's own reason, never "does not fit" with 0.0 GiB rows.
TEST(PlanReportTest, ARuleRejectedCandidateShowsTheRulesReason) {
  JsonValue fixture = JsonValue::Parse(FixtureText());
  std::string text = FixtureText();
  const std::string label = fixture.At("candidates").AsArray().back().At("label").AsString();
  // Rewrite the last candidate as pruned by a rule.
  const size_t at =
      text.find("\"label\": " + QuoteJsonString(label), text.find("\"candidates\": ["));
  ASSERT_NE(at, std::string::npos);
  const size_t memory = text.find("\"memory\": {", at);
  const size_t memory_end = text.find('}', memory);
  text.replace(memory, memory_end + 1 - memory, "\"memory\": null");
  const size_t status = text.find("\"status\": \"", at);
  const size_t status_end = text.find(',', status);
  text.replace(status, status_end - status, "\"status\": \"pruned\"");
  const size_t reason = text.find("\"reason\": \"", at);
  const size_t reason_end = text.find(',', reason);
  text.replace(reason, reason_end - reason,
               "\"reason\": \"deployment.weight_dtype: fp8 weights need FP8 support\"");
  const std::string html = Render(Lang::kEn, text).html;
  const std::string candidates = HtmlSection(html, "candidates");
  EXPECT_NE(candidates.find("fp8 weights need FP8 support"), std::string::npos) << candidates;
  const std::string memory_html = HtmlSection(html, "memory");
  const std::vector<testing::HtmlRow> rows = HtmlRows(memory_html);
  bool found = false;
  for (const testing::HtmlRow& row : rows) {
    if (row.empty() || row[0] != label) continue;
    found = true;
    EXPECT_EQ(row[1], "\u2014");
    EXPECT_NE(row[4].find("fp8 weights need FP8 support"), std::string::npos) << row[4];
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(memory_html.find("does not fit"), std::string::npos);
}

// The fixture with a cost cap of US$4,500 a month that binds: the fixture's recommendation (3 x
// l40s x TP1, US$4,075.59) stands for the best fleet under the cap, and 4 of the same candidate
// (US$5,434.12) for the cheapest one that meets every SLO. What it gives up is set by hand, and
// the chatbot preset's level it meets with it: p95 TTFT up to 560 ms is over the ideal 500 ms but
// within the acceptable 1,000 ms (plan.json steps.slo.levels), so "acceptable".
std::string WithBindingCap() {
  std::string text = FixtureText();
  const std::string cap = R"({"max_monthly_cost": 4500, "status": "binds",
    "within_cap": false, "meets_slo": false, "headroom_usd_per_month": 424.41,
    "cheapest_meeting_slo": {"candidate": 0, "label": "l40s x TP1 vllm", "replicas": 4,
      "gpus": 4, "usd_per_month": 5434.12},
    "cheapest_meeting_slo_usd_per_month": 5434.12,
    "given_up": [
      {"metric": "ttft", "slo_ms": 500, "threshold_ms": 500,
       "ci": {"n": 2, "mean": 540, "stddev": 1.57, "t": 12.7, "lower": 520, "upper": 560,
              "confidence": 0.95},
       "over_by_ms": 60, "over_by_fraction": 0.12, "text": "p95 TTFT over"},
      {"metric": "sustained", "arrival_rate_per_s": 7.5, "completion_rate_per_s": 7,
       "overloaded_seeds": 2, "text": "falls behind"}],
    "rule": "r",
    "considered": [
      {"candidate": 0, "label": "l40s x TP1 vllm", "replicas": 3, "gpus": 3,
       "usd_per_month": 4075.59, "keeps_up": false, "passed": false, "margin": -0.12,
       "binding_metric": "ttft", "attainment": 0.8, "probe_source": "search"}],
    "cheapest_fleet": null, "extra_probes": 0, "statement": "s"})";
  text = testing::WithJsonMember(text, "level_met", "\"acceptable\"",
                                 text.find("\"recommendation\": {"));
  return testing::WithJsonMember(text, "cost_cap", cap);
}

// A cap that binds: the summary says so (a warning, not a pass), what the SLO would cost instead,
// and what the fleet gives up, in both languages, with every number from plan.json.
TEST(PlanReportTest, ABindingCostCapIsStatedWithWhatItGivesUp) {
  const std::string text = WithBindingCap();
  const JsonValue plan = JsonValue::Parse(text);
  const JsonValue& ttft = plan.At("cost_cap").At("given_up").AsArray().at(0);
  for (const Lang lang : {Lang::kEn, Lang::kJa}) {
    const std::string html = Render(lang, text).html;
    EXPECT_EQ(testing::CheckHtml(html), "");
    const std::string summary = HtmlSection(html, "summary");
    const std::vector<std::string> titles = testing::CalloutTitles(summary);
    const std::string title = lang == Lang::kEn
                                  ? "Best under the cost cap: 3 replicas of l40s x TP1 vllm"
                                  : "費用上限内で最善の構成:l40s x TP1 vllmを3レプリカ";
    EXPECT_NE(std::find(titles.begin(), titles.end(), title), titles.end()) << summary;
    // Never the plain "meets every SLO" verdict.
    const std::string pass = TrFormat(lang, Msg::kRecommendedFleet, "3", "l40s x TP1 vllm");
    EXPECT_EQ(std::find(titles.begin(), titles.end(), pass), titles.end()) << pass;
    const std::string body =
        lang == Lang::kEn
            ? "No fleet that meets every SLO fits under the cost cap of US$4,500 per month: the "
              "cheapest one, 4 replicas of l40s x TP1 vllm, costs US$5,434 per month, US$934 "
              "over the cap. This fleet costs US$4,076 per month"
            : "全SLOを満たす構成は月額US$4,500の費用上限に収まりません。そのうち最も安い構成("
              "l40s x TP1 vllmを4レプリカ)は月額US$5,434で、上限をUS$934超えます。この構成は月額"
              "US$4,076で";
    EXPECT_NE(summary.find(body), std::string::npos) << summary;
    int given_up = 0;
    bool sustained = false;
    for (const testing::HtmlRow& row : HtmlRows(summary)) {
      if (row.size() == 5 && row[0] == "p95 TTFT") {
        ++given_up;
        EXPECT_TRUE(Matches(NumbersIn(row[1]).at(0), ttft.At("ci").At("mean").AsDouble()));
        EXPECT_TRUE(Matches(NumbersIn(row[2]).at(0), ttft.At("ci").At("lower").AsDouble()));
        EXPECT_TRUE(Matches(NumbersIn(row[2]).at(1), ttft.At("ci").At("upper").AsDouble()));
        EXPECT_TRUE(Matches(NumbersIn(row[3]).at(0), ttft.At("threshold_ms").AsDouble()));
        EXPECT_TRUE(Matches(NumbersIn(row[4]).at(0), ttft.At("over_by_ms").AsDouble()));
        EXPECT_TRUE(Matches(NumbersIn(row[4]).at(1), 100 * ttft.At("over_by_fraction").AsDouble()));
      }
      if (row.size() == 5 && row[0] == Str(lang, Msg::kGivenUpSustained)) {
        sustained = true;
        // English says what completes first, Japanese what arrives.
        const bool en = lang == Lang::kEn;
        EXPECT_TRUE(Matches(NumbersIn(row[1]).at(en ? 0 : 1), 7)) << row[1];    // completes
        EXPECT_TRUE(Matches(NumbersIn(row[1]).at(en ? 1 : 0), 7.5)) << row[1];  // arrive
      }
    }
    EXPECT_EQ(given_up, 1);
    EXPECT_TRUE(sustained);
    // N+1 is not claimed for a fleet that misses the SLO with every replica up.
    EXPECT_NE(summary.find(Str(lang, Msg::kNoteNoHeadroomUnderCap)), std::string::npos);
    // The other candidates cost more than the cap, and the table says so.
    const std::string over = TrFormat(
        lang, Msg::kRejectedBecause,
        TrFormat(lang, Msg::kReasonOverCap, FormatUsd(5022.4, 0, lang), FormatUsd(4500, 0, lang)));
    EXPECT_NE(HtmlSection(html, "candidates").find(over), std::string::npos);
  }
  // The Japanese report words all of it in Japanese.
  const std::string ja =
      testing::WithoutQuotedData(Render(Lang::kJa, text).html, testing::StringsIn(plan));
  for (Msg id : {Msg::kCapBinds, Msg::kTableGivenUp, Msg::kGivenUpSustainedValue,
                 Msg::kTableCapConsidered, Msg::kNoteNoHeadroomUnderCap}) {
    const std::string_view en = Tr(Lang::kEn, id);
    EXPECT_EQ(ja.find(en.substr(0, std::min<size_t>(20, en.find('{')))), std::string::npos) << en;
  }
}

// A cap with room to spare, and one nothing fits under, in both languages.
TEST(PlanReportTest, CostCapWithinAndNothingAffordable) {
  const std::string within =
      testing::WithJsonMember(FixtureText(), "cost_cap", R"({"max_monthly_cost": 5000,
                    "status": "within_cap", "within_cap": true, "meets_slo": true,
                    "headroom_usd_per_month": 924.41, "given_up": [], "considered": []})");
  std::string none = within;
  const size_t at = none.find("\"recommendation\":");
  none.replace(at, none.find("\"no_recommendation\":", at) - at, "\"recommendation\": null, ");
  none = testing::WithJsonMember(none, "cost_cap", R"({"max_monthly_cost": 3000,
                  "status": "nothing_affordable",
                  "cheapest_fleet": {"candidate": 2, "label": "h100_sxm x TP1 vllm",
                    "replicas": 1, "gpus": 1, "usd_per_month": 5022.4},
                  "cheapest_meeting_slo": {"candidate": 0, "label": "l40s x TP1 vllm",
                    "replicas": 3, "gpus": 3, "usd_per_month": 4075.59}})");
  for (const Lang lang : {Lang::kEn, Lang::kJa}) {
    const std::string summary = HtmlSection(Render(lang, within).html, "summary");
    const std::string respected =
        lang == Lang::kEn ? "Within the cost cap of US$5,000 per month, with US$924 per month to "
                            "spare."
                          : "月額US$5,000の費用上限内に収まり、月額US$924の余裕があります。";
    EXPECT_NE(summary.find(respected), std::string::npos) << summary;
    const std::string empty = HtmlSection(Render(lang, none, false).html, "summary");
    const std::vector<std::string> titles = testing::CalloutTitles(empty);
    ASSERT_FALSE(titles.empty());
    EXPECT_EQ(titles.back(), Str(lang, Msg::kCapNothingAffordable));
    const std::string body =
        lang == Lang::kEn
            ? "The cap is US$3,000 per month, and the smallest fleet the plan searched, 1 "
              "replica of h100_sxm x TP1 vllm, costs US$5,022 per month. The cheapest fleet that "
              "meets every SLO, 3 replicas of l40s x TP1 vllm, costs US$4,076 per month."
            : "上限は月額US$3,000ですが、計画で探索した最小の構成(h100_sxm x TP1 vllmを1レプリカ)"
              "でも月額US$5,022かかります。全SLOを満たす最も安い構成(l40s x TP1 vllmを3レプリカ)"
              "は月額US$4,076です。";
    EXPECT_NE(empty.find(body), std::string::npos) << empty;
  }
}

// The plan's warnings and its latency safety factor reach the report in its language.
TEST(PlanReportTest, FewSeedsWarningAndSafetyFactorAreShown) {
  std::string text = FixtureText();
  text.replace(text.find("\"inputs\": {"), 0,
               R"("warnings": [{"code": "few_seeds", "seeds": 2, "t": 12.706204736174707,
                   "confidence": 0.95, "text": "search.seeds is 2"}],
               )");
  // Judged against 500 / 1.25 = 400 ms.
  const size_t slo = text.find("\"speed_grade\": \"reading\",", text.find("\"steps\": {"));
  text.replace(slo, 0, "\"latency_safety_factor\": 1.25, ");
  const size_t rec = text.find("\"recommendation\": {");
  const size_t threshold = text.find("\"threshold_ms\": 500,", rec);
  text.replace(threshold, 20, "\"threshold_ms\": 400, \"slo_ms\": 500,");
  for (const Lang lang : {Lang::kEn, Lang::kJa}) {
    const std::string html = Render(lang, text).html;
    const std::string summary = HtmlSection(html, "summary");
    const std::string warning =
        lang == Lang::kEn
            ? "Only 2 seeds per probe: each 95% confidence interval uses t = 12.7 (one degree of "
              "freedom)"
            : "プローブあたりのシードが2個しかありません。各95%信頼区間はt = 12.7(自由度1)";
    EXPECT_NE(summary.find(warning), std::string::npos) << summary;
    bool judged = false;
    for (const testing::HtmlRow& row : HtmlRows(summary)) {
      if (row.size() != 6 || row[0] != "TTFT") continue;
      judged = true;
      EXPECT_EQ(row[3], lang == Lang::kEn ? "400 ms (500 ms SLO / 1.25)"
                                          : "400ミリ秒(SLO 500ミリ秒 / 1.25)");
    }
    EXPECT_TRUE(judged);
    bool factor = false;
    for (const testing::HtmlRow& row : HtmlRows(HtmlSection(html, "targets"))) {
      if (row.size() == 2 && row[0] == Str(lang, Msg::kKeyLatencySafetyFactor)) {
        factor = row[1].starts_with("1.25");
      }
    }
    EXPECT_TRUE(factor);
  }
}

// ---------------------------------------------------------------------------------------------
// The executive summary, the risk register, the Kubernetes manifests and the approval block.

using detail::ClassifyPriceSource;
using detail::PlanRisks;
using detail::PriceTier;
using detail::RiskLevel;
using detail::RiskRow;

PlanDocument FixturePlan(const std::string& text = FixtureText()) {
  return ParsePlanDocument(text, "plan.json");
}

Rendered RenderPlan(const PlanDocument& plan, Lang lang,
                    const std::vector<PlanManifest>* manifests = nullptr) {
  const RunData run = ReadRunData(kFixture / "recommended");
  const Document doc = BuildPlanReport(plan, &run, lang, {"9.9.9"}, manifests);
  return {RenderHtml(doc), RenderMarkdown(doc)};
}

// The key-value rows of a section, in order.
std::vector<testing::HtmlRow> KeyValueRows(const std::string& section) {
  std::vector<testing::HtmlRow> rows;
  for (const testing::HtmlRow& row : HtmlRows(section)) {
    if (row.size() == 2) rows.push_back(row);
  }
  return rows;
}

// The register's rows as "level|risk" for compact comparison.
std::vector<std::string> Levels(const std::vector<RiskRow>& rows) {
  std::vector<std::string> out;
  for (const RiskRow& r : rows) {
    out.push_back(std::string(r.level == RiskLevel::kHigh     ? "high"
                              : r.level == RiskLevel::kMedium ? "medium"
                                                              : "low") +
                  "|" + r.risk);
  }
  return out;
}

std::optional<RiskRow> RowWithRisk(const std::vector<RiskRow>& rows, const std::string& risk) {
  for (const RiskRow& r : rows) {
    if (r.risk == risk) return r;
  }
  return std::nullopt;
}

// The fixture (3 x l40s TP1 at US$4,075.59 a month, roofline, 2 seeds, the N+1 fleet of 4
// failing, 1.5x the peak breaking the fleet, AWS on-demand prices for both GPUs, no safety factor,
// no cost cap): every rule's row, highest level first, rules of a level in their fixed order.
TEST(PlanRiskTest, TheFixturesRegisterByHand) {
  const PlanDocument plan = FixturePlan();
  const Lang en = Lang::kEn;
  EXPECT_EQ(Levels(PlanRisks(plan, nullptr, en)),
            (std::vector<std::string>{
                "high|" + Str(en, Msg::kRiskUncalibrated), "high|" + Str(en, Msg::kRiskFewSeeds),
                "medium|" + Str(en, Msg::kRiskNPlusOneFails),
                "medium|" + TrFormat(en, Msg::kRiskTrafficBreaks, "1.5x"),
                "medium|" + Str(en, Msg::kRiskModelError),
                "low|" + TrFormat(en, Msg::kRiskPriceSound, Str(en, Msg::kTierHyperscaler))}));
  const std::vector<RiskRow> rows = PlanRisks(plan, nullptr, en);
  const std::optional<RiskRow> n1 = RowWithRisk(rows, Str(en, Msg::kRiskNPlusOneFails));
  ASSERT_TRUE(n1.has_value());
  EXPECT_NE((n1->evidence)
                .find("has 4 replicas at US$5,434 per month, US$1,359 "
                      "more."),
            std::string::npos)
      << (n1->evidence);
  const std::optional<RiskRow> traffic =
      RowWithRisk(rows, TrFormat(en, Msg::kRiskTrafficBreaks, "1.5x"));
  ASSERT_TRUE(traffic.has_value());
  // 1.5 x 7.533 req/s = 11.30 req/s.
  EXPECT_NE((traffic->evidence)
                .find("At 1.5x the peak (11.30 requests/s) the 3 "
                      "replicas miss the SLO"),
            std::string::npos)
      << (traffic->evidence);
  const std::optional<RiskRow> error = RowWithRisk(rows, Str(en, Msg::kRiskModelError));
  ASSERT_TRUE(error.has_value());
  EXPECT_NE((error->evidence).find("docs/validation.md"), std::string::npos) << (error->evidence);
  // plan.json recommendation: binding_metric "ttft", margin 0.1225 (the upper end of the TTFT CI,
  // 439 ms, is 12.2% under 500 ms).
  EXPECT_NE((error->evidence).find("(here 12.2% on TTFT)"), std::string::npos) << (error->evidence);
  // The recommended run adds the share of measured step time (roofline: none) to the evidence,
  // never a level.
  const RunData run = ReadRunData(kFixture / "recommended");
  const std::vector<RiskRow> with_run = PlanRisks(plan, &run, en);
  EXPECT_EQ(Levels(with_run), Levels(rows));
  EXPECT_NE((RowWithRisk(with_run, Str(en, Msg::kRiskUncalibrated))->evidence)
                .find("0% of the recommended run's step time comes from measured"),
            std::string::npos)
      << (RowWithRisk(with_run, Str(en, Msg::kRiskUncalibrated))->evidence);
}

TEST(PlanRiskTest, NPlusOneLevels) {
  const Lang en = Lang::kEn;
  PlanDocument plan = FixturePlan();
  plan.recommendation->replicas = 1;
  EXPECT_EQ(PlanRisks(plan, nullptr, en).front().risk, Str(en, Msg::kRiskSingleReplica));
  EXPECT_EQ(PlanRisks(plan, nullptr, en).front().level, RiskLevel::kHigh);
  plan = FixturePlan();
  plan.n_plus_one->holds = true;
  const std::optional<RiskRow> holds =
      RowWithRisk(PlanRisks(plan, nullptr, en), Str(en, Msg::kRiskNPlusOneHolds));
  ASSERT_TRUE(holds.has_value());
  EXPECT_EQ(holds->level, RiskLevel::kLow);
  plan.n_plus_one.reset();
  const std::vector<RiskRow> rows = PlanRisks(plan, nullptr, en);
  const std::optional<RiskRow> unchecked = RowWithRisk(rows, Str(en, Msg::kRiskNPlusOneUnchecked));
  ASSERT_TRUE(unchecked.has_value());
  EXPECT_EQ(unchecked->level, RiskLevel::kMedium);
}

// The smallest multiple that breaks the fleet: up to 1.2x high, below 2x medium, from 2x low;
// holding at every multiple low; nothing above the peak tested medium.
TEST(PlanRiskTest, TrafficSensitivityLevels) {
  const Lang en = Lang::kEn;
  auto traffic_row = [&](const PlanDocument& plan) {
    for (const RiskRow& r : PlanRisks(plan, nullptr, en)) {
      if (r.risk.find("traffic") != std::string::npos ||
          r.risk == Str(en, Msg::kRiskTrafficUntested)) {
        return r;
      }
    }
    return RiskRow{};
  };
  PlanDocument plan = FixturePlan();
  ASSERT_EQ(plan.sensitivity.size(), 3u);  // 0.8 and 1.2 hold, 1.5 breaks
  plan.sensitivity[1].holds = false;
  EXPECT_EQ(traffic_row(plan).level, RiskLevel::kHigh);
  EXPECT_EQ(traffic_row(plan).risk, TrFormat(en, Msg::kRiskTrafficBreaks, "1.2x"));
  plan = FixturePlan();
  plan.sensitivity[2].multiplier = 2;
  EXPECT_EQ(traffic_row(plan).level, RiskLevel::kLow);
  plan.sensitivity[2].holds = true;
  EXPECT_EQ(traffic_row(plan).level, RiskLevel::kLow);
  EXPECT_EQ(traffic_row(plan).risk, Str(en, Msg::kRiskTrafficHolds));
  EXPECT_EQ(traffic_row(plan).evidence,
            "The 3 replicas meet the SLO at 0.8x, 1.2x, 2x the peak traffic.");
  plan.sensitivity.resize(1);  // 0.8x only
  EXPECT_EQ(traffic_row(plan).level, RiskLevel::kMedium);
  EXPECT_EQ(traffic_row(plan).risk, Str(en, Msg::kRiskTrafficUntested));
  plan.sensitivity.clear();
  EXPECT_EQ(traffic_row(plan).level, RiskLevel::kMedium);
}

TEST(PlanRiskTest, CalibrationSeedsAndSafetyFactorLevels) {
  const Lang en = Lang::kEn;
  PlanDocument plan = FixturePlan();
  for (PlanCandidate& c : plan.candidates) c.latency_model = "calibrated (/bundles/l40s/x)";
  const std::optional<RiskRow> calibrated =
      RowWithRisk(PlanRisks(plan, nullptr, en), Str(en, Msg::kRiskCalibrated));
  ASSERT_TRUE(calibrated.has_value());
  EXPECT_EQ(calibrated->level, RiskLevel::kLow);

  plan = FixturePlan();
  plan.warnings.push_back(
      {.code = "few_seeds", .values = {{"seeds", 2}, {"t", 12.706}, {"confidence", 0.95}}});
  const std::optional<RiskRow> few =
      RowWithRisk(PlanRisks(plan, nullptr, en), Str(en, Msg::kRiskFewSeeds));
  ASSERT_TRUE(few.has_value());
  EXPECT_EQ(few->level, RiskLevel::kHigh);
  EXPECT_NE((few->evidence).find("each 95% confidence interval uses t = 12.7"), std::string::npos)
      << (few->evidence);
  plan.warnings.clear();
  plan.provenance.seeds = {1, 2, 3};
  EXPECT_EQ(RowWithRisk(PlanRisks(plan, nullptr, en), Str(en, Msg::kRiskSomeSeeds))->level,
            RiskLevel::kMedium);
  plan.provenance.seeds = {1, 2, 3, 4, 5};
  EXPECT_EQ(RowWithRisk(PlanRisks(plan, nullptr, en), Str(en, Msg::kRiskSeedsEnough))->level,
            RiskLevel::kLow);

  plan.provenance.latency_safety_factor = 1.2;
  const std::optional<RiskRow> error =
      RowWithRisk(PlanRisks(plan, nullptr, en), Str(en, Msg::kRiskModelError));
  EXPECT_EQ(error->level, RiskLevel::kLow);
  EXPECT_NE((error->evidence).find("a latency safety factor of 1.2."), std::string::npos)
      << (error->evidence);
}

TEST(PlanRiskTest, PriceSourceTiersFromTheCatalogsWords) {
  EXPECT_EQ(ClassifyPriceSource("AWS EC2 On-Demand, Linux, US East (N. Virginia): g6e.xlarge (1x "
                                "L40S) at $1.861/h."),
            PriceTier::kHyperscalerOnDemand);
  EXPECT_EQ(ClassifyPriceSource("RunPod on-demand pod price, RTX A5000, Community Cloud column, "
                                "$0.27/h"),
            PriceTier::kCommunityOrSpot);
  EXPECT_EQ(ClassifyPriceSource("Lambda Cloud on-demand list price, 1x NVIDIA H100 PCIe"),
            PriceTier::kGpuCloudOnDemand);
  EXPECT_EQ(ClassifyPriceSource("Massed Compute on-demand list price, 1x H200 NVL, $2.83/h"),
            PriceTier::kGpuCloudOnDemand);
  EXPECT_EQ(ClassifyPriceSource("AWS EC2 Spot price, p5.48xlarge"), PriceTier::kCommunityOrSpot);
  EXPECT_EQ(ClassifyPriceSource("user override"), PriceTier::kPlanOverride);
  EXPECT_EQ(ClassifyPriceSource("on premises"), PriceTier::kOnPremises);
  EXPECT_EQ(ClassifyPriceSource("a quote from our reseller"), PriceTier::kUnknown);
}

// plan.json's tier (the catalog's price_tier) wins over the words of the source; a file without
// one falls back to the words.
TEST(PlanRiskTest, AnExplicitTierWinsOverTheSourcesWords) {
  PlanPrice p;
  p.source = "AWS EC2 On-Demand, Linux, US East (N. Virginia)";
  EXPECT_EQ(detail::PriceTierOf(p), PriceTier::kHyperscalerOnDemand);
  p.tier = "spot";
  EXPECT_EQ(detail::PriceTierOf(p), PriceTier::kCommunityOrSpot);
  p.tier = "hyperscaler_reserved";
  EXPECT_EQ(detail::PriceTierOf(p), PriceTier::kHyperscalerReserved);
  EXPECT_EQ(detail::PriceTierName(PriceTier::kHyperscalerReserved, Lang::kEn),
            "hyperscaler reserved price (a term commitment)");
  p.tier = "gpu_cloud_on_demand";
  EXPECT_EQ(detail::PriceTierOf(p), PriceTier::kGpuCloudOnDemand);
  p.tier = "plan_override";
  EXPECT_EQ(detail::PriceTierOf(p), PriceTier::kPlanOverride);
  p.tier = "barter";
  EXPECT_EQ(detail::PriceTierOf(p), PriceTier::kUnknown);
}

// Community or spot beside on-demand prices: high; community throughout: medium; a GPU cloud
// beside a hyperscaler: medium; an unstated kind: medium; the plan's own price: low.
TEST(PlanRiskTest, PriceSourceLevels) {
  const Lang en = Lang::kEn;
  const std::string community = "RunPod on-demand pod price, L40S, Community Cloud column";
  auto price_row = [&](const PlanDocument& plan) {
    const std::vector<RiskRow> rows = PlanRisks(plan, nullptr, en);
    for (const RiskRow& r : rows) {
      if (r.evidence.starts_with("l40s: ")) return r;
    }
    return RiskRow{};
  };
  PlanDocument plan = FixturePlan();
  ASSERT_EQ(plan.provenance.prices.size(), 2u);
  ASSERT_EQ(plan.provenance.prices[0].gpu, "l40s");
  plan.provenance.prices[0].source = community;
  RiskRow row = price_row(plan);
  EXPECT_EQ(row.level, RiskLevel::kHigh);
  EXPECT_EQ(row.risk, Str(en, Msg::kRiskPriceMixed));
  EXPECT_EQ(row.evidence,
            "l40s: US$1.861 per GPU-hour (community or spot price, without a capacity guarantee, "
            "2026-09-17), source: \u201c" +
                community +
                "\u201d. The other candidates' prices: h100_sxm: hyperscaler on-demand list "
                "price. " +
                Str(en, Msg::kRiskPriceMixedWhy));
  plan.provenance.prices[1].source = community;
  EXPECT_EQ(price_row(plan).level, RiskLevel::kMedium);
  EXPECT_EQ(price_row(plan).risk, Str(en, Msg::kRiskPriceCommunity));
  plan = FixturePlan();
  plan.provenance.prices[0].source = "Lambda Cloud on-demand list price";
  EXPECT_EQ(price_row(plan).level, RiskLevel::kMedium);
  EXPECT_EQ(price_row(plan).risk, Str(en, Msg::kRiskPriceGpuCloudMixed));
  plan.provenance.prices[0].source = "a quote";
  EXPECT_EQ(price_row(plan).level, RiskLevel::kMedium);
  plan.provenance.prices[0].source = "user override";
  EXPECT_EQ(price_row(plan).level, RiskLevel::kLow);
}

// A cap that binds is the first risk; within the cap but with the N+1 fleet above it, medium.
TEST(PlanRiskTest, CostCapLevels) {
  const Lang en = Lang::kEn;
  const PlanDocument binds = FixturePlan(WithBindingCap());
  const std::vector<RiskRow> rows = PlanRisks(binds, nullptr, en);
  EXPECT_EQ(rows.front().level, RiskLevel::kHigh);
  EXPECT_EQ(rows.front().risk, Str(en, Msg::kRiskCapBinds));
  EXPECT_EQ(rows.front().evidence,
            "Under the cap of US$4,500 per month the fleet gives up p95 TTFT, Keeping up with "
            "arrivals; the cheapest fleet that meets every SLO costs US$5,434 per month.");
  PlanDocument within = FixturePlan();
  within.cost_cap =
      PlanCostCap{.max_monthly_cost = 5000, .status = "within_cap", .meets_slo = true};
  const std::optional<RiskRow> over =
      RowWithRisk(PlanRisks(within, nullptr, en), Str(en, Msg::kRiskCapNPlusOne));
  ASSERT_TRUE(over.has_value());  // the N+1 fleet costs US$5,434
  EXPECT_EQ(over->level, RiskLevel::kMedium);
  within.cost_cap->max_monthly_cost = 6000;
  const std::optional<RiskRow> fine =
      RowWithRisk(PlanRisks(within, nullptr, en), Str(en, Msg::kRiskCapWithin));
  ASSERT_TRUE(fine.has_value());
  EXPECT_EQ(fine->level, RiskLevel::kLow);
  EXPECT_EQ(fine->evidence, "US$1,924 per month to spare under the cap of US$6,000 per month.");
}

// The N+1 fleet against the cap, on the cap's own rule (cost_cap.h FitsUnderCap): the fixture's
// N+1 fleet costs US$5,434.12 a month, so a cap of exactly that is within it, a dollar less is not.
// The row reads the same numbers in both languages.
TEST(PlanRiskTest, NPlusOneFleetCostingExactlyTheCapIsWithinIt) {
  PlanDocument plan = FixturePlan();
  ASSERT_TRUE(plan.n_plus_one.has_value());
  ASSERT_DOUBLE_EQ(plan.n_plus_one->cost.usd_per_month, 5434.12);
  plan.cost_cap =
      PlanCostCap{.max_monthly_cost = 5434.12, .status = "within_cap", .meets_slo = true};
  for (const Lang lang : kAllLangs) {
    EXPECT_TRUE(RowWithRisk(PlanRisks(plan, nullptr, lang), Str(lang, Msg::kRiskCapWithin)));
    EXPECT_FALSE(RowWithRisk(PlanRisks(plan, nullptr, lang), Str(lang, Msg::kRiskCapNPlusOne)));
  }
  plan.cost_cap->max_monthly_cost = 5433.12;
  const std::optional<RiskRow> en =
      RowWithRisk(PlanRisks(plan, nullptr, Lang::kEn), Str(Lang::kEn, Msg::kRiskCapNPlusOne));
  ASSERT_TRUE(en.has_value());
  EXPECT_EQ(en->level, RiskLevel::kMedium);
  EXPECT_EQ(en->evidence,
            "The fleet costs US$4,076 per month under the cap of US$5,433, but the fleet that "
            "survives the loss of a replica costs US$5,434 per month.");
  const std::optional<RiskRow> ja =
      RowWithRisk(PlanRisks(plan, nullptr, Lang::kJa), Str(Lang::kJa, Msg::kRiskCapNPlusOne));
  ASSERT_TRUE(ja.has_value());
  EXPECT_EQ(ja->level, RiskLevel::kMedium);
  EXPECT_EQ(ja->evidence,
            "構成は月額US$4,076で上限のUS$5,433に収まりますが、1レプリカを失っても動き続ける構成は"
            "月額US$5,434です。");
}

// The register as rendered, in both languages: one row per rule with its level word.
TEST(PlanReportTest, TheRiskRegisterFollowsTheSummaryInBothLanguages) {
  for (const Lang lang : kAllLangs) {
    const std::string html = Render(lang).html;
    const size_t summary = html.find("<section id=\"summary\">");
    const size_t risks = html.find("<section id=\"risks\">");
    ASSERT_NE(risks, std::string::npos);
    EXPECT_LT(summary, risks);
    EXPECT_LT(risks, html.find("<section id=\"targets\">"));
    std::vector<std::string> levels;
    for (const testing::HtmlRow& row : HtmlRows(HtmlSection(html, "risks"))) {
      if (row.size() == 3 && row[0] != Str(lang, Msg::kColLevel)) levels.push_back(row[0]);
    }
    const std::string high = Str(lang, Msg::kRiskHigh);
    const std::string medium = Str(lang, Msg::kRiskMedium);
    const std::string low = Str(lang, Msg::kRiskLow);
    EXPECT_EQ(levels, (std::vector<std::string>{high, high, medium, medium, medium, low}));
  }
}

// Five lines, every number from plan.json: the fleet, the monthly cost, the targets with the
// binding margin, the register's first two risks above low, and the one-node test. The fixture's
// replicas_by_seed adds a line of its own (replicas_by_seed_report_test.cc): left out here.
TEST(PlanReportTest, TheExecutiveSummaryOpensTheReportWithFiveLines) {
  const std::string text = testing::WithoutJsonMember(FixtureText(), "replicas_by_seed",
                                                      FixtureText().find("\"recommendation\": {"));
  const JsonValue json = JsonValue::Parse(text);
  const JsonValue& rec = json.At("recommendation");
  const JsonValue& cost = rec.At("cost");
  const double peak = json.At("steps").At("traffic").At("peak_rate_per_s").AsDouble();
  ASSERT_EQ(rec.At("binding_metric").AsString(), "ttft");
  ASSERT_EQ(rec.At("level_met").AsString(), "ideal");
  for (const Lang lang : kAllLangs) {
    const std::string html = Render(lang, text).html;
    const size_t first = html.find("<section id=");
    EXPECT_EQ(html.find("<section id=\"executive-summary\">"), first);
    const std::vector<testing::HtmlRow> rows = KeyValueRows(HtmlSection(html, "executive-summary"));
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0][0], Str(lang, Msg::kColFleet));
    EXPECT_EQ(rows[0][1],
              TrFormat(lang, Msg::kExecFleetTotal,
                       TrFormat(lang, Msg::kExecFleet, "3", "NVIDIA L40S 48GB (l40s)", "1", "vllm"),
                       FormatWithUnit(cost.At("gpus").AsDouble(), 0, Msg::kUnitGpus, lang)));
    const std::vector<testing::PrintedNumber> money = NumbersIn(rows[1][1]);
    ASSERT_GE(money.size(), 3u);
    EXPECT_TRUE(Matches(money[0], cost.At("usd_per_month").AsDouble())) << rows[1][1];
    EXPECT_TRUE(Matches(money[1], cost.At("usd_per_hour").AsDouble())) << rows[1][1];
    EXPECT_TRUE(Matches(money[2], cost.At("usd_per_gpu_hour").AsDouble())) << rows[1][1];
    EXPECT_NE(rows[1][1].find(Str(lang, Msg::kTierHyperscaler)), std::string::npos);
    // TTFT within 500 ms and TPOT within 66.7 ms at 7.53 req/s; TTFT binds with 12.2%; the fleet
    // meets the chatbot preset's ideal level (recommendation.level_met).
    EXPECT_EQ(
        rows[2][1],
        TrFormat(
            lang, Msg::kExecTargetsMet,
            JoinList(lang,
                     {TrFormat(lang, Msg::kExecTargetItem, "p95", "TTFT", FormatMs(500, lang)),
                      TrFormat(lang, Msg::kExecTargetItem, "p95", "TPOT", FormatMs(66.667, lang))}),
            FormatRate(peak, lang), "TTFT", FormatPercent(rec.At("margin").AsDouble(), 1, lang)) +
            (lang == Lang::kJa ? "" : " ") +
            TrFormat(lang, Msg::kExecSloLevel, TrFormat(lang, Msg::kSloLevelIdeal, "chatbot")));
    // The register's first two rows, both high.
    std::vector<testing::HtmlRow> register_rows;
    for (const testing::HtmlRow& row : HtmlRows(HtmlSection(html, "risks"))) {
      if (row.size() == 3 && row[0] != Str(lang, Msg::kColLevel)) register_rows.push_back(row);
    }
    ASSERT_GE(register_rows.size(), 2u);
    EXPECT_EQ(rows[3][1], TrFormat(lang, Msg::kExecRisksValue,
                                   LabelValue(lang, register_rows[0][0], register_rows[0][1]),
                                   LabelValue(lang, register_rows[1][0], register_rows[1][1])));
    // plan.json has deployment commands: one replica is offered its share of the peak, 7.533
    // req/s over 3 replicas (the bench command's --request-rate 2.511).
    EXPECT_EQ(rows[4][1], TrFormat(lang, Msg::kExecVerify, Str(lang, Msg::kSecDeployment),
                                   FormatRate(peak / rec.At("replicas").AsDouble(), lang), "3"));
  }
  // A plan.json written before the deployment commands: the line says how to get them.
  const std::string older = testing::WithoutJsonMember(text, "deployment");
  for (const Lang lang : kAllLangs) {
    const std::vector<testing::HtmlRow> rows =
        KeyValueRows(HtmlSection(Render(lang, older).html, "executive-summary"));
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[4][1], Str(lang, Msg::kExecVerifyMissing));
  }
}

// With deployment commands, the line offers one replica its share of the peak; under a binding
// cap, the targets line says what is given up and what the SLO would cost.
TEST(PlanReportTest, TheExecutiveSummaryWithCommandsAndUnderABindingCap) {
  // Without the fixture's replicas_by_seed line (see the test above), with deployment commands.
  std::string text = testing::WithoutJsonMember(WithBindingCap(), "replicas_by_seed");
  text = testing::WithJsonMember(text, "deployment", R"({"serve_command": "vllm serve m",
      "engine_config": "", "bench_command": "vllm bench serve", "compare_command": "gpuplan compare",
      "notes": []})");
  for (const Lang lang : kAllLangs) {
    const std::string html = Render(lang, text).html;
    const std::vector<testing::HtmlRow> rows = KeyValueRows(HtmlSection(html, "executive-summary"));
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[2][1], TrFormat(lang, Msg::kExecTargetsMissed,
                                   JoinList(lang, {"p95 TTFT", Str(lang, Msg::kGivenUpSustained)}),
                                   FormatUsd(4500, 0, lang), FormatUsd(5434.12, 0, lang)) +
                              (lang == Lang::kJa ? "" : " ") +
                              TrFormat(lang, Msg::kExecSloLevel,
                                       TrFormat(lang, Msg::kSloLevelAcceptable, "chatbot")));
    EXPECT_EQ(rows[3][1].rfind(
                  LabelValue(lang, Str(lang, Msg::kRiskHigh), Str(lang, Msg::kRiskCapBinds)), 0),
              0u)
        << rows[3][1];
    // 7.533 req/s over 3 replicas: 2.51 req/s each.
    EXPECT_EQ(rows[4][1], TrFormat(lang, Msg::kExecVerify, Str(lang, Msg::kSecDeployment),
                                   FormatRate(7.532956685499059 / 3, lang), "3"));
    const std::string ja_words =
        testing::WithoutQuotedData(html, testing::StringsIn(JsonValue::Parse(text)));
    if (lang == Lang::kJa) {
      for (Msg id : {Msg::kExecTargetsMissed, Msg::kExecVerify, Msg::kRiskCapBinds}) {
        const std::string_view en = Tr(Lang::kEn, id);
        EXPECT_EQ(ja_words.find(en.substr(0, std::min<size_t>(20, en.find('{')))),
                  std::string::npos)
            << en;
      }
    }
  }
}

std::vector<PlanManifest> FixtureManifests(int replicas) {
  return {
      {"deployment.yaml",
       "# a comment\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
       "  name: small-chatbot\nspec:\n  replicas: " +
           std::to_string(replicas) +
           "\n  template:\n    spec:\n      containers:\n        - name: engine\n"
           "          image: vllm/vllm-openai:v0.11.0\n          resources:\n"
           "            requests:\n              nvidia.com/gpu: 1\n"},
      {"hpa.yaml",
       "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: "
       "small-chatbot\nspec:\n  minReplicas: 3\n  maxReplicas: 4\n  metrics:\n    - type: Pods\n"
       "      pods:\n        metric:\n          name: requests_in_flight\n        target:\n"
       "          type: AverageValue\n          averageValue: \"17.62\"\n"},
      {"service.yaml",
       "apiVersion: v1\nkind: Service\nmetadata:\n  name: small-chatbot\nspec:\n  ports:\n"
       "    - name: http\n      port: 8000\n      targetPort: http\n"},
  };
}

// The files of deployment/, in apply order (read by name, listed by kind), each with what it
// sets and its text verbatim, in both languages.
TEST(PlanReportTest, TheKubernetesSectionListsTheManifests) {
  const PlanDocument plan = FixturePlan();
  const std::vector<PlanManifest> manifests = FixtureManifests(3);
  for (const Lang lang : kAllLangs) {
    const std::string html = RenderPlan(plan, lang, &manifests).html;
    EXPECT_EQ(testing::CheckHtml(html), "");
    const std::string section = HtmlSection(html, "kubernetes");
    ASSERT_FALSE(section.empty());
    EXPECT_LT(html.find("<section id=\"kubernetes\">"), html.find("<section id=\"provenance\">"));
    std::vector<testing::HtmlRow> files;
    for (const testing::HtmlRow& row : HtmlRows(section)) {
      if (row.size() == 3 && row[0] != Str(lang, Msg::kColFile)) files.push_back(row);
    }
    ASSERT_EQ(files.size(), 3u);
    EXPECT_EQ(files[0], (testing::HtmlRow{"deployment/deployment.yaml", "Deployment",
                                          TrFormat(lang, Msg::kManifestDeployment, "3", "1",
                                                   "vllm/vllm-openai:v0.11.0")}));
    EXPECT_EQ(files[1], (testing::HtmlRow{"deployment/service.yaml", "Service",
                                          TrFormat(lang, Msg::kManifestService, "8000")}));
    EXPECT_EQ(files[2], (testing::HtmlRow{"deployment/hpa.yaml", "HorizontalPodAutoscaler",
                                          TrFormat(lang, Msg::kManifestHpa, "3", "4",
                                                   "requests_in_flight", "17.62")}));
    for (const PlanManifest& m : manifests) {
      EXPECT_NE(section.find(EscapeXml(m.text)), std::string::npos) << m.name;
    }
  }
  // Manifests of another fleet are not listed under this plan's numbers; none at all is a note.
  const std::vector<PlanManifest> stale = FixtureManifests(9);
  const std::string mismatch = HtmlSection(RenderPlan(plan, Lang::kEn, &stale).html, "kubernetes");
  EXPECT_NE(mismatch.find(EscapeXml(TrFormat(Lang::kEn, Msg::kNoteKubernetesMismatch, "9", "3"))),
            std::string::npos)
      << mismatch;
  EXPECT_EQ(mismatch.find("<pre"), std::string::npos);
  const std::string none = HtmlSection(RenderPlan(plan, Lang::kEn).html, "kubernetes");
  EXPECT_NE(none.find(EscapeXml(Str(Lang::kEn, Msg::kNoteNoKubernetes))), std::string::npos);
}

// The last section: what the plan says of itself, and empty fields for the people who sign.
TEST(PlanReportTest, TheApprovalBlockEndsTheReport) {
  for (const Lang lang : kAllLangs) {
    const std::string html = Render(lang).html;
    EXPECT_EQ(html.rfind("<section id="), html.find("<section id=\"approval\">"));
    const std::vector<testing::HtmlRow> rows = KeyValueRows(HtmlSection(html, "approval"));
    EXPECT_EQ(rows, (std::vector<testing::HtmlRow>{
                        {Str(lang, Msg::kKeyPlanName), "small-chatbot"},
                        {Str(lang, Msg::kKeyPlanRunDate), ""},
                        {Str(lang, Msg::kKeyPlanVersion), "0.1.0"},
                        {Str(lang, Msg::kKeyAuthor), ""},
                        {Str(lang, Msg::kKeyReviewer), ""},
                        {Str(lang, Msg::kKeyApprover), ""},
                        {Str(lang, Msg::kKeyDecision), ""},
                    }));
  }
}

}  // namespace
}  // namespace gpuplan::report
