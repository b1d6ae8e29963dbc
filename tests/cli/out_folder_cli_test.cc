// The output folder (--out DIR) end to end: what is refused up front (exit code 2, before any
// work), what --force allows, and that a re-run replaces the folder whole.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/cli/cli_test_util.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

using testing::kDefaultScenario;
using testing::Outcome;
using testing::ReadFile;
using testing::RunGpuplan;

const std::string kPlan =
    std::string(GPUPLAN_SOURCE_DIR) + "/tests/reports/testdata/small_plan.yaml";

fs::path TempDir(const std::string& name) {
  return testing::TempDir("gpuplan_out_folder_test_", name);
}

// Names in a folder, sorted.
std::vector<std::string> List(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Outcome Simulate(const fs::path& out, std::vector<std::string> more = {}) {
  std::vector<std::string> args = {
      "simulate", kDefaultScenario, "--set", "simulation.num_requests=20",
      "--out",    out.string(),     "-q"};
  args.insert(args.end(), more.begin(), more.end());
  return RunGpuplan(args);
}

TEST(OutFolderCliTest, ARegularFileIsAUsageErrorBeforeAnyWork) {
  const fs::path dir = TempDir("file");
  const fs::path file = dir / "x.json";
  std::ofstream(file) << "{}";
  const std::string expected = fmt::format(
      "error: --out: '{}' is a file; expected a folder (absent, empty, or one gpuplan wrote)\n",
      file.string());
  const Outcome sim = Simulate(file);
  EXPECT_EQ(sim.code, 2);
  EXPECT_EQ(sim.err, expected);
  const Outcome plan = RunGpuplan({"plan", kPlan, "--out", file.string()});
  EXPECT_EQ(plan.code, 2);
  EXPECT_EQ(plan.err, expected);
  EXPECT_EQ(plan.out, "");  // refused before the search printed anything
  EXPECT_EQ(ReadFile(file), "{}");
  EXPECT_EQ(List(dir), std::vector<std::string>{"x.json"});  // no staging folder left
}

TEST(OutFolderCliTest, AForeignFolderIsRefusedAndReplacedOnlyWithForce) {
  const fs::path dir = TempDir("foreign");
  const fs::path out = dir / "mine";
  fs::create_directories(out);
  std::ofstream(out / "notes.txt") << "keep me";
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"simulate", kDefaultScenario, "--out", out.string()},
        std::vector<std::string>{"plan", kPlan, "--out", out.string()}}) {
    const Outcome o = RunGpuplan(command);
    EXPECT_EQ(o.code, 2) << command[0];
    EXPECT_NE(o.err.find(fmt::format("--out: '{}' is not empty and is not a gpuplan output folder",
                                     out.string())),
              std::string::npos)
        << o.err;
    EXPECT_NE(o.err.find(fmt::format("choose another folder, or pass --force to replace '{}'",
                                     out.string())),
              std::string::npos)
        << o.err;
  }
  EXPECT_EQ(List(out), std::vector<std::string>{"notes.txt"});
  EXPECT_EQ(List(dir), std::vector<std::string>{"mine"});

  const Outcome forced = Simulate(out, {"--force"});
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_FALSE(fs::exists(out / "notes.txt"));
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  EXPECT_NE(ReadFile(out / ".gpuplan-output").find("\ncommand: simulate\n"), std::string::npos);
}

// The case: a report of an earlier run stayed beside the new results.
TEST(OutFolderCliTest, ARerunLeavesNothingOfTheEarlierRun) {
  const fs::path dir = TempDir("rerun");
  const fs::path out = dir / "run";
  ASSERT_EQ(Simulate(out).code, 0);
  const std::vector<std::string> files = List(out);
  EXPECT_EQ(files,
            (std::vector<std::string>{".gpuplan-output", "requests.csv", "resolved_scenario.yaml",
                                      "summary.json", "timeseries.csv"}));
  const Outcome report = RunGpuplan({"report", out.string(), "-q"});
  ASSERT_EQ(report.code, 0) << report.err;
  ASSERT_TRUE(fs::exists(out / "report.html"));
  const Outcome again = Simulate(out, {"--seed", "9"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(List(out), files);  // report.html, report.md and figures/ are gone
  EXPECT_NE(ReadFile(out / "resolved_scenario.yaml").find("seed: 9"), std::string::npos);
  EXPECT_EQ(List(dir), std::vector<std::string>{"run"});  // no staging or set-aside folder
}

TEST(OutFolderCliTest, AFolderHoldingTheInputIsRefusedEvenWithForce) {
  const fs::path dir = TempDir("input");
  const fs::path out = dir / "run";
  ASSERT_EQ(Simulate(out).code, 0);
  fs::copy_file(kDefaultScenario, out / "scenario.yaml");
  const Outcome o =
      RunGpuplan({"simulate", (out / "scenario.yaml").string(), "--out", out.string(), "--force"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find(fmt::format("holds the input '{}', which gpuplan never replaces, not even "
                                   "with --force",
                                   (out / "scenario.yaml").string())),
            std::string::npos)
      << o.err;
  EXPECT_TRUE(fs::exists(out / "scenario.yaml"));
}

// A trace written into the output folder is part of the run: the swap keeps it.
TEST(OutFolderCliTest, ATraceInsideTheOutputFolderIsKept) {
  const fs::path dir = TempDir("trace");
  const fs::path out = dir / "run";
  for (int run = 0; run < 2; ++run) {  // into an absent folder, then over the first run
    const Outcome o = Simulate(out, {"--trace", (out / "trace.json").string()});
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_TRUE(fs::exists(out / "trace.json")) << run;
    EXPECT_TRUE(fs::exists(out / "summary.json")) << run;
  }
}

}  // namespace
}  // namespace gpuplan
