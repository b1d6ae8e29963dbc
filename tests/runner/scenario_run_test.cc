#include "sim/runner/scenario_run.h"

#include <gtest/gtest.h>

#include <array>
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
  EXPECT_DOUBLE_EQ(run.result.e2e_ms.max, 65.0);
  EXPECT_DOUBLE_EQ(run.result.queue_delay_ms.max, 0.0);
  EXPECT_EQ(run.stats.steps, 10);
  // The op breakdown sums every step: 11 + 9 x 6 = 65 ms in all.
  EXPECT_NEAR(run.ops.total_s, 0.065, 1e-12);
  EXPECT_NEAR(run.ops.seconds[static_cast<size_t>(OpKind::kCpuOverhead)], 0.010, 1e-12);
  EXPECT_DOUBLE_EQ(run.ops.MeasuredShare(), 0.0);
}

// timeseries.csv of an autoscaled run gets the fleet; any other run's keeps its columns. A (at 0)
// and B (at 0.5 s) have 100 prompt and 1,000 output tokens; both stay on replica 0 for ~6 s
// (A ends at 5.997 s, B at 6.501 s). The sync at 1 s sees 1.5 in flight per replica (A the whole
// second, B half) against a target of 1: desired ceil(1.5) = 2, replica 1 starts (paid) at 1 s and
// is routable after 1.5 s + 16 GB / 10^6 GB/s = 2.500016 s. Later syncs see 2 in flight over 2
// started replicas (1.0, within the tolerance; 0.9985 at 6 s): no change. Rows at 1 s intervals,
// the fleet at each row's start: 1/1/1, then 2 started, 1 routable, 2 paid at 1 s and 2 s, then
// 2/2/2 from 3 s.
TEST(ScenarioRunTest, AnAutoscaledRunWritesItsFleetInTheTimeSeries) {
  const std::string workload = R"(
workload:
  arrival: {kind: constant, rate_per_s: 2}
  prompt_tokens: {kind: fixed, tokens: 100}
  output_tokens: {kind: fixed, tokens: 1000}
simulation: {num_requests: 2, timeseries_interval_s: 1}
)";
  const std::string scaled =
      FixedModelScenario(workload) +
      "autoscaler: {metric: queue_length, target: 1, min_replicas: 1, max_replicas: 2, "
      "load_bandwidth_gb_per_s: 1000000, startup_s: 1.5, sync_period_s: 1, "
      "scale_down_delay_s: 0}\n";
  const ScenarioRun run = RunYaml(scaled);
  ASSERT_GE(run.timeseries.size(), 6u);
  const std::vector<std::array<int32_t, 3>> expected = {{1, 1, 1}, {2, 1, 2}, {2, 1, 2},
                                                        {2, 2, 2}, {2, 2, 2}, {2, 2, 2}};
  for (size_t i = 0; i < expected.size(); ++i) {
    const TimeseriesRow& row = run.timeseries[i];
    EXPECT_TRUE(row.has_replica_counts);
    EXPECT_EQ(
        (std::array<int32_t, 3>{row.replicas_started, row.replicas_routable, row.replicas_paid}),
        expected[i])
        << "row " << i;
  }
  const std::string csv = TimeseriesCsv(run.timeseries);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "t_start_s,arrivals,completions,waiting,running,kv_used_fraction,output_tokens,"
            "output_throughput,prefill_tokens,replicas_started,replicas_routable,replicas_paid");
  // The same run on a fixed fleet: no counts, and the header it always had.
  const ScenarioRun fixed = RunYaml(FixedModelScenario(workload));
  for (const TimeseriesRow& row : fixed.timeseries) EXPECT_FALSE(row.has_replica_counts);
  const std::string fixed_csv = TimeseriesCsv(fixed.timeseries);
  EXPECT_EQ(fixed_csv.substr(0, fixed_csv.find('\n')),
            "t_start_s,arrivals,completions,waiting,running,kv_used_fraction,output_tokens,"
            "output_throughput,prefill_tokens");
}

TEST(ScenarioRunTest, ChunkedPrefillSplitsThePromptAtTheTokenBudget) {
  // Budget 256: chunks 256, 256, 256, 232 -> TTFT = 3 x (1 + 2.56) + (1 + 2.32) = 14 ms.
  const ScenarioRun run = RunYaml(FixedModelScenario(kOneRequest),
                                  {"engine.max_num_batched_tokens=256", "engine.max_num_seqs=16"});
  EXPECT_NEAR(run.result.ttft_ms.p50, 14.0, 1e-9);
  EXPECT_NEAR(run.result.e2e_ms.p50, 14.0 + 9 * 6.0, 1e-9);
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
  EXPECT_DOUBLE_EQ(run.result.e2e_ms.max, 26.0);
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
