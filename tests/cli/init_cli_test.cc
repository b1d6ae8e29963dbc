// `gpuplan init plan|scenario`: the written file is commented key by key, runs as written
// (`gpuplan plan` / `gpuplan simulate` on it succeed), uses the shipped scenario by a relative
// path only when it resolves, is never overwritten without --force, and unknown names are refused
// with the catalog's suggestions.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/cli/app.h"
#include "sim/util/json_value.h"
#include "tests/cli/cli_test_util.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

using testing::Outcome;
using testing::ReadFile;
using testing::RunGpuplan;

fs::path TempDir(const std::string& name) { return testing::TempDir("gpuplan_init_test_", name); }

const fs::path kConfigs = fs::path(GPUPLAN_SOURCE_DIR) / "configs";

// Every YAML line carries a comment beside it (comment-only lines are prose, continuations or
// keys left out, which carry theirs too).
void ExpectEveryKeyCommented(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  int keys = 0;
  while (std::getline(in, line)) {
    const size_t first = line.find_first_not_of(' ');
    if (first == std::string::npos || line[first] == '#') continue;
    ++keys;
    EXPECT_NE(line.find(" # "), std::string::npos) << "no comment: " << line;
  }
  EXPECT_GT(keys, 20);
}

bool PlanRecommends(const fs::path& out) {
  return !JsonValue::Parse(ReadFile(out / "plan.json")).At("recommendation").IsNull();
}

TEST(InitCliTest, PlanIsCommentedAndPlansAsWrittenWithTheShippedScenario) {
  const fs::path dir = TempDir("plan");
  const fs::path file = dir / "plan.yaml";
  const Outcome o = RunGpuplan({"init", "plan", file.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("next: gpuplan plan " + file.string()), std::string::npos) << o.out;
  const std::string text = ReadFile(file);
  ExpectEveryKeyCommented(text);
  EXPECT_NE(text.find("docs/planning-method.md, section \"The plan file\""), std::string::npos);
  // The shipped scenario, by a path relative to the written file.
  const std::string relative =
      (kConfigs / "scenarios" / "default.yaml").lexically_normal().lexically_relative(dir).string();
  EXPECT_NE(text.find("\nscenario: " + relative + " "), std::string::npos) << text;
  EXPECT_NE(text.find("  gpus: [h100_sxm, l40s] "), std::string::npos);
  EXPECT_NE(text.find("  seeds: 2 "), std::string::npos);

  const Outcome plan =
      RunGpuplan({"plan", file.string(), "--out", (dir / "out").string(), "--threads", "2", "-q"});
  ASSERT_EQ(plan.code, 0) << plan.err;
  EXPECT_TRUE(PlanRecommends(dir / "out"));
}

TEST(InitCliTest, PlanWithAnotherModelHasAnInlineScenarioAndPlans) {
  const fs::path dir = TempDir("plan_inline");
  const fs::path file = dir / "sub" / "qwen.yaml";  // the folder is created
  const Outcome o = RunGpuplan({"init", "plan", file.string(), "--model", "qwen3-8b", "--gpu",
                                "l40s", "--gpu", "h100_sxm", "--engine", "sglang"});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string text = ReadFile(file);
  ExpectEveryKeyCommented(text);
  EXPECT_NE(text.find("\nscenario: "), std::string::npos);
  EXPECT_NE(text.find("\n  model: qwen3-8b "), std::string::npos) << text;
  EXPECT_NE(text.find("\n  gpus: [l40s, h100_sxm] "), std::string::npos);
  EXPECT_NE(text.find("\n  engines: [sglang] "), std::string::npos);
  EXPECT_NE(text.find("\n    preset: sglang "), std::string::npos);
  EXPECT_NE(text.find("\nname: qwen "), std::string::npos);

  // A smaller load than written, to keep the test short.
  const Outcome plan = RunGpuplan({"plan", file.string(), "--set", "traffic.dau=5000", "--out",
                                   (dir / "out").string(), "--threads", "2", "-q"});
  ASSERT_EQ(plan.code, 0) << plan.err;
  EXPECT_TRUE(PlanRecommends(dir / "out"));
}

// A catalog without scenarios/ has no shipped scenario to point at: the plan is inline.
TEST(InitCliTest, PlanIsInlineWhenTheCatalogHasNoDefaultScenario) {
  const fs::path dir = TempDir("plan_catalog");
  fs::create_directories(dir / "catalog");
  for (const char* folder : {"gpus", "models", "engines"}) {
    fs::copy(kConfigs / folder, dir / "catalog" / folder, fs::copy_options::recursive);
  }
  const fs::path file = dir / "plan.yaml";
  const std::string catalog = (dir / "catalog").string();
  const Outcome o = RunGpuplan({"init", "plan", file.string(), "--configs", catalog});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string text = ReadFile(file);
  EXPECT_NE(text.find("\n  model: llama-3.1-8b "), std::string::npos) << text;
  EXPECT_EQ(text.find("default.yaml "), std::string::npos);
  const Outcome plan = RunGpuplan({"plan", file.string(), "--configs", catalog, "--out",
                                   (dir / "out").string(), "--threads", "2", "-q"});
  ASSERT_EQ(plan.code, 0) << plan.err;
}

TEST(InitCliTest, AnExistingFileIsKeptUnlessForce) {
  const fs::path dir = TempDir("force");
  const fs::path file = dir / "plan.yaml";
  std::ofstream(file) << "mine\n";
  const Outcome kept = RunGpuplan({"init", "plan", file.string()});
  EXPECT_EQ(kept.code, 2);
  EXPECT_NE(kept.err.find("error: " + file.string() +
                          " already exists; kept as it is (--force overwrites it"),
            std::string::npos)
      << kept.err;
  EXPECT_EQ(ReadFile(file), "mine\n");
  const Outcome forced = RunGpuplan({"init", "plan", file.string(), "--force"});
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_NE(ReadFile(file).find("traffic:"), std::string::npos);

  const Outcome folder = RunGpuplan({"init", "scenario", dir.string(), "--force"});
  EXPECT_EQ(folder.code, 2);
  EXPECT_NE(folder.err.find("is a folder"), std::string::npos) << folder.err;
}

TEST(InitCliTest, UnknownNamesAreRefusedWithSuggestions) {
  const fs::path dir = TempDir("names");
  const fs::path file = dir / "plan.yaml";
  const Outcome o = RunGpuplan({"init", "plan", file.string(), "--model", "llama-3.1-8", "--gpu",
                                "h100_sx,l40s", "--engine", "vlm"});
  EXPECT_EQ(o.code, 2);
  for (const char* expected :
       {"error: --model: unknown model 'llama-3.1-8'; did you mean 'llama-3.1-8b'?; expected "
        "one of: ",
        "error: --gpu: unknown gpu 'h100_sx'; did you mean 'h100_sxm'?",
        "error: --engine: unknown engine preset 'vlm'; did you mean 'vllm'?",
        "3 errors; nothing was run"}) {
    EXPECT_NE(o.err.find(expected), std::string::npos) << expected << "\n" << o.err;
  }
  EXPECT_FALSE(fs::exists(file));

  const Outcome kind = RunGpuplan({"init", "plna"});
  EXPECT_EQ(kind.code, 2);
  EXPECT_NE(kind.err.find("cannot write 'plna'; did you mean 'plan'?; expected plan or scenario"),
            std::string::npos)
      << kind.err;
  const Outcome none = RunGpuplan({"init"});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("expected `gpuplan init plan [FILE]`"), std::string::npos) << none.err;
}

TEST(InitCliTest, ScenarioIsCommentedAndSimulatesAsWritten) {
  const fs::path dir = TempDir("scenario");
  const fs::path file = dir / "scenario.yaml";
  const Outcome o = RunGpuplan({"init", "scenario", file.string(), "--gpu", "l40s"});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string text = ReadFile(file);
  ExpectEveryKeyCommented(text);
  EXPECT_NE(text.find("\ngpu: l40s "), std::string::npos) << text;
  EXPECT_NE(text.find("docs/scenarios.md"), std::string::npos);
  const Outcome run = RunGpuplan({"simulate", file.string(), "--out", (dir / "out").string(),
                                  "--set", "simulation.num_requests=200", "--quiet"});
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_TRUE(fs::exists(dir / "out" / "summary.json"));

  const Outcome two = RunGpuplan(
      {"init", "scenario", (dir / "two.yaml").string(), "--gpu", "l40s", "--gpu", "h100_sxm"});
  EXPECT_EQ(two.code, 2);
  EXPECT_NE(two.err.find("--gpu: 2 GPUs given; expected one"), std::string::npos) << two.err;
  EXPECT_FALSE(fs::exists(dir / "two.yaml"));
}

// A model that needs several GPUs per replica gets a tensor-parallel size at which it fits.
TEST(InitCliTest, ScenarioOfALargeModelFits) {
  const fs::path dir = TempDir("scenario_70b");
  const fs::path file = dir / "big.yaml";
  const Outcome o = RunGpuplan({"init", "scenario", file.string(), "--model", "llama-3.1-70b"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(ReadFile(file).find("\n  tensor_parallel: 2 "), std::string::npos);
  EXPECT_EQ(o.err, "");
}

}  // namespace
}  // namespace gpuplan
