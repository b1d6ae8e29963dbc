// The deployment commands of a recommendation, by hand for each engine: every knob the
// simulation assumed appears in the engine's own spelling, and the benchmark offers one
// replica's share of the peak with the SLO as --goodput.
#include "sim/plan/deployment_commands.h"

#include <gtest/gtest.h>

#include "tests/common/slo_thresholds.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::Limit;

Scenario Scenario8b(const std::vector<std::string>& sets) {
  return LoadScenarioFromString(R"(
model: llama-3.1-8b
gpu: h100_sxm
engine: {preset: vllm}
deployment: {replicas: 3, tensor_parallel: 2}
workload:
  arrival: {kind: poisson, rate_per_s: 6}
  prompt_tokens: {kind: fixed, tokens: 1000}
  output_tokens: {kind: fixed, tokens: 100}
simulation: {num_requests: 100}
)",
                                "s.yaml", sets, testing::ShippedCatalog(),
                                testing::SharedBuiltins().MakeLoaderOptions());
}

const SloTargets kSlo{.thresholds = Limit(SloMetric::kTtft, 500).Set(SloMetric::kTpot, 40),
                      .percentile = 95};
const VerificationLoad kLoad{
    .rate_per_s = 2, .mean_prompt_tokens = 1000.4, .mean_output_tokens = 99.6, .requests = 500};

TEST(DeploymentCommandsTest, VllmWithEveryKnob) {
  const DeploymentCommands d = MakeDeploymentCommands(
      Scenario8b({"deployment.kv_dtype=fp8", "engine.async_scheduling=true",
                  "engine.enable_prefix_caching=false", "engine.max_model_len=4096"}),
      kSlo, kLoad, "recommended/resolved_scenario.yaml");
  EXPECT_EQ(d.serve,
            "vllm serve meta-llama/Llama-3.1-8B-Instruct \\\n"
            "    --tensor-parallel-size 2 \\\n"
            "    --max-num-seqs 1024 \\\n"
            "    --max-num-batched-tokens 8192 \\\n"
            "    --block-size 16 \\\n"
            "    --gpu-memory-utilization 0.9 \\\n"
            "    --max-model-len 4096 \\\n"
            "    --kv-cache-dtype fp8 \\\n"
            "    --no-enable-prefix-caching \\\n"
            "    --async-scheduling");
  // The same command as separate words, as a container's command takes it.
  EXPECT_EQ(d.serve_args,
            (std::vector<std::string>{
                "vllm", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--tensor-parallel-size", "2",
                "--max-num-seqs", "1024", "--max-num-batched-tokens", "8192", "--block-size", "16",
                "--gpu-memory-utilization", "0.9", "--max-model-len", "4096", "--kv-cache-dtype",
                "fp8", "--no-enable-prefix-caching", "--async-scheduling"}));
  EXPECT_TRUE(d.engine_config.empty());
  EXPECT_NE(d.bench.find("--base-url http://localhost:8000 \\"), std::string::npos) << d.bench;
  EXPECT_NE(d.bench.find("--request-rate 2.000"), std::string::npos) << d.bench;
  EXPECT_NE(d.bench.find("--random-input-len 1000 \\"), std::string::npos);
  EXPECT_NE(d.bench.find("--random-output-len 100 \\"), std::string::npos);
  EXPECT_NE(d.bench.find("--num-prompts 500"), std::string::npos);
  EXPECT_NE(d.bench.find("--metric-percentiles 50,95,99"), std::string::npos);
  EXPECT_NE(d.bench.find("--goodput ttft:500 tpot:40 \\"), std::string::npos) << d.bench;
  EXPECT_NE(d.compare.find("--scenario recommended/resolved_scenario.yaml"), std::string::npos);
  EXPECT_NE(d.compare.find("--set deployment.replicas=1"), std::string::npos);
}

TEST(DeploymentCommandsTest, SglangSpellings) {
  const DeploymentCommands d = MakeDeploymentCommands(
      Scenario8b({"engine.preset=sglang", "engine.enable_chunked_prefill=false",
                  "engine.enable_prefix_caching=false", "engine.async_scheduling=false"}),
      kSlo, kLoad, "r.yaml");
  EXPECT_EQ(d.serve,
            "python -m sglang.launch_server \\\n"
            "    --model-path meta-llama/Llama-3.1-8B-Instruct \\\n"
            // SGLang's own default is 30000; the benchmark targets localhost:8000.
            "    --port 8000 \\\n"
            "    --tp 2 \\\n"
            "    --max-running-requests 2048 \\\n"
            "    --chunked-prefill-size -1 \\\n"
            // SGLang's own fraction for an H100 (79.19 GiB = 81090.56 MiB) at TP 2 with chunked
            // prefill off: reserve 512 + 1.5 x 16384 + 2 x 256 + 2 / 8 x 1024 = 25856 MiB -> 0.681.
            "    --mem-fraction-static 0.681 \\\n"
            "    --page-size 1 \\\n"
            "    --disable-radix-cache \\\n"
            "    --disable-overlap-schedule");
}

TEST(DeploymentCommandsTest, TrtllmFlagsAndItsOptionsFile) {
  const DeploymentCommands d = MakeDeploymentCommands(
      Scenario8b({"engine.preset=trtllm", "deployment.kv_dtype=fp8"}), kSlo, kLoad, "r.yaml");
  EXPECT_EQ(d.serve,
            "trtllm-serve meta-llama/Llama-3.1-8B-Instruct \\\n"
            "    --backend pytorch \\\n"
            "    --tp_size 2 \\\n"
            "    --max_batch_size 2048 \\\n"
            "    --max_num_tokens 8192 \\\n"
            "    --kv_cache_free_gpu_memory_fraction 0.9 \\\n"
            "    --extra_llm_api_options extra_llm_api_options.yaml");
  EXPECT_EQ(d.engine_config,
            "# extra_llm_api_options.yaml for trtllm-serve: the knobs gpuplan simulated\n"
            "enable_chunked_prefill: false\n"
            "disable_overlap_scheduler: false\n"
            "kv_cache_config:\n"
            "  tokens_per_block: 32\n"
            "  enable_block_reuse: true\n"
            "  dtype: fp8\n");
}

TEST(DeploymentCommandsTest, PercentileSpelling) {
  EXPECT_EQ(PercentileWordOf(95), "95");
  EXPECT_EQ(PercentileWordOf(99.9), "99.9");
}

}  // namespace
}  // namespace gpuplan
