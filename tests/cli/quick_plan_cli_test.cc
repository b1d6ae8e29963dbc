// The one-line form of `gpuplan plan` (no plan file): it gives the same plan as a hand-written
// plan file with the same inputs (plan.json equal but for plan_file, every other output equal),
// prints which inputs it defaulted, and refuses option mixes that make no sense (exit 2).
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

fs::path TempDir(const std::string& name) {
  return testing::TempDir("gpuplan_quick_plan_test_", name);
}

using testing::kDefaultScenario;
const std::string kShippedPlan =
    std::string(GPUPLAN_SOURCE_DIR) + "/configs/plans/japan_chatbot.yaml";

// The plan file that says what the one-line form assumes, with `traffic` and `extra` keys.
std::string HandWrittenPlan(const std::string& traffic, const std::string& slo,
                            const std::string& candidates) {
  return "name: one-line-plan\n"
         "description: \"gpuplan plan's one-line form: every input not on the command line is a "
         "documented default\"\n"
         "scenario: " +
         kDefaultScenario + "\ntraffic: " + traffic + "\n" +
         (slo.empty() ? "" : "slo: " + slo + "\n") + "candidates: " + candidates + "\n";
}

// plan.json without its plan_file line (the one field naming where the plan came from).
std::string PlanJsonWithoutSource(const fs::path& dir) {
  std::istringstream in(ReadFile(dir / "plan.json"));
  std::string line;
  std::string out;
  while (std::getline(in, line)) {
    if (line.find("\"plan_file\": ") == std::string::npos) out += line + "\n";
  }
  return out;
}

void ExpectSameOutputs(const fs::path& one_line, const fs::path& hand) {
  EXPECT_TRUE(PlanJsonWithoutSource(one_line) == PlanJsonWithoutSource(hand))
      << "plan.json differs beyond plan_file";
  for (const char* f : {"candidates.csv", "pareto.csv", "recommended/summary.json",
                        "recommended/resolved_scenario.yaml"}) {
    ASSERT_TRUE(fs::exists(one_line / f)) << f;
    EXPECT_TRUE(ReadFile(one_line / f) == ReadFile(hand / f)) << f << " differs";
  }
}

TEST(QuickPlanCliTest, GivesTheHandWrittenPlansRecommendationAndSaysWhatItAssumed) {
  const fs::path dir = TempDir("dau");
  const Outcome o = RunGpuplan({"plan", "--model", "llama-3.1-8b", "--gpus", "h100_sxm,l40s",
                                "--dau", "5000", "--ttft", "500", "--speed", "25", "--out",
                                (dir / "one").string(), "--threads", "2"});
  ASSERT_EQ(o.code, 0) << o.err;
  std::ofstream(dir / "hand.yaml") << HandWrittenPlan(
      "{dau: 5000, sessions_per_user_per_day: 2, requests_per_session: 5, peak_hour_share: 0.12}",
      "{ttft_ms: 500, speed_tokens_per_s: 25}", "{gpus: [h100_sxm, l40s]}");
  const Outcome hand = RunGpuplan({"plan", (dir / "hand.yaml").string(), "--out",
                                   (dir / "hand").string(), "--threads", "2", "-q"});
  ASSERT_EQ(hand.code, 0) << hand.err;
  ExpectSameOutputs(dir / "one", dir / "hand");
  const JsonValue plan = JsonValue::Parse(ReadFile(dir / "one" / "plan.json"));
  EXPECT_FALSE(plan.At("recommendation").IsNull());
  // plan_file holds the one-line form, so the report's "reproduce" line runs it again.
  EXPECT_EQ(plan.At("provenance").At("plan_file").AsString(),
            "--model llama-3.1-8b --gpus h100_sxm,l40s --dau 5000 --ttft 500 --speed 25");

  // The console says which inputs were given and which defaulted, and from where.
  for (const char* expected :
       {"inputs of the one-line form (no plan file; * = not given, a documented default)",
        "    model ", "given (--model)", "given (--dau)", "given (--speed)",
        "  * sessions/user/day          2 ", "  * requests/session           5 ",
        "  * peak-hour share            0.12 ", "docs/planning-method.md, worked example",
        "  * burst factor               1 ", "  * engine preset              vllm ",
        "  * search                     3 seeds x 2,000 requests per probe",
        "daily requests = DAU x sessions/user/day x requests/session = 5,000 x 2 x 5",
        "gpuplan init plan --model llama-3.1-8b --gpu h100_sxm,l40s"}) {
    EXPECT_NE(o.out.find(expected), std::string::npos) << expected << "\n" << o.out;
  }
}

// Another model (the default scenario with --set scenario.model), engine and load mode.
TEST(QuickPlanCliTest, ModelEngineAndConcurrencyMatchTheHandWrittenPlan) {
  const fs::path dir = TempDir("concurrency");
  const Outcome o =
      RunGpuplan({"plan", "--model", "qwen3-8b", "--gpu", "h100_sxm", "--engine", "sglang", "--tp",
                  "1", "--concurrency", "8", "--out", (dir / "one").string(), "--threads", "2"});
  ASSERT_EQ(o.code, 0) << o.err;
  std::ofstream(dir / "hand.yaml")
      << HandWrittenPlan("{concurrency_at_peak: 8}", "",
                         "{gpus: [h100_sxm], engines: [sglang], tensor_parallel: [1]}");
  const Outcome hand =
      RunGpuplan({"plan", (dir / "hand.yaml").string(), "--set", "scenario.model=qwen3-8b", "--out",
                  (dir / "hand").string(), "--threads", "2", "-q"});
  ASSERT_EQ(hand.code, 0) << hand.err;
  ExpectSameOutputs(dir / "one", dir / "hand");
  // No --ttft and no --speed: the base scenario's SLO, said so.
  EXPECT_NE(o.out.find("  * latency targets            TTFT 500 ms, TPOT 50 ms at p95"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("default: the base scenario's slo (no --ttft, no --speed)"),
            std::string::npos);
}

TEST(QuickPlanCliTest, OptionsThatDoNotFitTogetherAreUsageErrors) {
  const fs::path dir = TempDir("usage");
  const std::string out = (dir / "out").string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"plan"}, "error: no plan file; expected `gpuplan plan PLAN.yaml`, or the one-line form"},
      {{"plan", kShippedPlan, "--dau", "5000", "--gpus", "l40s"},
       "error: a plan file and the one-line form's --gpus, --dau are both given; expected either "
       "PLAN.yaml"},
      {{"plan", "--dau", "5000", "--set", "search.seeds=2"},
       "error: --set changes a plan file's keys and no plan file is given"},
      {{"plan", "--dau", "5000", "--peak-rate", "3"},
       "error: --dau and --peak-rate both given; expected one of --dau, --peak-rate and "
       "--concurrency"},
      {{"plan", "--model", "llama-3.1-8b", "--ttft", "500"},
       "error: the one-line form needs the peak load; expected one of --dau N, --peak-rate R or "
       "--concurrency C"},
      {{"plan", "--dau", "abc"}, "error: the argument ('abc') for option '--dau' is invalid"},
  };
  for (const auto& [args, expected] : cases) {
    std::vector<std::string> with_out = args;
    with_out.insert(with_out.end(), {"--out", out});
    const Outcome o = RunGpuplan(with_out);
    EXPECT_EQ(o.code, 2) << expected;
    EXPECT_EQ(o.err.rfind(expected, 0), 0u) << o.err;
    EXPECT_EQ(o.err.find('\n'), o.err.size() - 1) << "one message: " << o.err;
  }
  // Bad values and names: every problem at once, located at its option, with suggestions.
  const Outcome bad = RunGpuplan({"plan", "--model", "llama-3.1-8", "--gpus", "h100_sx,l40s",
                                  "--engine", "vlm", "--dau", "-5", "--tp", "0", "--out", out});
  EXPECT_EQ(bad.code, 2);
  for (const char* expected :
       {"error: --model: unknown model 'llama-3.1-8'; did you mean 'llama-3.1-8b'?",
        "error: --gpus: unknown gpu 'h100_sx'; did you mean 'h100_sxm'?",
        "error: --engine: unknown engine preset 'vlm'; did you mean 'vllm'?",
        "error: --tp: got '0'; expected whole numbers >= 1",
        "error: --dau: got -5; expected a "
        "number > 0",
        "5 errors; nothing was run"}) {
    EXPECT_NE(bad.err.find(expected), std::string::npos) << expected << "\n" << bad.err;
  }
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace gpuplan
