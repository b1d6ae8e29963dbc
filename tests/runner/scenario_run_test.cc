#include "sim/runner/scenario_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sim/core/error.h"
#include "sim/metrics/writers.h"
#include "tests/runner/runner_test_util.h"

namespace gpuplan {
namespace {

using testing::FixedModelScenario;
using testing::kOneRequest;
using testing::ScenarioFromYaml;
using testing::SharedBuiltins;

ScenarioRun RunYaml(const std::string& yaml, const std::vector<std::string>& sets = {},
                    uint64_t seed = 42) {
  const PreparedScenario prepared(ScenarioFromYaml(yaml, sets), SharedBuiltins());
  RunOptions options;
  options.seed = seed;
  return prepared.Run(options);
}

TEST(ScenarioRunTest, OneRequestByHand) {
  const ScenarioRun run = RunYaml(FixedModelScenario(kOneRequest));
  // Prefill of 1000 tokens in one step: 1 + 0.01 x 1000 = 11 ms, producing token 1.
  // Then 9 decode steps of 1 + 5 = 6 ms each: E2E = 11 + 54 = 65 ms, TPOT = 6 ms.
  EXPECT_EQ(run.result.counts.completed, 1u);
  EXPECT_DOUBLE_EQ(run.result.ttft_ms.p50, 11.0);
  EXPECT_DOUBLE_EQ(run.result.tpot_ms.p50, 6.0);
  EXPECT_DOUBLE_EQ(run.result.e2el_ms.max, 65.0);
  EXPECT_DOUBLE_EQ(run.result.queue_delay_ms.max, 0.0);
  EXPECT_EQ(run.stats.steps, 10);
  // The op breakdown sums every step: 11 + 9 x 6 = 65 ms in all.
  EXPECT_NEAR(run.ops.total_s, 0.065, 1e-12);
  EXPECT_NEAR(run.ops.seconds[static_cast<size_t>(OpKind::kCpuOverhead)], 0.010, 1e-12);
  EXPECT_DOUBLE_EQ(run.ops.MeasuredShare(), 0.0);
}

TEST(ScenarioRunTest, ChunkedPrefillSplitsThePromptAtTheTokenBudget) {
  // Budget 256: chunks 256, 256, 256, 232 -> TTFT = 3 x (1 + 2.56) + (1 + 2.32) = 14 ms.
  const ScenarioRun run = RunYaml(FixedModelScenario(kOneRequest),
                                  {"engine.max_num_batched_tokens=256", "engine.max_num_seqs=16"});
  EXPECT_NEAR(run.result.ttft_ms.p50, 14.0, 1e-9);
  EXPECT_NEAR(run.result.e2el_ms.p50, 14.0 + 9 * 6.0, 1e-9);
}

TEST(ScenarioRunTest, ChunkedPrefillOffRunsThePromptInOneStep) {
  // vLLM requires a budget of at least the context length when chunking is off.
  const ScenarioRun run =
      RunYaml(FixedModelScenario(kOneRequest),
              {"engine.enable_chunked_prefill=false", "engine.max_num_batched_tokens=131072"});
  EXPECT_NEAR(run.result.ttft_ms.p50, 11.0, 1e-9);
}

TEST(ScenarioRunTest, RequestsAndTokensAreConservedUnderLoad) {
  const std::string yaml = FixedModelScenario(R"(
workload:
  arrival: {kind: poisson, rate_per_s: 200}
  prompt_tokens: {kind: uniform, min: 10, max: 3000}
  output_tokens: {kind: uniform, min: 1, max: 300}
simulation: {num_requests: 3000, timeseries_interval_s: 0.5}
)");
  const ScenarioRun run = RunYaml(yaml, {"deployment.replicas=3"});
  EXPECT_EQ(run.stats.requests_arrived, 3000);
  EXPECT_EQ(run.stats.requests_finished, 3000);
  EXPECT_EQ(run.stats.requests_dropped, 0);
  EXPECT_EQ(run.result.counts.completed, 3000u);
  uint64_t arrivals = 0;
  int64_t output_tokens = 0;
  for (const TimeseriesRow& row : run.timeseries) {
    arrivals += row.arrivals;
    output_tokens += row.output_tokens;
  }
  EXPECT_EQ(arrivals, 3000u);
  EXPECT_EQ(output_tokens, static_cast<int64_t>(run.result.counts.measured_output_tokens));
}

TEST(ScenarioRunTest, SameSeedSameBytesOtherSeedOtherResult) {
  const std::string yaml = FixedModelScenario(R"(
workload:
  arrival: {kind: poisson, rate_per_s: 50}
  prompt_tokens: {kind: lognormal, median: 500, sigma: 0.8, min: 1, max: 4000}
  output_tokens: {kind: lognormal, median: 100, sigma: 0.8, min: 1, max: 1000}
simulation: {num_requests: 500}
)");
  const std::string a = SummaryJson(RunYaml(yaml, {}, 7).result);
  const std::string b = SummaryJson(RunYaml(yaml, {}, 7).result);
  const std::string c = SummaryJson(RunYaml(yaml, {}, 8).result);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(ScenarioRunTest, TraceReplayWithoutOptionalOptionsValidatesAndRuns) {
  // Three requests at 0, 0.5 and 1 s; each runs alone, so TTFT = 1 ms + 0.01 ms x prompt:
  // 2 ms, 3 ms and 1.5 ms. Optional trace options (max_requests) are left unset on purpose.
  const auto path = std::filesystem::temp_directory_path() / "gpuplan_runner_trace.csv";
  std::ofstream(path) << "arrived_at,num_prefill_tokens,num_decode_tokens\n"
                         "0,100,5\n0.5,200,3\n1.0,50,2\n";
  const ScenarioRun run =
      RunYaml(FixedModelScenario("workload:\n  trace: {kind: vidur_csv, path: " + path.string() +
                                 "}\nsimulation: {num_requests: 10}\n"));
  EXPECT_EQ(run.result.counts.completed, 3u);
  EXPECT_DOUBLE_EQ(run.result.ttft_ms.min, 1.5);
  EXPECT_DOUBLE_EQ(run.result.ttft_ms.p50, 2.0);
  EXPECT_DOUBLE_EQ(run.result.ttft_ms.max, 3.0);
  // Request 0: 2 ms prefill + 4 decodes of 6 ms.
  EXPECT_DOUBLE_EQ(run.result.e2el_ms.max, 26.0);
}

TEST(ScenarioRunTest, ModelThatDoesNotFitIsAConfigErrorWithTheNumbers) {
  const std::string yaml = R"(
model: llama-3.1-70b
gpu: l4
engine: vllm
workload:
  arrival: {kind: poisson, rate_per_s: 1}
  prompt_tokens: {kind: fixed, tokens: 10}
  output_tokens: {kind: fixed, tokens: 10}
simulation: {num_requests: 1}
)";
  try {
    ScenarioFromYaml(yaml);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const std::string text = e.diagnostics()[0].ToString();
    EXPECT_NE(text.find("test.yaml:3:6: gpu: Llama-3.1-70B bf16 needs"), std::string::npos) << text;
    EXPECT_NE(text.find("GiB"), std::string::npos) << text;
  }
}

TEST(ScenarioRunTest, TensorParallelMakesTheSeventyBillionModelFit) {
  const std::string yaml = R"(
model: llama-3.1-70b
gpu: h100_sxm
engine: vllm
deployment: {tensor_parallel: 4}
workload:
  arrival: {kind: poisson, rate_per_s: 2}
  prompt_tokens: {kind: fixed, tokens: 500}
  output_tokens: {kind: fixed, tokens: 50}
simulation: {num_requests: 20}
)";
  const ScenarioRun run = RunYaml(yaml);
  EXPECT_EQ(run.result.counts.completed, 20u);
  EXPECT_GT(run.ops.seconds[static_cast<size_t>(OpKind::kAllReduce)], 0.0);
}

}  // namespace
}  // namespace gpuplan
