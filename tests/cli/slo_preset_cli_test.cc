// `gpuplan simulate` with an SLO preset, end to end: the three-level verdict in summary.json and
// on the console, the preset kept in resolved_scenario.yaml, located errors (exit 2).
//
// The world is computed by hand: a fixed latency model of 3 ms per prompt token and no decode
// (every request has 100 prompt tokens and 1 output token), constant arrivals 1 s apart on one
// replica. Nothing ever waits, so every request's TTFT = E2E = 100 x 3 = 300 ms, and so is p95.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/util/json_value.h"
#include "tests/cli/cli_test_util.h"

namespace gpuplan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kScenario = R"(name: preset-world
model: llama-3.1-8b
gpu: h100_sxm
engine: {preset: vllm}
latency: {kind: fixed, prefill_ms_per_token: 3, decode_ms_per_step: 1}
workload:
  arrival: {kind: constant, rate_per_s: 1}
  prompt_tokens: {kind: fixed, tokens: 100}
  output_tokens: {kind: fixed, tokens: 1}
slo: {preset: streaming_captions}
simulation: {num_requests: 40}
)";

struct SimulateRun {
  Outcome outcome;
  fs::path out;
};

SimulateRun Simulate(const std::string& name, const std::vector<std::string>& sets,
                     std::string scenario = kScenario) {
  const fs::path dir = TempDir("slo-preset-", name);
  std::ofstream(dir / "scenario.yaml") << scenario;
  std::vector<std::string> args = {"simulate", (dir / "scenario.yaml").string(), "--out",
                                   (dir / "out").string()};
  for (const std::string& set : sets) {
    args.push_back("--set");
    args.push_back(set);
  }
  return {RunGpuplan(args), dir / "out"};
}

// summary.json, whose "slo" block the tests read (JsonValue is move-only: keep the document).
JsonValue SummaryOf(const SimulateRun& run) {
  return JsonValue::Parse(ReadFile(run.out / "summary.json"));
}

TEST(SloPresetCliTest, AtTheIdealLimitTheRunMeetsIdeal) {
  // streaming_captions: ideal TTFT 300 ms, E2E 1,000 ms; p95 TTFT 300 ms is exactly at the limit.
  const SimulateRun run = Simulate("ideal", {});
  ASSERT_EQ(run.outcome.code, 0) << run.outcome.err;
  const JsonValue summary = SummaryOf(run);
  const JsonValue& slo = summary.At("slo");
  EXPECT_EQ(slo.At("ttft_ms").At("value_ms").AsDouble(), 300);
  EXPECT_EQ(slo.At("preset").AsString(), "streaming_captions");
  EXPECT_EQ(slo.At("level").AsString(), "ideal");
  EXPECT_EQ(slo.At("levels").At("acceptable").At("ttft_ms").AsDouble(), 700);
  EXPECT_EQ(slo.At("level_met").AsString(), "ideal");
  EXPECT_THAT(run.outcome.out, HasSubstr("  level       meets ideal\n"));
  EXPECT_THAT(ReadFile(run.out / "resolved_scenario.yaml"),
              HasSubstr("slo:\n  preset: streaming_captions\n  level: ideal\n  percentile: 95\n"));
}

TEST(SloPresetCliTest, BetweenTheLevelsTheRunMeetsAcceptable) {
  // search: ideal TTFT 200 ms (300 misses it), acceptable 500 ms (300 meets it); E2E 2,000 and
  // 2,300 ms both met. Counted at the ideal level, the run misses its SLO.
  const SimulateRun run = Simulate("acceptable", {"slo.preset=search"});
  ASSERT_EQ(run.outcome.code, 0) << run.outcome.err;
  const JsonValue summary = SummaryOf(run);
  const JsonValue& slo = summary.At("slo");
  EXPECT_FALSE(slo.At("met").AsBool());
  EXPECT_EQ(slo.At("level_met").AsString(), "acceptable");
  EXPECT_THAT(run.outcome.out, HasSubstr("  level       meets acceptable\n"));
  // Counted at the acceptable level instead: the SLO is met, the level verdict the same.
  const SimulateRun at_acceptable =
      Simulate("acceptable-level", {"slo.preset=search", "slo.level=acceptable"});
  ASSERT_EQ(at_acceptable.outcome.code, 0) << at_acceptable.outcome.err;
  EXPECT_TRUE(SummaryOf(at_acceptable).At("slo").At("met").AsBool());
  EXPECT_EQ(SummaryOf(at_acceptable).At("slo").At("level_met").AsString(), "acceptable");
}

TEST(SloPresetCliTest, OverTheAcceptableLimitTheRunFails) {
  // 6 ms per prompt token: TTFT 600 ms, over search's acceptable 500 ms.
  const SimulateRun run =
      Simulate("fails", {"slo.preset=search", "latency.prefill_ms_per_token=6"});
  ASSERT_EQ(run.outcome.code, 0) << run.outcome.err;
  EXPECT_EQ(SummaryOf(run).At("slo").At("ttft_ms").At("value_ms").AsDouble(), 600);
  EXPECT_EQ(SummaryOf(run).At("slo").At("level_met").AsString(), "none");
  EXPECT_THAT(run.outcome.out, HasSubstr("  level       fails\n"));
}

TEST(SloPresetCliTest, WithoutAPresetSummaryJsonHasNoLevel) {
  const SimulateRun run = Simulate("plain", {"slo={ttft_ms: 500}"});
  ASSERT_EQ(run.outcome.code, 0) << run.outcome.err;
  EXPECT_THAT(ReadFile(run.out / "summary.json"), Not(HasSubstr("level")));
  EXPECT_THAT(run.outcome.out, Not(HasSubstr("level")));
}

TEST(SloPresetCliTest, UnknownPresetAndLevelAreLocatedErrorsWithExitTwo) {
  const SimulateRun run = Simulate("bad", {"slo={preset: serch, level: best}"});
  EXPECT_EQ(run.outcome.code, 2);
  EXPECT_THAT(run.outcome.err,
              HasSubstr("--set:1:1: slo.preset: unknown SLO preset 'serch'; did you mean "
                        "'search'?"));
  EXPECT_THAT(run.outcome.err, HasSubstr("--set:1:1: slo.level: 'best' is not a valid choice; "
                                         "expected one of: ideal, acceptable"));
  EXPECT_FALSE(fs::exists(run.out));
  // In the file: line 10, the preset's value at column 15.
  std::string text = kScenario;
  text.replace(text.find("streaming_captions"), 18, "chatbto");
  const SimulateRun in_file = Simulate("bad-file", {}, text);
  EXPECT_EQ(in_file.outcome.code, 2);
  EXPECT_THAT(in_file.outcome.err,
              HasSubstr("scenario.yaml:10:15: slo.preset: unknown SLO preset 'chatbto'; did you "
                        "mean 'chatbot'?"));
}

}  // namespace
}  // namespace gpuplan::testing
