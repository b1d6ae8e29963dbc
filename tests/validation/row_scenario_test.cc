// How measured rows become scenarios: each regime, each length rule, and the not covered and
// failed paths, with the expected values derived from the rules in row_workload.cc.
#include "sim/validation/row_scenario.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "sim/runner/builtins.h"
#include "sim/validation/recipes.h"
#include "sim/validation/row_catalog.h"
#include "sim/validation/serve_flags.h"
#include "tests/validation/validation_test_util.h"

namespace gpuplan {
namespace {

using testing::ClosedLoopRow;
using ::testing::HasSubstr;
using testing::ServingHeader;
using testing::ServingLine;

class RowScenarioTest : public ::testing::Test {
 protected:
  RowPlan Plan(const std::map<std::string, std::string>& values) {
    const ServingData data = ParseServingData(ServingHeader() + ServingLine(values), "s.csv");
    EXPECT_TRUE(data.problems.empty());
    const MappingContext context{testing::ShippedCatalog(), loader_, {"/no/traces", "/no/val"}};
    return PlanRow(data.rows.at(0), context);
  }
  static std::string Option(const std::optional<PolicyChoice>& c, const std::string& name) {
    return c->options.values.at(name).text;
  }

  Builtins builtins_;
  LoaderOptions loader_ = builtins_.MakeLoaderOptions();
};

TEST_F(RowScenarioTest, ClosedLoopOfSixteenClientsBecomesSixteenClosedLoopClients) {
  auto row = ClosedLoopRow();
  row["concurrency"] = "16";
  const RowPlan plan = Plan(row);
  ASSERT_TRUE(plan.not_covered.empty()) << plan.not_covered;
  ASSERT_TRUE(plan.failure.empty()) << plan.failure;
  const Scenario& s = *plan.scenario;
  EXPECT_EQ(s.workload.arrival->kind, "closed_loop");
  EXPECT_EQ(Option(s.workload.arrival, "concurrency"), "16");
  EXPECT_EQ(s.simulation.num_requests, 40);  // the row's num_requests
  EXPECT_EQ(s.workload.prompt_tokens->kind, "fixed");
  EXPECT_EQ(Option(s.workload.prompt_tokens, "tokens"), "1000");
  EXPECT_EQ(Option(s.workload.output_tokens, "tokens"), "100");
  EXPECT_EQ(s.model.name, "llama-3.1-8b");
  EXPECT_EQ(s.gpu.name, "h100_sxm");
  EXPECT_EQ(s.engine.name, "vllm");
  EXPECT_EQ(s.deployment.tensor_parallel, 1);
  EXPECT_EQ(s.deployment.replicas, 1);
}

TEST_F(RowScenarioTest, InferenceXRecipeDrawsLengthsFromEightyPercentToTheNominalLength) {
  auto row = ClosedLoopRow();
  row["isl"] = "1024";
  row["osl"] = "8192";
  row["isl_dist"] = row["osl_dist"] = "inferencex-recipe";
  row.erase("num_requests");
  const RowPlan plan = Plan(row);
  const Scenario& s = *plan.scenario;
  EXPECT_EQ(s.workload.prompt_tokens->kind, "uniform");
  EXPECT_EQ(Option(s.workload.prompt_tokens, "min"), "819");  // floor(0.8 x 1024)
  EXPECT_EQ(Option(s.workload.prompt_tokens, "max"), "1024");
  EXPECT_EQ(Option(s.workload.output_tokens, "min"), "6553");  // floor(0.8 x 8192)
  // No request count: the recipe's 10 x concurrency, recorded as an assumption.
  EXPECT_EQ(s.simulation.num_requests, 40);
  EXPECT_THAT(plan.assumptions, ::testing::Contains(HasSubstr("10 x concurrency = 40")));
}

TEST_F(RowScenarioTest, InferenceXRowsGetTheRecipesEngineSettings) {
  auto row = ClosedLoopRow();
  row["isl"] = row["osl"] = "1024";
  row["isl_dist"] = row["osl_dist"] = "inferencex-recipe";
  row["concurrency"] = "64";
  row["weight_dtype"] = "fp8";
  const RowPlan vllm = Plan(row);
  ASSERT_TRUE(vllm.failure.empty()) << vllm.failure;
  const Scenario& v = *vllm.scenario;
  EXPECT_EQ(v.deployment.kv_dtype, Dtype::kFp8);  // every InferenceX script: kv-cache-dtype fp8
  EXPECT_TRUE(v.engine.async_scheduling);
  EXPECT_EQ(v.engine.max_num_batched_tokens, 8192);
  EXPECT_EQ(v.engine.max_num_seqs, 64);     // --max-num-seqs CONC
  EXPECT_EQ(v.engine.max_model_len, 2068);  // ISL + OSL + 20 for 1k/1k
  row["engine"] = "trtllm";
  const RowPlan trt = Plan(row);
  EXPECT_EQ(trt.scenario->engine.max_num_batched_tokens, 16384);  // --max_num_tokens 16384
  EXPECT_EQ(trt.scenario->deployment.kv_dtype, Dtype::kFp8);
  row["isl_dist"] = row["osl_dist"] = "fixed";  // not the recipe: the row's own settings
  EXPECT_EQ(Plan(row).scenario->deployment.kv_dtype, Dtype::kBf16);
}

TEST_F(RowScenarioTest, InferenceXVllmOnB200GetsTheB200Script) {
  auto row = ClosedLoopRow();
  row["isl"] = row["osl"] = "1024";
  row["isl_dist"] = row["osl_dist"] = "inferencex-recipe";
  row["concurrency"] = "64";
  row["weight_dtype"] = "fp8";
  row["gpu"] = "B200";
  const RowPlan b200 = Plan(row);
  ASSERT_TRUE(b200.failure.empty()) << b200.failure;
  const Scenario& b = *b200.scenario;
  EXPECT_EQ(b.engine.cuda_graph_mode, "full_decode_only");  // cudagraph_mode FULL_DECODE_ONLY
  EXPECT_EQ(b.engine.max_num_seqs, 512);                    // --max-num-seqs=512, not CONC
  EXPECT_EQ(b.engine.max_model_len, 2048);                  // the workflow's ISL + OSL
  EXPECT_EQ(b.engine.max_num_batched_tokens, 8192);
  EXPECT_TRUE(b.engine.async_scheduling);
  EXPECT_EQ(b.deployment.kv_dtype, Dtype::kFp8);
  EXPECT_THAT(b200.assumptions, ::testing::Contains(HasSubstr("70b_fp8_b200_docker.sh")));
  EXPECT_THAT(b200.assumptions, ::testing::Contains(HasSubstr("fused all-reduce")));
  row["gpu"] = "H200";  // the H200 script: the preset's piecewise graphs and CONC sequences
  const Scenario h = *Plan(row).scenario;
  EXPECT_EQ(h.engine.cuda_graph_mode, "piecewise");
  EXPECT_EQ(h.engine.max_num_seqs, 64);
  row["gpu"] = "B200";
  row["engine"] = "trtllm";  // TensorRT-LLM on B200 keeps its own script
  EXPECT_EQ(Plan(row).scenario->engine.max_num_batched_tokens, 16384);
}

TEST_F(RowScenarioTest, CompilationConfigSetsTheGraphMode) {
  auto row = ClosedLoopRow();
  row["extra_args"] =
      "serve_flags=--compilation-config '{\"cudagraph_mode\": \"FULL_DECODE_ONLY\"}' "
      "--max-num-seqs 32";
  const RowPlan plan = Plan(row);
  ASSERT_TRUE(plan.not_covered.empty()) << plan.not_covered;
  EXPECT_EQ(plan.scenario->engine.cuda_graph_mode, "full_decode_only");
  EXPECT_EQ(plan.scenario->engine.max_num_seqs, 32);
  EXPECT_EQ(plan.scenario->engine.sources.at("cuda_graph_mode"), "serving.csv:2 (test_set)");
  row["extra_args"] = "serve_flags=--enforce-eager";
  EXPECT_EQ(Plan(row).scenario->engine.cuda_graph_mode, "none");
}

TEST_F(RowScenarioTest, InferenceXTrtllmBatchWaitingOnlyForOneKOneKBelowTp8) {
  auto row = ClosedLoopRow();
  row["engine"] = "trtllm";
  row["isl"] = row["osl"] = "1024";
  row["isl_dist"] = row["osl_dist"] = "inferencex-recipe";
  row["weight_dtype"] = "fp8";
  auto waiting = [&](const std::map<std::string, std::string>& r) {
    const RowPlan plan = Plan(r);
    EXPECT_TRUE(plan.failure.empty()) << plan.failure;
    const auto& values = plan.scenario->scheduler.options.values;
    const auto ratio = values.find("batch_wait_max_tokens_ratio");
    const auto iters = values.find("batch_wait_timeout_iters");
    if (ratio == values.end() || iters == values.end()) return std::string();
    return ratio->second.text + "/" + iters->second.text;
  };
  row["tp"] = "4";
  row["num_gpus"] = "4";
  EXPECT_EQ(waiting(row), "0.9/20");  // the script's 1k/1k block, TP < 8
  row["tp"] = "8";
  row["num_gpus"] = "8";
  EXPECT_EQ(waiting(row), "");  // TP 8: the other block
  row["tp"] = "4";
  row["num_gpus"] = "4";
  row["osl"] = "8192";
  EXPECT_EQ(waiting(row), "");  // 1k/8k
  row["osl"] = "1024";
  row["engine"] = "vllm";
  EXPECT_EQ(waiting(row), "");  // vLLM has no such setting
}

TEST_F(RowScenarioTest, TrtllmBenchRowsGetItsEngineSettings) {
  auto row = ClosedLoopRow();
  row["set"] = "trtllm_perf_overview";
  row["engine"] = "trtllm";
  row["model"] = "Llama-3.3-70B-Instruct";
  row["model_hf_id"] = "nvidia/Llama-3.3-70B-Instruct-FP8";
  row["gpu"] = "H200";
  row["tp"] = "2";
  row["num_gpus"] = "2";
  row["weight_dtype"] = "FP8";
  row["isl"] = "1024";
  row["osl"] = "1024";
  row["arrival"] = "offline";
  const RowPlan plan = Plan(row);
  ASSERT_TRUE(plan.failure.empty()) << plan.failure;
  const Scenario& s = *plan.scenario;
  EXPECT_EQ(s.deployment.kv_dtype, Dtype::kFp8);  // the ModelOpt checkpoint's KV cache
  const TrtllmBenchSettings b =
      TrtllmBenchEngineSettings(s.model, 2, 1, 1.0, 1.0, 141, 0.95, 1024, 1024);
  EXPECT_EQ(s.engine.max_num_seqs, b.max_batch_size);
  EXPECT_EQ(s.engine.max_num_batched_tokens, std::max(b.max_num_tokens, 1024 + b.max_batch_size));
  EXPECT_DOUBLE_EQ(s.engine.gpu_memory_utilization, 0.95);
}

TEST(TrtllmBenchTest, SettingsFollowCalcEngineSettingByHand) {
  // Llama-3.3-70B FP8 on 2 x 141 GiB: KV per token (all GPUs) 2 x 80 x max(2, 8) x 128 x 1 B =
  // 163840 B; engine 70,553,706,496 params x 1 B = 65.71 GiB; cache (282 - 65.71) x 0.95 =
  // 205.48 GiB; requests of 2048 tokens: 205.48 GiB / (163840 B x 2048) = 657.5; batch
  // 128 x ceil(657.5 / 128) = 768; tokens 657.5 x 2 = 1315 -> the 2048 floor.
  const ModelSpec model = testing::ShippedCatalog().models.at("llama-3.3-70b");
  const TrtllmBenchSettings b = TrtllmBenchEngineSettings(model, 2, 1, 1, 1, 141, 0.95, 1024, 1024);
  EXPECT_EQ(b.max_batch_size, 768);
  EXPECT_EQ(b.max_num_tokens, 2048);
  // 4096 in / 128 out: 205.48 GiB / (163840 B x 4224) = 318.8 requests, raw tokens 318.8 x 33 =
  // 10520 -> 1024 x ceil(10520 / 1024) = 11264.
  const TrtllmBenchSettings l = TrtllmBenchEngineSettings(model, 2, 1, 1, 1, 141, 0.95, 4096, 128);
  EXPECT_EQ(l.max_batch_size, 384);  // 318.8 is in [256, 1024): 128 x ceil(318.8 / 128)
  EXPECT_EQ(l.max_num_tokens, 11264);
}

TEST_F(RowScenarioTest, VllmFromV014SchedulesAsynchronously) {
  auto row = ClosedLoopRow();
  row["engine_version"] = "0.13.0";
  EXPECT_FALSE(Plan(row).scenario->engine.async_scheduling);
  row["engine_version"] = "0.14.0";
  EXPECT_TRUE(Plan(row).scenario->engine.async_scheduling);
  row["engine_version"] = "0.11.0";
  row["extra_args"] = "serve_flags=--async-scheduling";
  EXPECT_TRUE(Plan(row).scenario->engine.async_scheduling);
}

TEST_F(RowScenarioTest, OfflinePoissonAndStagedRegimes) {
  auto offline = ClosedLoopRow();
  offline["arrival"] = "offline";
  offline["num_requests"] = "3000";
  const RowPlan a = Plan(offline);
  EXPECT_EQ(a.scenario->workload.arrival->kind, "offline");
  EXPECT_EQ(Option(a.scenario->workload.arrival, "num_requests"), "3000");

  auto poisson = ClosedLoopRow();
  poisson["arrival"] = "poisson";
  poisson["request_rate"] = "29.5";
  const RowPlan b = Plan(poisson);
  EXPECT_EQ(b.scenario->workload.arrival->kind, "poisson");
  EXPECT_EQ(Option(b.scenario->workload.arrival, "rate_per_s"), "29.5");

  auto staged = ClosedLoopRow();
  staged["arrival"] = "staged";
  staged["num_requests"] = "9000";
  staged["extra_args"] = "shared_prefix(a=1; b=2);load_type=constant;stages=600s@5rps,600s@10rps";
  const RowPlan c = Plan(staged);
  ASSERT_TRUE(c.not_covered.empty()) << c.not_covered;
  const PolicyChoice& arrival = *c.scenario->workload.arrival;
  EXPECT_EQ(arrival.kind, "staged");
  EXPECT_EQ(arrival.options.values.at("rates_per_s").list, (std::vector<std::string>{"5", "10"}));
  EXPECT_EQ(arrival.options.values.at("durations_s").list,
            (std::vector<std::string>{"600", "600"}));
  // inference-perf's `constant` timer draws exponential gaps (load_timer.py).
  EXPECT_EQ(arrival.options.values.at("spacing").text, "poisson");

  staged["set"] = "infsim_training_stage";
  staged["request_rate"] = "5";
  staged["num_requests"] = "3000";
  const RowPlan d = Plan(staged);
  EXPECT_EQ(d.scenario->workload.arrival->options.values.at("durations_s").list,
            (std::vector<std::string>{"600"}));  // 3000 requests / 5 req/s
}

TEST_F(RowScenarioTest, SharedPrefixRowsUseTheClientsTokenCounts) {
  auto row = ClosedLoopRow();
  row.erase("isl");
  row.erase("osl");
  row["isl_dist"] = "synthetic: system 100 + question 466 tokens";
  row["osl_dist"] = "fixed 247 (ignore_eos)";
  row["notes"] = "prompt_len_mean=591.63; output_len_mean=195.0";
  // (E2E - TTFT) / TPOT + 1 = (2048 - 28) / 4.08 + 1 = 496.1 tokens counted per request.
  row["e2el_mean_ms"] = "2048";
  row["ttft_mean_ms"] = "28";
  row["tpot_mean_ms"] = "4.08";
  const RowPlan plan = Plan(row);
  EXPECT_EQ(Option(plan.scenario->workload.prompt_tokens, "tokens"), "592");
  EXPECT_EQ(Option(plan.scenario->workload.output_tokens, "tokens"), "247");
  EXPECT_DOUBLE_EQ(plan.client_output_ratio, 195.0 / 247.0);
  const double counted = (2048.0 - 28.0) / 4.08 + 1;
  EXPECT_DOUBLE_EQ(plan.client_tpot_factor, 246.0 / (counted - 1));
}

TEST_F(RowScenarioTest, ServeFlagsSetParallelismAndEngineKnobs) {
  auto row = ClosedLoopRow();
  row.erase("tp");
  row["num_gpus"] = "4";
  row["extra_args"] =
      "serve_flags=-tp 4 --max-num-batched-tokens 16384 --gpu-memory-utilization 0.85 "
      "--reasoning-parser qwen3; section=x";
  const RowPlan plan = Plan(row);
  ASSERT_TRUE(plan.not_covered.empty()) << plan.not_covered;
  EXPECT_EQ(plan.scenario->deployment.tensor_parallel, 4);
  EXPECT_EQ(plan.scenario->engine.max_num_batched_tokens, 16384);
  EXPECT_DOUBLE_EQ(plan.scenario->engine.gpu_memory_utilization, 0.85);
  EXPECT_EQ(plan.scenario->engine.sources.at("max_num_batched_tokens"), "serving.csv:2 (test_set)");
  EXPECT_THAT(plan.assumptions,
              ::testing::Contains("flags without a modelled effect: --reasoning-parser qwen3"));
}

TEST_F(RowScenarioTest, NotCoveredRowsSayWhy) {
  auto unknown_model = ClosedLoopRow();
  unknown_model["model"] = "DeepSeek-R1";
  EXPECT_EQ(Plan(unknown_model).not_covered, "model 'DeepSeek-R1' is not in the catalog");

  auto unknown_gpu = ClosedLoopRow();
  unknown_gpu["gpu"] = "MI300X";
  EXPECT_THAT(Plan(unknown_gpu).not_covered, HasSubstr("GPU 'MI300X' is not in the catalog"));

  auto fp4 = ClosedLoopRow();
  fp4["weight_dtype"] = "nvfp4";
  EXPECT_EQ(Plan(fp4).not_covered, "dtype 'nvfp4': FP4 formats are not modelled yet");

  auto no_tp = ClosedLoopRow();
  no_tp.erase("tp");
  no_tp["num_gpus"] = "8";
  EXPECT_EQ(Plan(no_tp).not_covered, "parallelism not stated (8 GPUs, no TP)");

  auto spec = ClosedLoopRow();
  spec["extra_args"] = "serve_flags=--speculative-algorithm EAGLE3 --speculative-num-steps 4";
  EXPECT_EQ(Plan(spec).not_covered,
            "--speculative-algorithm (speculative decoding) is not modelled");

  auto mlperf = ClosedLoopRow();
  mlperf.erase("isl");
  mlperf.erase("osl");
  mlperf["isl_dist"] = "dataset";
  mlperf["workload"] = "mlperf llama2-70b dataset";
  EXPECT_EQ(Plan(mlperf).not_covered,
            "the lengths of workload 'mlperf llama2-70b dataset' are not in the row");

  auto inconsistent = ClosedLoopRow();
  inconsistent["num_gpus"] = "2";
  EXPECT_EQ(Plan(inconsistent).not_covered, "num_gpus 2 is not TP x PP x DP = 1");
}

TEST_F(RowScenarioTest, ACoveredRowGpuplanRefusesIsAFailureWithTheCheckMessage) {
  auto row = ClosedLoopRow();
  row["gpu"] = "A100 80GB SXM";
  row["weight_dtype"] = "fp8";
  const RowPlan plan = Plan(row);
  EXPECT_TRUE(plan.not_covered.empty());
  EXPECT_THAT(plan.failure, HasSubstr("deployment.weight_dtype: fp8 weights need FP8 support"));
}

TEST(RowCatalogTest, NamesAndDtypesAsTheSourcesWriteThem) {
  const Catalog& catalog = testing::ShippedCatalog();
  EXPECT_EQ(MatchModel("Llama-3.1-8B-Instruct-FP8", catalog).key, "llama-3.1-8b");
  EXPECT_EQ(MatchModel("Llama-2-70B-Chat", catalog).key, "llama-2-70b");
  EXPECT_EQ(MatchModel("Qwen3-32B", catalog).key, "qwen3-32b");
  EXPECT_FALSE(MatchModel("Mixtral-8x7B", catalog).matched());
  EXPECT_EQ(MatchGpu("H100 SXM", catalog).key, "h100_sxm");
  EXPECT_EQ(MatchGpu("A100 80GB SXM", catalog).key, "a100_80gb_sxm");
  EXPECT_EQ(MatchGpu("RTX PRO 6000 Blackwell Server", catalog).key, "rtx_pro_6000_server");
  EXPECT_EQ(MatchDtype("fp8_block").dtype, Dtype::kFp8);
  EXPECT_EQ(MatchDtype("bfloat16").dtype, Dtype::kBf16);
  EXPECT_EQ(MatchDtype("int4_wo").dtype, Dtype::kInt4);
  EXPECT_FALSE(MatchDtype("FP4").dtype.has_value());
}

TEST(ServeFlagsTest, EachEnginesSpellingLandsInOneField) {
  EXPECT_EQ(ParseServeFlags("--tp_size 8 --max_num_tokens 16384").tp, 8);
  EXPECT_EQ(ParseServeFlags("--tp-size 2 --mem-fraction-static 0.8").gpu_memory_utilization, 0.8);
  const ServeFlags t = ParseServeFlags("--max_seq_len 40960 --enable_chunked_prefill");
  EXPECT_EQ(t.max_model_len, 40960);
  EXPECT_EQ(t.enable_chunked_prefill, true);
  EXPECT_TRUE(ParseServeFlags("--async-scheduling -pp 2").async_scheduling);
  EXPECT_EQ(ParseServeFlags("-tp").malformed, "-tp has no value");
  EXPECT_EQ(ParseServeFlags("-tp x").malformed, "-tp x: expected a positive integer");
  EXPECT_EQ(ParseServeFlags("--frobnicate 3").unknown, (std::vector<std::string>{"--frobnicate"}));
}

TEST(ServeFlagsTest, CompilationConfigGraphModesInGpuplansTerms) {
  // The JSON spans words; the flag after it is still read.
  const ServeFlags f = ParseServeFlags(
      R"(--compilation-config '{"cudagraph_mode": "FULL_DECODE_ONLY", "splitting_ops": []}' -tp 8)");
  EXPECT_EQ(f.cuda_graph_mode, "full_decode_only");
  EXPECT_EQ(f.tp, 8);
  EXPECT_TRUE(f.malformed.empty()) << f.malformed;
  for (const char* mode : {"PIECEWISE", "FULL", "FULL_AND_PIECEWISE"}) {
    const std::string flags =
        fmt::format(R"(--compilation-config {{"cudagraph_mode":"{}"}})", mode);
    EXPECT_EQ(ParseServeFlags(flags).cuda_graph_mode, "piecewise") << mode;
  }
  EXPECT_EQ(ParseServeFlags(R"(--compilation-config {"cudagraph_mode":"NONE"})").cuda_graph_mode,
            "none");
  EXPECT_EQ(ParseServeFlags("--enforce-eager").cuda_graph_mode, "none");
  // Without the key the preset's mode stays, and the flag is listed as without effect.
  const ServeFlags level = ParseServeFlags(R"(--compilation-config {"level": 3})");
  EXPECT_EQ(level.cuda_graph_mode, std::nullopt);
  EXPECT_EQ(level.ignored, (std::vector<std::string>{R"(--compilation-config {"level": 3})"}));
  EXPECT_EQ(
      ParseServeFlags(R"(--compilation-config {"cudagraph_mode":"SOMETIMES"})").malformed,
      R"(--compilation-config {"cudagraph_mode":"SOMETIMES"}: unknown cudagraph_mode 'SOMETIMES')");
}

TEST(FitHalfTest, ALoadSweepStaysInOneHalf) {
  ServingRow a;
  a.set = "s";
  a.engine = "vllm";
  a.model = "m";
  a.gpu = "g";
  a.tp = 2;
  ServingRow b = a;
  b.concurrency = 64;  // another point of the same configuration
  b.line = 99;
  EXPECT_EQ(ConfigKey(a), "s|vllm|m|g|tp2|pp|dp|");
  EXPECT_EQ(FitHalf(a), FitHalf(b));
  // FNV-1a of the key decides; over many configurations both halves are used.
  int fit = 0;
  for (int tp = 1; tp <= 64; ++tp) {
    a.tp = tp;
    fit += FitHalf(a);
  }
  EXPECT_GT(fit, 16);
  EXPECT_LT(fit, 48);
}

}  // namespace
}  // namespace gpuplan
