// Whole-scenario (second pass) checks: rules across sections, reported after per-field problems.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/config/scenario.h"
#include "tests/config/config_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::ErrorsOf;
using ::gpuplan::testing::FakeValidators;
using ::gpuplan::testing::LoadText;
using ::gpuplan::testing::TestCatalog;
using ::gpuplan::testing::ValidScenarioText;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Errors = std::vector<std::string>;

Errors ErrorsWith(const std::vector<std::string>& sets) {
  return ErrorsOf([&] { LoadText(ValidScenarioText(), sets); });
}

// 1000 requests at rate r span 1000 / r seconds: the clock holds 1e8 s and the time series 2e6
// rows; a span beyond either is refused at the rate, both sides of each bound.
TEST(ScenarioChecksTest, ARateTooSmallForTheRequestCountIsRefused) {
  EXPECT_NO_THROW(
      LoadText(ValidScenarioText(), {"workload.arrival.rate_per_s=0.0005"}));  // 2e6 s, 2e6 rows
  EXPECT_THAT(ErrorsWith({"workload.arrival.rate_per_s=0.0004"}),              // 2.5e6 rows of 1 s
              ElementsAre(HasSubstr("workload.arrival.rate_per_s: 1000 requests at 0.0004 req/s "
                                    "arrive over about 2.5e+06 s, 2500000 time-series rows")));
  // The same span passes with a longer interval, up to the clock's 1e8 s.
  EXPECT_NO_THROW(LoadText(ValidScenarioText(), {"workload.arrival.rate_per_s=0.0004",
                                                 "simulation.timeseries_interval_s=10"}));
  EXPECT_THAT(
      ErrorsWith({"workload.arrival.rate_per_s=0.000001", "simulation.timeseries_interval_s=1000"}),
      ElementsAre(HasSubstr("longer than the 100000000 s the simulated clock holds")));
  // With a duration the arrivals stop there: nothing to check.
  EXPECT_NO_THROW(LoadText(ValidScenarioText(),
                           {"workload.arrival.rate_per_s=0.000001", "simulation.duration_s=60"}));
}

TEST(ScenarioChecksTest, TensorParallelMustDivideAttentionHeads) {
  EXPECT_EQ(ErrorsWith({"deployment.tensor_parallel=3"}),
            Errors{"--set:1:1: deployment.tensor_parallel: 3 does not divide the 32 attention "
                   "heads of model 'llama-3.1-8b'; expected a divisor of 32 (1, 2, 4, 8, 16, 32)"});
}

// The fixture's file position is used when the value was written in the file.
TEST(ScenarioChecksTest, ErrorPointsAtTheFileLine) {
  std::string text = ValidScenarioText();
  text.replace(text.find("tensor_parallel: 2"), 18, "tensor_parallel: 3");
  EXPECT_EQ(ErrorsOf([&] { LoadText(text); }),
            Errors{"scn.yaml:5:44: deployment.tensor_parallel: 3 does not divide the 32 "
                   "attention heads of model 'llama-3.1-8b'; expected a divisor of 32 (1, 2, 4, "
                   "8, 16, 32)"});
}

// 40 heads, 8 KV heads: tp 5 divides the heads but neither divides nor is a multiple of 8.
TEST(ScenarioChecksTest, KvHeadsMustSplitOrReplicate) {
  const std::vector<std::string> model = {
      "model={preset: llama-3.1-8b, num_attention_heads: 40, num_kv_heads: 8}"};
  auto with = [&](const std::string& tp) {
    std::vector<std::string> sets = model;
    sets.push_back("deployment.tensor_parallel=" + tp);
    return sets;
  };
  EXPECT_EQ(ErrorsWith(with("5")),
            Errors{"--set:1:2: deployment.tensor_parallel: 5 neither divides nor is a multiple "
                   "of the 8 KV heads of model 'llama-3.1-8b'; expected a divisor or a multiple "
                   "of 8 (KV heads are split across tensor-parallel ranks, or replicated)"});
  EXPECT_EQ(LoadText(ValidScenarioText(), with("4")).deployment.tensor_parallel, 4);  // splits
  // 32 heads, 8 KV heads, tp 16 > 8: each KV head is replicated on 2 ranks.
  EXPECT_EQ(LoadText(ValidScenarioText(), {"deployment={tensor_parallel: 16, gpus_per_node: 16}"})
                .deployment.tensor_parallel,
            16);
}

TEST(ScenarioChecksTest, TensorParallelStaysInsideANode) {
  EXPECT_EQ(ErrorsWith({"deployment.tensor_parallel=16"}),
            Errors{"--set:1:1: deployment.tensor_parallel: 16 exceeds gpus_per_node 8; expected "
                   "at most 8 (tensor parallelism stays inside one node)"});
  EXPECT_EQ(
      LoadText(ValidScenarioText(), {"deployment.tensor_parallel=8"}).deployment.tensor_parallel,
      8);
}

TEST(ScenarioChecksTest, PipelineParallelMustDivideLayers) {
  EXPECT_EQ(ErrorsWith({"deployment.pipeline_parallel=5"}),
            Errors{"--set:1:1: deployment.pipeline_parallel: 5 does not divide the 32 layers of "
                   "model 'llama-3.1-8b'; expected a divisor of 32 (1, 2, 4, 8, 16, 32)"});
  EXPECT_EQ(LoadText(ValidScenarioText(), {"deployment.pipeline_parallel=4"})
                .deployment.pipeline_parallel,
            4);
}

TEST(ScenarioChecksTest, BatchedTokensWithChunkedPrefillMustCoverMaxNumSeqs) {
  // max_num_seqs is 128 in the fixture.
  EXPECT_EQ(ErrorsWith({"engine.max_num_batched_tokens=127"}),
            Errors{"--set:1:1: engine.max_num_batched_tokens: 127 is less than max_num_seqs 128; "
                   "expected at least 128 with chunked prefill (every running sequence needs "
                   "room for a token per step)"});
  EXPECT_EQ(LoadText(ValidScenarioText(), {"engine.max_num_batched_tokens=128"})
                .engine.max_num_batched_tokens,
            128);
}

TEST(ScenarioChecksTest, MaxModelLenCannotExceedTheModelContext) {
  EXPECT_NO_THROW(LoadText(ValidScenarioText(), {"engine.max_model_len=131072"}));
  EXPECT_EQ(ErrorsWith({"engine.max_model_len=131073"}),
            Errors{"--set:1:1: engine.max_model_len: 131073 exceeds the model's max_context_tokens "
                   "131072; expected at most 131072 (the engines refuse a longer max_model_len "
                   "than the model's position limit)"});
}

TEST(ScenarioChecksTest, BatchedTokensWithoutChunkedPrefillMustCoverTheContext) {
  // The vllm test preset has max_num_batched_tokens 4096; the model's context is 131072.
  EXPECT_EQ(ErrorsWith({"engine.enable_chunked_prefill=false"}),
            Errors{"scn.yaml:7:3: engine.max_num_batched_tokens: 4096 is less than max_model_len "
                   "131072 (the model's max_context_tokens); expected at least 131072 when "
                   "enable_chunked_prefill is false (a whole prompt must fit in one step), or a "
                   "smaller engine.max_model_len"});
  // A max_model_len the step budget covers is enough (boundary: equal passes, one more fails).
  EXPECT_NO_THROW(LoadText(ValidScenarioText(),
                           {"engine.enable_chunked_prefill=false", "engine.max_model_len=4096"}));
  EXPECT_EQ(ErrorsWith({"engine.enable_chunked_prefill=false", "engine.max_model_len=4097"}),
            Errors{"scn.yaml:7:3: engine.max_num_batched_tokens: 4096 is less than max_model_len "
                   "4097; expected at least 4097 when enable_chunked_prefill is false (a whole "
                   "prompt must fit in one step), or a smaller engine.max_model_len"});
  EXPECT_NO_THROW(
      LoadText(ValidScenarioText(), {"engine.enable_chunked_prefill=false",
                                     "model={preset: llama-3.1-8b, max_context_tokens: 4096}"}));
}

TEST(ScenarioChecksTest, Fp8NeedsAGpuWithFp8) {
  EXPECT_EQ(ErrorsWith({"gpu=a100_sxm", "deployment.weight_dtype=fp8", "deployment.kv_dtype=fp8"}),
            (Errors{"--set:1:2: deployment.weight_dtype: fp8 weights need FP8 support, but gpu "
                    "'a100_sxm' has none (fp8_tflops is 0); expected another dtype such as bf16, "
                    "or a GPU with FP8",
                    "--set:1:3: deployment.kv_dtype: fp8 KV caches need FP8 support, but gpu "
                    "'a100_sxm' has none (fp8_tflops is 0); expected another dtype such as bf16, "
                    "or a GPU with FP8"}));
  EXPECT_EQ(LoadText(ValidScenarioText(), {"deployment.weight_dtype=fp8"}).deployment.weight_dtype,
            Dtype::kFp8);
}

TEST(ScenarioChecksTest, WarmupMustEndBeforeTheArrivalsStop) {
  EXPECT_EQ(ErrorsWith({"simulation={duration_s: 60, warmup_s: 60}"}),
            Errors{"--set:1:1: simulation.warmup_s: 60 is not less than duration_s 60; expected "
                   "warmup_s < duration_s (otherwise no request is measured)"});
}

TEST(ScenarioChecksTest, ModelEntryCheckRunsOnPresetOverrides) {
  EXPECT_EQ(ErrorsWith({"model={preset: llama-3.1-8b, num_kv_heads: 5}"}),
            Errors{"--set:1:1: model.num_kv_heads: 5 does not divide num_attention_heads 32; "
                   "expected a divisor of 32 (each KV head serves the same number of query "
                   "heads)"});
}

// A bad input of a cross-field rule is reported once, not again by the rule.
TEST(ScenarioChecksTest, NoFollowUpErrorsOnFieldsThatAlreadyFailed) {
  EXPECT_EQ(ErrorsWith({"deployment.tensor_parallel=0"}),
            Errors{"--set:1:1: deployment.tensor_parallel: 0 is out of range; expected an "
                   "integer >= 1 and <= 128"});
  EXPECT_EQ(ErrorsWith({"model=llama-3.1-9b", "deployment.tensor_parallel=3"}),
            Errors{"--set:1:1: model: unknown model 'llama-3.1-9b'; did you mean "
                   "'llama-3.1-8b'?; expected one of: llama-3.1-70b, llama-3.1-8b"});
}

// Per-field problems come first, sorted by position; whole-scenario problems follow.
TEST(ScenarioChecksTest, FirstAndSecondPassErrorsTogether) {
  EXPECT_EQ(ErrorsWith({"deployment.pipeline_parallel=3", "engine.block_size=0"}),
            (Errors{"--set:1:2: engine.block_size: 0 is out of range; expected an integer >= 1",
                    "--set:1:1: deployment.pipeline_parallel: 3 does not divide the 32 layers of "
                    "model 'llama-3.1-8b'; expected a divisor of 32 (1, 2, 4, 8, 16, 32)"}));
}

TEST(ScenarioChecksTest, ExtraChecksRunOnlyOnAnOtherwiseValidScenario) {
  int calls = 0;
  LoaderOptions options{FakeValidators(), {}};
  options.extra_checks.push_back([&](const Scenario& s, Diagnostics& diags) {
    ++calls;
    diags.Add(s.LocOf("gpu"), "gpu", "weights do not fit; expected a bigger GPU");
  });
  EXPECT_EQ(ErrorsOf([&] {
              LoadScenarioFromString(ValidScenarioText(), "scn.yaml", {}, TestCatalog(), options);
            }),
            Errors{"scn.yaml:4:6: gpu: weights do not fit; expected a bigger GPU"});
  EXPECT_EQ(calls, 1);
  ErrorsOf([&] {
    LoadScenarioFromString(ValidScenarioText(), "scn.yaml", {"deployment.tensor_parallel=3"},
                           TestCatalog(), options);
  });
  EXPECT_EQ(calls, 1);  // not called: the scenario already had an error
}

// Simulated time is int64 nanoseconds: time inputs stop at kMaxSimSeconds (10^8 s) with a
// located error instead of a run that silently has no requests.
TEST(ScenarioChecksTest, TimeInputsStayInsideSimulatedTime) {
  EXPECT_EQ(ErrorsWith({"simulation.duration_s=1e12", "simulation.warmup_s=100000001"}),
            (Errors{"--set:1:1: simulation.duration_s: 1e12 is out of range; expected a number > "
                    "0 and <= 100000000",
                    "--set:1:2: simulation.warmup_s: 100000001 is out of range; expected a number "
                    ">= 0 and <= 100000000"}));
  EXPECT_EQ(*LoadText(ValidScenarioText(), {"simulation.duration_s=1e8"}).simulation.duration_s,
            1e8);
}

// Deployment sizes are bounded before anything is allocated (kMaxReplicas, kMaxParallelism,
// kMaxGpusPerNode in catalog/specs.h): each limit passes, one above it is a located error.
TEST(ScenarioChecksTest, DeploymentSizesAreBounded) {
  EXPECT_EQ(LoadText(ValidScenarioText(), {"deployment.replicas=10000"}).deployment.replicas,
            10000);
  EXPECT_EQ(ErrorsWith({"deployment.replicas=10001", "deployment.pipeline_parallel=129",
                        "deployment.gpus_per_node=577"}),
            (Errors{"--set:1:1: deployment.replicas: 10001 is out of range; expected an integer "
                    ">= 1 and <= 10000",
                    "--set:1:2: deployment.pipeline_parallel: 129 is out of range; expected an "
                    "integer >= 1 and <= 128",
                    "--set:1:3: deployment.gpus_per_node: 577 is out of range; expected an integer "
                    ">= 1 and <= 576"}));
}

// A scenario built in code (as plan/ builds its probes) gets the same bounds.
TEST(ScenarioChecksTest, CodeBuiltScenariosGetTheTimeBoundsToo) {
  Scenario s = LoadText(ValidScenarioText());
  s.simulation.duration_s = 2e8;
  s.simulation.timeseries_interval_s = 0;
  EXPECT_EQ(ErrorsOf([&] {
              ValidateScenario(s, LoaderOptions{FakeValidators(), {}});
            }),
            (Errors{"scn.yaml:14:13: simulation.duration_s: 200000000 s is out of range; "
                    "expected a time > 0 and <= 100000000 s (simulated time is int64 nanoseconds)",
                    "scn.yaml:14:13: simulation.timeseries_interval_s: 0 s is out of range; "
                    "expected a time > 0 and <= 100000000 s (simulated time is int64 "
                    "nanoseconds)"}));
}

}  // namespace
}  // namespace gpuplan
