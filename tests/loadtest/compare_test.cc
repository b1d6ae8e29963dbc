// gpuplan compare by hand with the fixed latency model, and its self-consistency: a simulated run
// written as a vllm bench result and compared again gives zero error on every statistic.
#include "sim/loadtest/compare.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/loadtest/compare_output.h"
#include "sim/loadtest/vllm_bench_json.h"
#include "tests/runner/runner_test_util.h"

namespace gpuplan {
namespace {

using testing::FixedModelScenario;
using testing::ScenarioFromYaml;
using testing::SharedBuiltins;

// The scenario's own workload is replaced by the measured load.
Scenario FixedScenario() {
  return ScenarioFromYaml(FixedModelScenario(R"(
workload:
  arrival: {kind: poisson, rate_per_s: 1}
  prompt_tokens: {kind: fixed, tokens: 100}
  output_tokens: {kind: fixed, tokens: 10}
simulation: {num_requests: 5, warmup_s: 3}
)"));
}

// One client (--max-concurrency 1), two requests: 1000 + 10 tokens, then 500 + 2.
// Step = 1 ms + 0.01 ms per prefill token + 5 ms with decodes:
//   request 0: prefill 11 ms (TTFT 11), 9 decodes of 6 ms: done at 65 ms (E2E 65);
//   request 1 sent at 65 ms: prefill 6 ms (TTFT 6), one decode: done at 77 ms (E2E 12).
MeasuredRun OneClient() {
  MeasuredRun run;
  run.format = "vllm_bench_json";
  run.source_file = "r.json";
  run.regime = {.max_concurrency = 1, .num_requests = 2};
  run.requests = {{.input_tokens = 1000, .output_tokens = 10},
                  {.input_tokens = 500, .output_tokens = 2}};
  run.stats = {{"mean_ttft_ms", 10},
               {"mean_e2el_ms", 77},
               {"request_throughput", 20},
               {"max_concurrent_requests", 1}};
  return run;
}

TEST(CompareTest, OneClientByHand) {
  const CompareResult r = CompareWithSimulation(FixedScenario(), SharedBuiltins(), OneClient());
  ASSERT_EQ(r.rows.size(), 3u);  // max_concurrent_requests has no simulated counterpart
  EXPECT_EQ(r.rows[0].statistic, "mean_ttft_ms");
  EXPECT_DOUBLE_EQ(r.rows[0].simulated, 8.5);  // (11 + 6) / 2
  EXPECT_DOUBLE_EQ(r.rows[0].error, -0.15);
  EXPECT_DOUBLE_EQ(r.rows[1].simulated, 38.5);  // (65 + 12) / 2
  EXPECT_NEAR(r.rows[2].simulated, 2 / 0.077, 1e-9);
  ASSERT_EQ(r.simulated.requests.size(), 2u);
  EXPECT_DOUBLE_EQ(r.simulated.requests[1].ttft_s, 0.006);
  EXPECT_EQ(r.simulated.requests[0].itls_s.size(), 9u);
  EXPECT_DOUBLE_EQ(r.simulated.duration_s, 0.077);
  EXPECT_NE(r.workload.find("closed_loop 1 clients"), std::string::npos) << r.workload;
  EXPECT_TRUE(r.assumptions.empty());
  // |errors| 0.15, 0.5 and (25.97 - 20) / 20 = 0.299: the median is the throughput's.
  EXPECT_NEAR(r.MedianAbsError(), (2 / 0.077 - 20) / 20, 1e-12);
}

TEST(CompareTest, ASimulatedRunComparedWithItselfHasNoError) {
  MeasuredRun measured = OneClient();
  measured.regime = {.request_rate = 40.0, .num_requests = 30};
  measured.requests.clear();
  for (int i = 0; i < 30; ++i) {
    measured.requests.push_back({.input_tokens = 100 + 37 * i, .output_tokens = 1 + i % 7});
  }
  const CompareResult first = CompareWithSimulation(FixedScenario(), SharedBuiltins(), measured);
  // The simulated run as vllm bench serve would have saved it, read back and compared again.
  const MeasuredRun as_measured = ParseVllmBenchJson(WriteVllmBenchJson(first.simulated), "s.json");
  const CompareResult second =
      CompareWithSimulation(FixedScenario(), SharedBuiltins(), as_measured);
  ASSERT_GT(second.rows.size(), 20u);
  for (const CompareRow& row : second.rows) {
    EXPECT_EQ(row.error, 0) << row.statistic << ": " << row.measured << " vs " << row.simulated;
  }
  EXPECT_EQ(CompareJson(second),
            CompareJson(CompareWithSimulation(FixedScenario(), SharedBuiltins(), as_measured)));
}

TEST(CompareTest, WithoutRequestListsTheScenarioLengthsAreUsedAndSaid) {
  MeasuredRun measured = OneClient();
  measured.requests.clear();
  const CompareResult r = CompareWithSimulation(FixedScenario(), SharedBuiltins(), measured);
  ASSERT_EQ(r.assumptions.size(), 1u);
  EXPECT_NE(r.assumptions[0].find("drawn from the scenario's workload"), std::string::npos);
  EXPECT_EQ(r.simulated.requests.size(), 2u);
  EXPECT_EQ(r.simulated.requests[0].input_tokens, 100);
}

}  // namespace
}  // namespace gpuplan
