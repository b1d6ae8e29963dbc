#include "sim/latency/memory_model.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/latency/latency_fixtures.h"

namespace gpuplan {
namespace {

using testing::H100Sxm;
using testing::Llama31_70B;
using testing::Llama31_8B;
using testing::Tp;

constexpr double kGiB = 1073741824.0;

MemorySettings Settings(double utilization, int block_size = 16, double reserve_gib = 0) {
  return {utilization, block_size, reserve_gib};
}

TEST(MemoryModelTest, Llama31_8BOnH100ByHand) {
  const ModelSpec model = Llama31_8B();
  ASSERT_EQ(model.NumParams(), 8030261248);  // 32 x 218,112,000 + 2 x 525,336,576 + 4096
  const MemoryPlan p = PlanMemory(model, H100Sxm(), Tp(1), Settings(0.9));
  EXPECT_DOUBLE_EQ(p.weight_bytes, 8030261248.0 * 2);
  EXPECT_EQ(p.kv_bytes_per_token, 2 * 32 * 8 * 128 * 2);  // 131072
  EXPECT_EQ(p.block_bytes, 16 * 131072);
  const double usable = 80 * kGiB * 0.9;  // 77,309,411,328
  EXPECT_DOUBLE_EQ(p.usable_bytes, usable);
  const double budget = usable - 8030261248.0 * 2;  // 61,248,888,832
  EXPECT_DOUBLE_EQ(p.kv_budget_bytes, budget);
  EXPECT_EQ(p.num_kv_blocks, 29205);  // floor(61,248,888,832 / 2,097,152) = floor(29205.75)
  EXPECT_EQ(p.max_kv_tokens, 29205 * 16);
  EXPECT_TRUE(p.fits);
  EXPECT_TRUE(p.explanation.empty());
}

// Llama-3.1-8B at max_num_batched_tokens 8192, max_num_seqs 1024: per token 2 B x (2 x 4096 +
// (4096 + 2 x 1024) QKV + 3 x 14336 MLP) = 114,688 B; 8192 tokens = 939,524,096 B; logits
// 1024 rows x 128256 x 4 B x 2 = 1,050,673,152 B; peak 1,990,197,248 B.
constexpr double kActivation8b = 1990197248.0;
constexpr double kNonTorch = 0.07 * kGiB;

MemorySettings Engine(KvMemoryRule rule, double utilization) {
  MemorySettings m;
  m.gpu_memory_utilization = utilization;
  m.rule = rule;
  m.max_num_batched_tokens = 8192;
  m.max_num_seqs = 1024;
  return m;
}

TEST(MemoryModelTest, ActivationPeakIsTheProfilingForwardPlusTheSampler) {
  EXPECT_DOUBLE_EQ(ActivationPeakBytes(Llama31_8B(), Tp(1), Engine(KvMemoryRule::kVllm, 0.9)),
                   kActivation8b);
  // TP 2 halves the sharded activations, not the residual, the normed input or the logits.
  const double tp2 = 8192 * 2.0 * (2 * 4096 + (2048 + 2 * 512) + 3 * 7168) + 1050673152.0;
  EXPECT_DOUBLE_EQ(ActivationPeakBytes(Llama31_8B(), Tp(2), Engine(KvMemoryRule::kVllm, 0.9)), tp2);
}

TEST(MemoryModelTest, EachEngineSizesItsCacheItsOwnWay) {
  GpuSpec gpu = H100Sxm();
  gpu.usable_memory_gib = 79.19;  // what the CUDA runtime reports
  const double total = 79.19 * kGiB;
  const double weights = 8030261248.0 * 2;
  const ModelSpec model = Llama31_8B();
  const MemoryPlan vllm = PlanMemory(model, gpu, Tp(1), Engine(KvMemoryRule::kVllm, 0.9));
  EXPECT_DOUBLE_EQ(vllm.kv_budget_bytes, total * 0.9 - weights - kActivation8b - kNonTorch);
  EXPECT_TRUE(vllm.EngineLogLine().starts_with("GPU KV cache size: "));
  const MemoryPlan trt = PlanMemory(model, gpu, Tp(1), Engine(KvMemoryRule::kTrtllm, 0.9));
  EXPECT_DOUBLE_EQ(trt.kv_budget_bytes, (total - weights - kActivation8b - kNonTorch) * 0.9);
  const MemoryPlan sgl = PlanMemory(model, gpu, Tp(1), Engine(KvMemoryRule::kSglang, 0.835));
  EXPECT_DOUBLE_EQ(sgl.kv_budget_bytes, total * 0.835 - weights);
  EXPECT_EQ(sgl.EngineLogLine(), fmt::format("max_total_num_tokens={}", sgl.max_kv_tokens));
  // The fixed reserve ignores the runtime total and uses the nominal 80 GiB.
  const MemoryPlan fixed = PlanMemory(model, gpu, Tp(1), Engine(KvMemoryRule::kFixedReserve, 0.9));
  EXPECT_DOUBLE_EQ(fixed.kv_budget_bytes, 80 * kGiB * 0.9 - weights);
}

TEST(MemoryModelTest, VllmLogLineGroupsThousands) {
  MemorySettings m = Engine(KvMemoryRule::kVllm, 0.9);
  m.num_gpu_blocks_override = 28234;  // 451,744 tokens of 16: the vLLM 0.10.2 log's cache
  const MemoryPlan p = PlanMemory(Llama31_8B(), H100Sxm(), Tp(1), m);
  EXPECT_EQ(p.max_kv_tokens, 451744);
  EXPECT_EQ(p.EngineLogLine(), "GPU KV cache size: 451,744 tokens");
}

TEST(MemoryModelTest, MaxSequencesRoundsContextUpToBlocks) {
  const MemoryPlan p = PlanMemory(Llama31_8B(), H100Sxm(), Tp(1), Settings(0.9));
  EXPECT_EQ(p.MaxSequences(8192), 29205 / 512);  // 57
  EXPECT_EQ(p.MaxSequences(8193), 29205 / 513);  // one more block each
  EXPECT_EQ(p.MaxSequences(1), 29205);
  EXPECT_EQ(p.MaxSequences(0), 0);
}

TEST(MemoryModelTest, ActivationReserveComesOutOfTheBudget) {
  const MemoryPlan p = PlanMemory(Llama31_8B(), H100Sxm(), Tp(1), Settings(0.9, 16, 4.0));
  EXPECT_DOUBLE_EQ(p.kv_budget_bytes, 80 * kGiB * 0.9 - 8030261248.0 * 2 - 4 * kGiB);
  EXPECT_EQ(p.num_kv_blocks, 27157);  // floor(56,953,921,536 / 2,097,152) = floor(27157.75)
}

TEST(MemoryModelTest, TensorParallelHalvesWeightsAndKv) {
  const ModelSpec model = Llama31_8B();
  const WeightBytes w1 = WeightBytesPerGpu(model, Tp(1));
  const WeightBytes w2 = WeightBytesPerGpu(model, Tp(2));
  // Norm weights (2 per layer + final) are replicated on every rank; everything else halves.
  const double replicated = (2 * 32 + 1) * 4096 * 2.0;
  EXPECT_DOUBLE_EQ(w2.total, (w1.total - replicated) / 2 + replicated);
  EXPECT_EQ(KvBytesPerTokenPerGpu(model, Tp(2)), 131072 / 2);
  EXPECT_EQ(KvBytesPerTokenPerGpu(model, Tp(8)), 131072 / 8);
}

TEST(MemoryModelTest, KvHeadsAreReplicatedWhenTpExceedsThem) {
  const ModelSpec model = Llama31_70B();  // 8 KV heads
  EXPECT_EQ(KvHeadsPerGpu(model, 8), 1);
  EXPECT_EQ(KvHeadsPerGpu(model, 16), 1);
  EXPECT_EQ(KvBytesPerTokenPerGpu(model, Tp(16)), 2 * 80 * 1 * 128 * 2);
  EXPECT_EQ(KvBytesPerTokenPerGpu(model, Tp(16)), KvBytesPerTokenPerGpu(model, Tp(8)));
}

TEST(MemoryModelTest, PipelineParallelSplitsLayers) {
  const ModelSpec model = Llama31_8B();
  EXPECT_EQ(KvBytesPerTokenPerGpu(model, Tp(1, 2)), 131072 / 2);
  EXPECT_EQ(KvBytesPerTokenPerGpu(model, Tp(1, 3)), 2 * 11 * 8 * 128 * 2);  // ceil(32/3) = 11
  const WeightBytes w = WeightBytesPerGpu(model, Tp(1, 2));
  const double layer_bytes = 218112000.0 * 2;
  EXPECT_DOUBLE_EQ(w.layers, 16 * layer_bytes);
  // The last stage (LM head + final norm) outweighs the first (embedding) by the final norm.
  EXPECT_DOUBLE_EQ(w.total, 16 * layer_bytes + 128256.0 * 4096 * 2 + 4096 * 2);
}

TEST(MemoryModelTest, Fp8KvHalvesKvBytes) {
  Deployment d = Tp(1);
  d.kv_dtype = Dtype::kFp8;
  EXPECT_EQ(KvBytesPerTokenPerGpu(Llama31_8B(), d), 65536);
}

TEST(MemoryModelTest, Llama70BBf16DoesNotFitOnOneH100) {
  const MemoryPlan p = PlanMemory(Llama31_70B(), H100Sxm(), Tp(1), Settings(0.9));
  EXPECT_DOUBLE_EQ(p.weight_bytes, 70553706496.0 * 2);
  EXPECT_FALSE(p.fits);
  EXPECT_EQ(p.num_kv_blocks, 0);
  EXPECT_EQ(p.explanation,
            "Llama-3.1-70B bf16 needs 131.4 GiB of weights per GPU at TP=1 but one NVIDIA H100 "
            "SXM5 80GB has 80 GiB x 0.90 = 72.0 GiB usable; try tensor_parallel >= 2 or fp8 "
            "weights");
  EXPECT_TRUE(PlanMemory(Llama31_70B(), H100Sxm(), Tp(2), Settings(0.9)).fits);
}

TEST(MemoryModelTest, ExplanationMentionsTheReserveAndSkipsImpossibleFixes) {
  Deployment d = Tp(1);
  d.weight_dtype = Dtype::kFp8;
  const MemoryPlan p = PlanMemory(Llama31_70B(), H100Sxm(), d, Settings(0.9, 16, 8.0));
  EXPECT_FALSE(p.fits);
  EXPECT_EQ(p.explanation,
            "Llama-3.1-70B fp8 needs 67.7 GiB of weights + 8.0 GiB activation reserve per GPU at "
            "TP=1 but one NVIDIA H100 SXM5 80GB has 80 GiB x 0.90 = 72.0 GiB usable; try "
            "tensor_parallel >= 2");
}

// A GPU whose usable memory is the weights plus exactly `extra` bytes.
GpuSpec GpuWithRoomFor(double weights, double extra) {
  GpuSpec g = H100Sxm();
  g.memory_gib = (weights + extra) / kGiB;  // exact: dividing by a power of two
  return g;
}

TEST(MemoryModelTest, ExactlyOneBlockFits) {
  const double weights = 8030261248.0 * 2;
  const MemoryPlan p =
      PlanMemory(Llama31_8B(), GpuWithRoomFor(weights, 2097152), Tp(1), Settings(1.0));
  EXPECT_DOUBLE_EQ(p.kv_budget_bytes, 2097152);
  EXPECT_EQ(p.num_kv_blocks, 1);
  EXPECT_EQ(p.max_kv_tokens, 16);
  EXPECT_TRUE(p.fits);
  EXPECT_EQ(p.MaxSequences(16), 1);
  EXPECT_EQ(p.MaxSequences(17), 0);
}

TEST(MemoryModelTest, OneByteLessThanABlockDoesNotFit) {
  const double weights = 8030261248.0 * 2;
  const MemoryPlan p =
      PlanMemory(Llama31_8B(), GpuWithRoomFor(weights, 2097151), Tp(1), Settings(1.0));
  EXPECT_DOUBLE_EQ(p.kv_budget_bytes, 2097151);
  EXPECT_EQ(p.num_kv_blocks, 0);
  EXPECT_FALSE(p.fits);
  EXPECT_NE(p.explanation.find("leaves 2097151 bytes per GPU for the KV cache after 15.0 GiB of "
                               "weights, less than one block of 16 tokens (2097152 bytes)"),
            std::string::npos)
      << p.explanation;
}

TEST(MemoryModelTest, SettingsComeFromTheEngine) {
  EngineSpec e;
  e.gpu_memory_utilization = 0.8;
  e.block_size = 32;
  e.activation_reserve_gib = 1.5;
  const MemorySettings s = MemorySettings::FromEngine(e);
  EXPECT_DOUBLE_EQ(s.gpu_memory_utilization, 0.8);
  EXPECT_EQ(s.block_size, 32);
  EXPECT_DOUBLE_EQ(s.activation_reserve_gib, 1.5);
}

// An absurd memory size saturates the block count (10^15, blocks x block_size still fits int64)
// instead of overflowing the conversion; the runner then refuses it with the numbers.
TEST(MemoryModelTest, AnAbsurdMemorySizeSaturatesTheBlockCount) {
  GpuSpec gpu = H100Sxm();
  gpu.memory_gib = 1e30;
  const MemoryPlan p = PlanMemory(Llama31_8B(), gpu, Tp(1), Settings(0.9));
  EXPECT_EQ(p.num_kv_blocks, 1'000'000'000'000'000);
  EXPECT_EQ(p.max_kv_tokens, 16'000'000'000'000'000);
  EXPECT_TRUE(p.fits);
}

}  // namespace
}  // namespace gpuplan
