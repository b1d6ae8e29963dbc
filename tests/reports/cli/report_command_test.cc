// `gpuplan report` end to end through RunApp: the shipped example (simulate the default scenario,
// then report on it, as README's main command does), the plan fixture in both languages, and the
// exit codes of bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/cli/app.h"
#include "tests/reports/xml_check.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome RunGpuplan(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = RunApp(args, out, err);
  return {code, out.str(), err.str()};
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int Count(const std::string& text, std::string_view needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class ReportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gpuplan_report_cli_" + std::to_string(getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

const std::string kSource = GPUPLAN_SOURCE_DIR;

TEST_F(ReportCommandTest, ShippedExampleSimulatesThenReports) {
  const std::string run = (dir_ / "default").string();
  ASSERT_EQ(
      RunGpuplan({"simulate", kSource + "/configs/scenarios/default.yaml", "--out", run, "-q"})
          .code,
      0);
  Outcome o = RunGpuplan({"report", run});
  ASSERT_EQ(o.code, 0) << o.err;
  // Three CDFs, two length histograms, KV and queue, step breakdown.
  EXPECT_EQ(o.out, "wrote " + run + "/{report.html, report.md} and 7 figures (run report, en)\n");
  const std::string html = ReadFile(fs::path(run) / "report.html");
  EXPECT_EQ(report::testing::CheckHtml(html), "");
  EXPECT_EQ(Count(html, "<svg "), 7);
  EXPECT_TRUE(fs::exists(fs::path(run) / "figures" / "ttft-cdf.svg"));
  EXPECT_TRUE(fs::exists(fs::path(run) / "figures" / "prompt-lengths.svg"));
}

TEST_F(ReportCommandTest, PlanFixtureInJapaneseIntoAnotherFolder) {
  const std::string out = (dir_ / "ja").string();
  Outcome o = RunGpuplan(
      {"report", kSource + "/tests/reports/testdata/plan_small", "--lang", "ja", "--out", out});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "wrote " + out + "/{report.html, report.md} and 12 figures (plan report, ja)\n");
  const std::string html = ReadFile(fs::path(out) / "report.html");
  EXPECT_NE(html.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_TRUE(fs::exists(fs::path(out) / "plan.json"));
}

// --out DIR2 is an output folder like simulate's (ADR 0009): a second report replaces the first
// whole, a folder gpuplan did not write is refused unless --force, and --out naming DIR itself
// writes beside the inputs.
TEST_F(ReportCommandTest, OutFolderIsReplacedWholeAndForeignFoldersAreRefused) {
  const std::string run = (dir_ / "run").string();
  ASSERT_EQ(RunGpuplan({"simulate", kSource + "/configs/scenarios/default.yaml", "--out", run, "-q",
                        "--set", "simulation.num_requests=20"})
                .code,
            0);
  const fs::path out = dir_ / "shared_report";
  ASSERT_EQ(RunGpuplan({"report", run, "--out", out.string(), "-q"}).code, 0);
  std::ofstream(out / "stale.txt") << "left by hand\n";
  Outcome o = RunGpuplan({"report", run, "--out", out.string(), "-q"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_FALSE(fs::exists(out / "stale.txt"));
  EXPECT_TRUE(fs::exists(out / "report.html"));
  EXPECT_TRUE(fs::exists(out / "summary.json"));  // the copied input

  const fs::path foreign = dir_ / "foreign";
  fs::create_directories(foreign);
  std::ofstream(foreign / "notes.txt") << "mine\n";
  o = RunGpuplan({"report", run, "--out", foreign.string(), "-q"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("is not a gpuplan output folder"), std::string::npos) << o.err;
  EXPECT_TRUE(fs::exists(foreign / "notes.txt"));
  o = RunGpuplan({"report", run, "--out", foreign.string(), "-q", "--force"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_FALSE(fs::exists(foreign / "notes.txt"));

  o = RunGpuplan({"report", run, "--out", run, "-q"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(fs::exists(fs::path(run) / "requests.csv"));  // the run's own files stay
  EXPECT_TRUE(fs::exists(fs::path(run) / "report.html"));
}

TEST_F(ReportCommandTest, BadInputExitsTwoWithTheReason) {
  Outcome o =
      RunGpuplan({"report", kSource + "/tests/reports/testdata/plan_small", "--lang", "fr"});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, "error: --lang 'fr' is not supported; expected en or ja\n");
  fs::create_directories(dir_);
  o = RunGpuplan({"report", dir_.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, "error: " + dir_.string() +
                       ": no plan.json or summary.json; expected the output folder of `gpuplan "
                       "plan` or `gpuplan simulate`\n");
  std::ofstream(dir_ / "plan.json") << "{\n  \"schema\": \"gpuplan.plan/1\",\n  oops\n}\n";
  o = RunGpuplan({"report", dir_.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err,
            "error: " + (dir_ / "plan.json").string() +
                ":3:3: syntax error while parsing object key - invalid literal (expected string "
                "literal) (malformed JSON)\n");
  o = RunGpuplan({"report"});
  EXPECT_EQ(o.code, 2);
}

TEST_F(ReportCommandTest, ListedInHelp) {
  Outcome o = RunGpuplan({"--help"});
  EXPECT_NE(o.out.find("  report "), std::string::npos) << o.out;
}

}  // namespace
}  // namespace gpuplan
