// `gpuplan plan` end to end through RunApp, on the small plan behind the report fixture: the
// recommended fleet's run in DIR/recommended/ is the plan's own peak probe (seed 1) simulated once
// more, the Kubernetes manifests in DIR/deployment/ run the plan's launch command, --report renders
// the specification, the output does not depend on the thread count, and a re-run into the same
// folder leaves nothing of the older plan behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "sim/cli/app.h"
#include "sim/util/json_value.h"
#include "tests/reports/xml_check.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

const std::string kSource = GPUPLAN_SOURCE_DIR;
const std::string kPlan = kSource + "/tests/reports/testdata/small_plan.yaml";

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome RunGpuplan(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = RunApp(args, out, err);
  return {code, out.str(), err.str()};
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One plan run shared by the tests (a few seconds of simulation), into a folder removed at exit.
class PlanCommandTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ =
        new fs::path(fs::temp_directory_path() / ("gpuplan_plan_cli_" + std::to_string(getpid())));
    fs::remove_all(*dir_);
    outcome_ = new Outcome(RunGpuplan(
        {"plan", kPlan, "--threads", "2", "--out", (*dir_ / "plan").string(), "--report"}));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete outcome_;
  }
  static fs::path Out() { return *dir_ / "plan"; }

  static fs::path* dir_;
  static Outcome* outcome_;
};

fs::path* PlanCommandTest::dir_ = nullptr;
Outcome* PlanCommandTest::outcome_ = nullptr;

// Margins and shares on the console carry one decimal, however small (0.4%, never 0.4112%).
TEST_F(PlanCommandTest, ConsolePercentagesHaveOneDecimal) {
  ASSERT_EQ(outcome_->code, 0) << outcome_->err;
  const std::regex long_percent(R"(\d\.\d{2,}%)");
  std::smatch match;
  EXPECT_FALSE(std::regex_search(outcome_->out, match, long_percent)) << match.str(0);
  EXPECT_NE(outcome_->out.find("margin"), std::string::npos);
}

TEST_F(PlanCommandTest, WritesThePlanTheRecommendedRunAndTheReport) {
  ASSERT_EQ(outcome_->code, 0) << outcome_->err;
  for (const char* f :
       {"plan.json", "candidates.csv", "pareto.csv", "recommended/summary.json",
        "recommended/requests.csv", "recommended/timeseries.csv",
        "recommended/resolved_scenario.yaml", "deployment/deployment.yaml",
        "deployment/service.yaml", "deployment/hpa.yaml", "report.html", "report.md"}) {
    EXPECT_TRUE(fs::exists(Out() / f)) << f;
  }
  EXPECT_NE(outcome_->out.find("and recommended/{summary.json, requests.csv, timeseries.csv, "
                               "resolved_scenario.yaml} and deployment/{deployment.yaml, "
                               "service.yaml, hpa.yaml}"),
            std::string::npos)
      << outcome_->out;
  EXPECT_NE(outcome_->out.find("/{report.html, report.md} and 12 figures (en)"), std::string::npos)
      << outcome_->out;
  EXPECT_EQ(outcome_->err, "");  // not a terminal: no progress bar
  const std::string html = ReadFile(Out() / "report.html");
  EXPECT_EQ(report::testing::CheckHtml(html), "");
  // The per-request charts come from the recommended run, so no note says it is missing.
  EXPECT_EQ(html.find("the plan did not write one"), std::string::npos);
  // The report lists the Kubernetes manifests the plan wrote beside it, each verbatim.
  const size_t k8s = html.find("<section id=\"kubernetes\">");
  ASSERT_NE(k8s, std::string::npos);
  const std::string section = html.substr(k8s, html.find("</section>", k8s) - k8s);
  for (const char* f :
       {"deployment/deployment.yaml", "deployment/service.yaml", "deployment/hpa.yaml"}) {
    EXPECT_NE(section.find(std::string("<td>") + f + "</td>"), std::string::npos) << f;
  }
  EXPECT_NE(section.find("kind: HorizontalPodAutoscaler"), std::string::npos);
}

// The Deployment runs the plan's own launch command (plan.json deployment.serve_command, one
// word per line) on the recommended count of pods, each with its GPUs.
TEST_F(PlanCommandTest, TheDeploymentRunsThePlansLaunchCommand) {
  ASSERT_EQ(outcome_->code, 0) << outcome_->err;
  const JsonValue plan = JsonValue::Parse(ReadFile(Out() / "plan.json"));
  const std::string deployment = ReadFile(Out() / "deployment/deployment.yaml");
  const std::string serve = plan.At("deployment").At("serve_command").AsString();
  std::string command = "          command:\n";
  std::istringstream words(serve);
  for (std::string word; words >> word;) {
    if (word != "\\") command += "            - \"" + word + "\"\n";  // not a line's "\"
  }
  command += "          ports:\n";
  EXPECT_NE(deployment.find(command), std::string::npos) << command << "\n" << deployment;
  const JsonValue& rec = plan.At("recommendation");
  EXPECT_NE(deployment.find("  replicas: " + std::to_string(rec.At("replicas").AsInt()) + "\n"),
            std::string::npos);
  const int64_t gpus = rec.At("cost").At("gpus").AsInt() / rec.At("replicas").AsInt();
  EXPECT_NE(deployment.find("nvidia.com/gpu: " + std::to_string(gpus) + "\n"), std::string::npos);
}

// A manifest this plan does not write (TensorRT-LLM's ConfigMap of an older plan) is removed.
TEST_F(PlanCommandTest, ReRunRemovesAStaleManifest) {
  ASSERT_EQ(outcome_->code, 0) << outcome_->err;
  const fs::path again = *dir_ / "stale-manifest";
  fs::copy(Out(), again, fs::copy_options::recursive);
  std::ofstream(again / "deployment/configmap.yaml") << "kind: ConfigMap\n";
  const Outcome o = RunGpuplan({"plan", kPlan, "--threads", "2", "--out", again.string(), "-q"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_FALSE(fs::exists(again / "deployment/configmap.yaml"));
  EXPECT_EQ(ReadFile(again / "deployment/hpa.yaml"), ReadFile(Out() / "deployment/hpa.yaml"));
}

TEST_F(PlanCommandTest, RecommendedRunIsThePeakProbeOfTheFirstSeed) {
  ASSERT_EQ(outcome_->code, 0) << outcome_->err;
  const JsonValue plan = JsonValue::Parse(ReadFile(Out() / "plan.json"));
  const JsonValue run = JsonValue::Parse(ReadFile(Out() / "recommended/summary.json"));
  const JsonValue& rec = plan.At("recommendation");
  const JsonValue* candidate = nullptr;
  for (const JsonValue& c : plan.At("candidates").AsArray()) {
    if (c.At("id").AsInt() == rec.At("candidate").AsInt()) candidate = &c;
  }
  ASSERT_NE(candidate, nullptr);
  const JsonValue& context = run.At("context");
  EXPECT_EQ(context.At("gpu").AsString(), candidate->At("gpu").AsString());
  EXPECT_EQ(context.At("tensor_parallel").AsInt(), candidate->At("tensor_parallel").AsInt());
  EXPECT_EQ(context.At("replicas").AsInt(), rec.At("replicas").AsInt());
  EXPECT_EQ(context.At("seed").AsInt(), plan.At("provenance").At("seeds").AsArray()[0].AsInt());
  // The same simulation as the probe's first seed: its percentiles are the probe's, exactly.
  const JsonValue& probe = rec.At("probe");
  // summary.json and plan.json spell every metric alike.
  for (const char* metric : {"ttft", "tpot", "e2e"}) {
    for (const char* p : {"p50", "p99"}) {
      const JsonValue& ci = probe.At("summary_percentiles_ms").At(metric).At(p);
      const double run_value = run.At(std::string(metric) + "_ms").At(p).AsDouble();
      // The interval is over the seeds, so the first seed's value lies in [min, max] of them:
      // with 2 seeds, mean +- the half-spread holds it.
      EXPECT_GE(run_value, ci.At("mean").AsDouble() - ci.At("stddev").AsDouble() - 1e-9)
          << metric << " " << p;
      EXPECT_LE(run_value, ci.At("mean").AsDouble() + ci.At("stddev").AsDouble() + 1e-9)
          << metric << " " << p;
    }
  }
  const JsonValue& ttft = probe.At("metrics").At("ttft");
  EXPECT_DOUBLE_EQ(run.At("slo").At("ttft_ms").At("value_ms").AsDouble(),
                   ttft.At("values_ms").AsArray()[0].AsDouble());
}

TEST_F(PlanCommandTest, OutputDoesNotDependOnTheThreadCount) {
  ASSERT_EQ(outcome_->code, 0) << outcome_->err;
  const fs::path one = *dir_ / "one-thread";
  const Outcome o = RunGpuplan({"plan", kPlan, "--threads", "1", "--out", one.string(), "-q"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "");
  for (const char* f :
       {"plan.json", "candidates.csv", "pareto.csv", "recommended/summary.json",
        "recommended/requests.csv", "recommended/timeseries.csv", "deployment/deployment.yaml",
        "deployment/service.yaml", "deployment/hpa.yaml"}) {
    EXPECT_TRUE(ReadFile(one / f) == ReadFile(Out() / f)) << f << " differs";
  }
  EXPECT_FALSE(fs::exists(one / "report.html"));  // no --report
}

TEST_F(PlanCommandTest, ReRunWithoutARecommendationLeavesNothingOfTheOlderPlan) {
  ASSERT_EQ(outcome_->code, 0) << outcome_->err;
  const fs::path again = *dir_ / "again";
  fs::copy(Out(), again, fs::copy_options::recursive);
  // No GPU answers in 1 ms: nothing is recommended.
  const Outcome o = RunGpuplan(
      {"plan", kPlan, "--set", "slo.ttft_ms=1", "--threads", "2", "--out", again.string(), "-q"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(JsonValue::Parse(ReadFile(again / "plan.json")).At("recommendation").IsNull());
  EXPECT_FALSE(fs::exists(again / "recommended"));
  EXPECT_FALSE(fs::exists(again / "deployment"));
  EXPECT_FALSE(fs::exists(again / "report.html"));
  EXPECT_FALSE(fs::exists(again / "figures"));
}

TEST(PlanCommandOptionsTest, LangWithoutReportIsAUsageError) {
  const Outcome o = RunGpuplan({"plan", kPlan, "--lang", "ja"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--lang chooses the report's language; it needs --report"),
            std::string::npos)
      << o.err;
  const Outcome bad = RunGpuplan({"plan", kPlan, "--report", "--lang", "fr"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--lang 'fr' is not supported; expected en or ja"), std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace gpuplan
