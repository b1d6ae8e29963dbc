#include "sim/latency/roofline_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "sim/core/error.h"
#include "sim/latency/collective_model.h"
#include "tests/latency/latency_fixtures.h"

namespace gpuplan {
namespace {

using testing::A100Sxm80;
using testing::H100Sxm;
using testing::Llama31_8B;
using testing::QuietEngine;
using testing::Tp;

// A tiny world whose numbers are easy to follow by hand: 2 layers, hidden 64, 4 query heads and
// 2 KV heads of 16, MLP 128, vocabulary 256, on a GPU with 10 TFLOP/s, 1 TB/s and a 100 GB/s link.
ModelSpec TinyModel() {
  ModelSpec m;
  m.name = "tiny";
  m.num_layers = 2;
  m.hidden_size = 64;
  m.num_attention_heads = 4;
  m.num_kv_heads = 2;
  m.head_dim = 16;
  m.intermediate_size = 128;
  m.vocab_size = 256;
  return m;
}

GpuSpec TinyGpu() {
  GpuSpec g;
  g.name = "tiny_gpu";
  g.memory_gib = 1;
  g.hbm_tbps = 1.0;
  g.bf16_tflops = 10;
  g.fp16_tflops = 10;
  g.interconnect_gbps = 100;
  g.interconnect_latency_us = 1.0;
  return g;
}

RooflineOptions TinyOptions() {
  RooflineOptions o;
  o.gemm_compute_efficiency = 0.5;
  o.gemm_memory_efficiency = 0.8;
  o.gemm_overhead_us = 2;
  o.attention_compute_efficiency = 0.4;
  o.attention_memory_efficiency = 0.6;
  o.norm_memory_efficiency = 0.5;
  o.residual_memory_efficiency = 0.9;
  o.embedding_memory_efficiency = 0.25;
  o.elementwise_memory_efficiency = 0.5;
  o.kernel_overhead_us = 1;
  // Collectives: LL 1 us + 0.5 hop per step at 25% of the link, LL128 2 us + 1 hop at 50%,
  // Simple 4 us + 2 hops at 100%; the tiny GPU has no NVLS. At this model's sizes LL wins.
  o.nccl_ll_base_us = 1;
  o.nccl_ll_hop_factor = 0.5;
  o.nccl_ll_bus_efficiency = 0.25;
  o.nccl_ll128_base_us = 2;
  o.nccl_ll128_hop_factor = 1;
  o.nccl_ll128_bus_efficiency = 0.5;
  o.nccl_simple_base_us = 4;
  o.nccl_simple_hop_factor = 2;
  o.nccl_simple_bus_efficiency = 1;
  // Inside a CUDA graph (steps of at most 512 tokens here) every NCCL call costs 0.25 us instead.
  o.nccl_graph_base_us = 0.25;
  // Engine kernels: one-shot 3 us + (n - 1) x bytes at 50% of the link; two-shot 6 us + 2 (n - 1)
  // / n x bytes at 40%.
  o.oneshot_base_us = 3;
  o.oneshot_bus_efficiency = 0.5;
  o.twoshot_base_us = 6;
  o.twoshot_bus_efficiency = 0.4;
  o.kernel_launch_us = 5;
  o.cuda_graph_max_tokens = 512;
  return o;
}

RooflineModel Tiny(int tp = 1, int pp = 1, RooflineOptions options = TinyOptions(),
                   EngineSpec engine = QuietEngine()) {
  return RooflineModel(TinyModel(), TinyGpu(), Tp(tp, pp), engine, options);
}

BatchShape Prefill(int q_len, int kv_len) {
  BatchShape b;
  b.AddPrefill(q_len, kv_len);
  return b;
}

BatchShape Decodes(int count, int kv_each) {
  BatchShape b;
  for (int i = 0; i < count; ++i) b.AddDecode(kv_each);
  return b;
}

double SumOfOps(const StepTime& t) { return std::accumulate(t.op_s.begin(), t.op_s.end(), 0.0); }

TEST(RooflineModelTest, QkvGemmMatchesHandRooflineWhenMemoryBound) {
  // m = 1 token; QKV: n = 4 x 16 + 2 x 2 x 16 = 128, k = 64.
  const double m = 1, n = 128, k = 64;
  const double compute = 2 * m * n * k / (10e12 * 0.5);
  const double memory = (n * k * 2 + 2 * m * (k + n)) / (1e12 * 0.8);
  ASSERT_GT(memory, compute);
  const StepTime t = Tiny().Predict(Prefill(1, 1));
  EXPECT_DOUBLE_EQ(t.Of(OpKind::kQkvProj), 2 * (memory + 2e-6));
}

TEST(RooflineModelTest, MlpGemmsMatchHandRooflineWhenComputeBound) {
  const double m = 4096;
  auto gemm = [&](double n, double k) {
    const double compute = 2 * m * n * k / (10e12 * 0.5);
    const double memory = (n * k * 2 + 2 * m * (k + n)) / (1e12 * 0.8);
    EXPECT_GT(compute, memory);
    return 2 * (std::max(compute, memory) + 2e-6);
  };
  const StepTime t = Tiny().Predict(Prefill(4096, 4096));
  EXPECT_DOUBLE_EQ(t.Of(OpKind::kMlpUpGate), gemm(2 * 128, 64));
  EXPECT_DOUBLE_EQ(t.Of(OpKind::kMlpDown), gemm(64, 128));
  EXPECT_DOUBLE_EQ(t.Of(OpKind::kOutProj), gemm(64, 64));
}

TEST(RooflineModelTest, LmHeadRunsOncePerSequence) {
  // 3 decodes: m = 3 rows of logits, n = 256, k = 64, one kernel per step.
  const double memory = (256 * 64 * 2 + 2 * 3 * (64 + 256)) / (1e12 * 0.8);
  EXPECT_DOUBLE_EQ(Tiny().Predict(Decodes(3, 10)).Of(OpKind::kLmHead), memory + 2e-6);
}

TEST(RooflineModelTest, ChunkedPrefillAttentionCountsCausalPairs) {
  // q = 100 new tokens at positions 201..300 of a 300-token context attend to 201 + ... + 300
  // = 25050 (query, key) pairs.
  const double flops = 25050.0 * 4 * 4 * 16;                     // 4 x q_heads x head_dim per pair
  const double bytes = 100 * (2 * 64 * 2) + 300 * (2 * 32 * 2);  // Q + O per query; K + V per key
  const double compute = flops / (10e12 * 0.4), memory = bytes / (1e12 * 0.6);
  ASSERT_GT(compute, memory);
  EXPECT_DOUBLE_EQ(Tiny().Predict(Prefill(100, 300)).Of(OpKind::kPrefillAttention),
                   2 * (compute + 1e-6));
  // A whole 4-token prompt: 1 + 2 + 3 + 4 = 10 pairs, memory-bound at this size.
  const double small_memory = (4 * (2 * 64 * 2) + 4 * (2 * 32 * 2)) / (1e12 * 0.6);
  ASSERT_GT(small_memory, 10.0 * 256 / (10e12 * 0.4));
  EXPECT_DOUBLE_EQ(Tiny().Predict(Prefill(4, 4)).Of(OpKind::kPrefillAttention),
                   2 * (small_memory + 1e-6));
}

TEST(RooflineModelTest, DecodeAttentionIsLinearInKvSum) {
  const RooflineModel model = Tiny();
  auto attention = [&](int kv_each) {
    return model.Predict(Decodes(4, kv_each)).Of(OpKind::kDecodeAttention);
  };
  const double a = attention(1000), b = attention(2000), c = attention(3000);
  // 4000 more KV tokens per step; each reads K + V = 2 x 32 x 2 bytes per layer, memory-bound.
  const double slope = 2 * (2 * 32 * 2) / (1e12 * 0.6);
  EXPECT_NEAR(b - a, 4000 * slope, 1e-15);
  EXPECT_NEAR(c - b, 4000 * slope, 1e-15);
  EXPECT_EQ(model.Predict(Prefill(8, 8)).Of(OpKind::kDecodeAttention), 0);
}

TEST(RooflineModelTest, PrefillAttentionGrowsQuadraticallyWhenComputeBound) {
  const RooflineModel model(Llama31_8B(), H100Sxm(), Tp(1), QuietEngine());
  const double t1 = model.Predict(Prefill(8192, 8192)).Of(OpKind::kPrefillAttention);
  const double t2 = model.Predict(Prefill(16384, 16384)).Of(OpKind::kPrefillAttention);
  EXPECT_GT(t2 / t1, 3.9);
  EXPECT_LT(t2 / t1, 4.1);
  // Splitting the same tokens into 2 independent prompts halves the attention work.
  BatchShape two;
  two.AddPrefill(8192, 8192);
  two.AddPrefill(8192, 8192);
  EXPECT_LT(model.Predict(two).Of(OpKind::kPrefillAttention), 0.6 * t2);
}

TEST(RooflineModelTest, AllReduceIsZeroAtTp1AndNcclLlAtTp2) {
  const StepTime t1 = Tiny(1).Predict(Decodes(10, 100));
  EXPECT_EQ(t1.Of(OpKind::kAllReduce), 0);
  EXPECT_EQ(t1.op_source[static_cast<size_t>(OpKind::kAllReduce)], OpSource::kNone);
  // TP = 2, 10 tokens: 5 all-reduces of 10 x 64 x 2 = 1280 bytes (2 ring steps, 1280 bytes per
  // GPU), then an all-gather of 10 x 256 x 2 = 5120 bytes (1 step, 2560 bytes per GPU); LL at
  // 25 GB/s, outside a CUDA graph: 1 us + 2 x 0.5 us + 1280 / 25e9, and 1 us + 0.5 us + 2560 /
  // 25e9.
  RooflineOptions eager = TinyOptions();
  eager.cuda_graph_max_tokens = 0;
  const double ll = 100e9 * 0.25;
  const double all_reduce = 1e-6 + 2 * 0.5e-6 + 1280 / ll;
  const double gather = 1e-6 + 0.5e-6 + 2560 / ll;
  ASSERT_LT(all_reduce, 2e-6 + 2 * 1e-6 + 1280 / (100e9 * 0.5));  // LL128 is slower here
  const StepTime t2 = Tiny(2, 1, eager).Predict(Decodes(10, 100));
  EXPECT_NEAR(t2.Of(OpKind::kAllReduce), 5 * all_reduce + gather, 1e-15);
  // In a CUDA graph each call's 1 us becomes 0.25 us.
  const StepTime graphed = Tiny(2).Predict(Decodes(10, 100));
  EXPECT_NEAR(graphed.Of(OpKind::kAllReduce), 5 * (all_reduce - 0.75e-6) + gather - 0.75e-6, 1e-15);
}

EngineSpec WithAllReduce(const std::string& strategy) {
  EngineSpec e = QuietEngine();
  e.all_reduce = strategy;
  return e;
}

TEST(RooflineModelTest, CustomAllReduceIsOneShotOnTwoGpus) {
  // 10 tokens x 128 bytes = 1280 bytes: one-shot 3 us + 1 x 1280 / (100e9 x 0.5) per call; the
  // logits all-gather stays NCCL (graphed LL: 0.25 us + 0.5 us + 2560 / 25e9).
  const StepTime t = Tiny(2, 1, TinyOptions(), WithAllReduce("custom")).Predict(Decodes(10, 100));
  const double one_shot = 3e-6 + 1280 / 50e9;
  const double gather = 0.25e-6 + 0.5e-6 + 2560 / 25e9;
  EXPECT_NEAR(t.Of(OpKind::kAllReduce), 5 * one_shot + gather, 1e-15);
}

TEST(CollectiveModelTest, EngineStrategiesSwitchAtTheirThresholds) {
  const CollectiveModel c(100e9, 1e-6, false, TinyOptions(), /*nvlink=*/true);
  const auto custom = AllReduceStrategy::kCustom;
  // 4 GPUs: one-shot under 512 KiB, two-shot from 512 KiB, NCCL from 8 MiB.
  EXPECT_EQ(c.EngineAllReduce(custom, 524287, 4, 1, true).algorithm, CollectiveAlgorithm::kOneShot);
  EXPECT_EQ(c.EngineAllReduce(custom, 524288, 4, 1, true).algorithm, CollectiveAlgorithm::kTwoShot);
  EXPECT_NE(c.EngineAllReduce(custom, 8 * 1048576.0, 4, 1, true).algorithm,
            CollectiveAlgorithm::kTwoShot);
  // 8 GPUs switch at 256 KiB; 3 GPUs (not 2/4/6/8) always use NCCL.
  EXPECT_EQ(c.EngineAllReduce(custom, 262143, 8, 1, true).algorithm, CollectiveAlgorithm::kOneShot);
  EXPECT_EQ(c.EngineAllReduce(custom, 262144, 8, 1, true).algorithm, CollectiveAlgorithm::kTwoShot);
  EXPECT_EQ(c.EngineAllReduce(custom, 1000, 3, 1, true).algorithm, CollectiveAlgorithm::kRingLl);
  // Without NVLink only 2 GPUs may use the custom kernels.
  const CollectiveModel pcie(100e9, 1e-6, false, TinyOptions(), /*nvlink=*/false);
  EXPECT_EQ(pcie.EngineAllReduce(custom, 1000, 2, 1, true).algorithm,
            CollectiveAlgorithm::kOneShot);
  EXPECT_EQ(pcie.EngineAllReduce(custom, 1000, 4, 1, true).algorithm, CollectiveAlgorithm::kRingLl);
  // TensorRT-LLM AUTO: on 4 GPUs one-shot up to 128 tokens, NCCL above; on 2 GPUs two-shot above.
  const auto trt = AllReduceStrategy::kTrtllmAuto;
  EXPECT_EQ(c.EngineAllReduce(trt, 1000, 4, 128, true).algorithm, CollectiveAlgorithm::kOneShot);
  EXPECT_EQ(c.EngineAllReduce(trt, 1000, 4, 129, true).algorithm, CollectiveAlgorithm::kRingLl);
  EXPECT_EQ(c.EngineAllReduce(trt, 1000, 2, 129, true).algorithm, CollectiveAlgorithm::kTwoShot);
  // Beyond the 8 MB workspace: NCCL, where Simple (all of the link) wins at 9 MB.
  EXPECT_EQ(c.EngineAllReduce(trt, 9e6, 4, 10, true).algorithm, CollectiveAlgorithm::kRingSimple);
  // The costs: two-shot on 4 GPUs of 1 MiB = 6 us + 2 x 3 / 4 x 1 MiB / 40 GB/s.
  EXPECT_NEAR(c.EngineAllReduce(custom, 1048576, 4, 1, true).seconds, 6e-6 + 1.5 * 1048576 / 40e9,
              1e-15);
}

TEST(RooflineModelTest, PipelineAddsSendsAndKeepsLayerWork) {
  const StepTime p1 = Tiny(1, 1).Predict(Decodes(10, 100));
  const StepTime p2 = Tiny(1, 2).Predict(Decodes(10, 100));
  EXPECT_EQ(p1.Of(OpKind::kPipelineSend), 0);
  // One boundary: hidden + residual of 10 tokens, 2560 bytes: the 1 us hop, then one LL step
  // (0.5 us, 25 GB/s) without the per-call cost.
  EXPECT_NEAR(p2.Of(OpKind::kPipelineSend), 1e-6 + 0.5e-6 + 10 * 2 * 64 * 2 / (100e9 * 0.25),
              1e-15);
  EXPECT_DOUBLE_EQ(p2.Of(OpKind::kMlpUpGate), p1.Of(OpKind::kMlpUpGate));
  EXPECT_DOUBLE_EQ(p2.total_s, p1.total_s + p2.Of(OpKind::kPipelineSend));
}

TEST(RooflineModelTest, TotalIsTheSumOfOps) {
  BatchShape mixed;
  mixed.AddPrefill(300, 900);
  mixed.AddPrefill(17, 17);
  for (int i = 0; i < 33; ++i) mixed.AddDecode(100 + 7 * i);
  for (int tp : {1, 2, 4}) {
    for (int pp : {1, 2}) {
      for (const BatchShape& b : {mixed, Prefill(1, 1), Decodes(256, 4000), Prefill(2048, 4096)}) {
        const StepTime t = Tiny(tp, pp).Predict(b);
        EXPECT_GT(t.total_s, 0);
        EXPECT_NEAR(SumOfOps(t), t.total_s, 1e-12 * t.total_s) << "tp " << tp << " pp " << pp;
      }
    }
  }
}

TEST(RooflineModelTest, MonotonicInTokens) {
  EngineSpec engine = QuietEngine();
  engine.cpu_overhead_per_step_us = 300;
  engine.cpu_overhead_per_request_us = 20;
  for (const Deployment& d : {Tp(1), Tp(4), Tp(2, 2)}) {
    const RooflineModel model(Llama31_8B(), H100Sxm(), d, engine);
    double last = 0;
    for (int n = 1; n <= 16384; n += 37) {
      const double t = model.Predict(Prefill(n, n)).total_s;
      EXPECT_GE(t, last) << "prefill " << n;
      last = t;
    }
    last = 0;
    for (int n = 1; n <= 1024; ++n) {
      const double t = model.Predict(Decodes(n, 2000)).total_s;
      EXPECT_GE(t, last) << "decodes " << n;
      last = t;
    }
  }
}

TEST(RooflineModelTest, EngineCpuOverheadPerStepAndPerRequest) {
  EngineSpec engine = QuietEngine();
  engine.cpu_overhead_per_step_us = 100;
  engine.cpu_overhead_per_request_us = 10;
  const StepTime t = Tiny(1, 1, TinyOptions(), engine).Predict(Decodes(3, 50));
  EXPECT_DOUBLE_EQ(t.Of(OpKind::kCpuOverhead), 130e-6);
}

TEST(RooflineModelTest, LaunchCostCountsOnlyWhenNotHiddenOrGraphed) {
  RooflineOptions slow_cpu = TinyOptions();
  slow_cpu.cuda_graph_max_tokens = 0;
  slow_cpu.kernel_launch_us = 1000;
  // 1 decode, TP 1: 2 layers x (11 + decode attention) + 4 per-step kernels = 28 launches of
  // 1 ms; the GPU work is far shorter, so the step takes as long as launching.
  EXPECT_DOUBLE_EQ(Tiny(1, 1, slow_cpu).Predict(Decodes(1, 10)).total_s, 28 * 1e-3);
  // With a CUDA graph (the step has <= 512 tokens) launches cost nothing.
  RooflineOptions graphed = slow_cpu;
  graphed.cuda_graph_max_tokens = 512;
  EXPECT_EQ(Tiny(1, 1, graphed).Predict(Decodes(1, 10)).Of(OpKind::kCpuOverhead), 0);
  // Fast launches hide behind the GPU work.
  RooflineOptions fast_cpu = slow_cpu;
  fast_cpu.kernel_launch_us = 0.001;
  EXPECT_EQ(Tiny(1, 1, fast_cpu).Predict(Decodes(1, 10)).Of(OpKind::kCpuOverhead), 0);
}

TEST(RooflineModelTest, FullDecodeOnlyRunsMixedStepsEagerly) {
  RooflineOptions slow_cpu = TinyOptions();  // graphs up to 512 tokens
  slow_cpu.kernel_launch_us = 1000;
  EngineSpec full_decode_only = QuietEngine();
  full_decode_only.cuda_graph_mode = "full_decode_only";
  // One decode and a 1-token prefill, TP 1: 2 layers x (11 + prefill and decode attention) + 4
  // per-step kernels = 30 launches of 1 ms, far above the GPU work, so the step takes 30 ms.
  BatchShape mixed = Decodes(1, 10);
  mixed.AddPrefill(1, 1);
  EXPECT_DOUBLE_EQ(Tiny(1, 1, slow_cpu, full_decode_only).Predict(mixed).total_s, 30 * 1e-3);
  // The decode-only step replays its graph; the piecewise default replays the mixed one too.
  EXPECT_EQ(Tiny(1, 1, slow_cpu, full_decode_only).Predict(Decodes(2, 10)).Of(OpKind::kCpuOverhead),
            0);
  EXPECT_EQ(Tiny(1, 1, slow_cpu).Predict(mixed).Of(OpKind::kCpuOverhead), 0);
  // Outside a graph NCCL pays its eager per-call cost: 9 decodes and a 1-token prefill at TP 2
  // move the bytes of 10 decodes (AllReduceIsZeroAtTp1AndNcclLlAtTp2), 1 us per call instead
  // of 0.25 us.
  BatchShape ten = Decodes(9, 100);
  ten.AddPrefill(1, 1);
  const double ll = 100e9 * 0.25;
  const double eager = 5 * (1e-6 + 2 * 0.5e-6 + 1280 / ll) + (1e-6 + 0.5e-6 + 2560 / ll);
  EXPECT_NEAR(Tiny(2, 1, TinyOptions(), full_decode_only).Predict(ten).Of(OpKind::kAllReduce),
              eager, 1e-15);
  EXPECT_NEAR(Tiny(2).Predict(ten).Of(OpKind::kAllReduce), eager - 6 * 0.75e-6, 1e-15);
}

TEST(RooflineModelTest, OpSourcesMarkWhatRan) {
  const StepTime t = Tiny().Predict(Decodes(2, 10));
  for (OpKind op : {OpKind::kQkvProj, OpKind::kDecodeAttention, OpKind::kNorm, OpKind::kLmHead,
                    OpKind::kSampling}) {
    EXPECT_EQ(t.op_source[static_cast<size_t>(op)], OpSource::kRoofline) << OpKindName(op);
  }
  for (OpKind op : {OpKind::kPrefillAttention, OpKind::kAllReduce, OpKind::kPipelineSend}) {
    EXPECT_EQ(t.op_source[static_cast<size_t>(op)], OpSource::kNone) << OpKindName(op);
  }
}

TEST(RooflineModelTest, RejectsZeroEfficiencyBuiltByHand) {
  RooflineOptions o = TinyOptions();
  o.gemm_memory_efficiency = 0;
  EXPECT_THROW(Tiny(1, 1, o), InternalError);
}

TEST(RooflineModelTest, GemmComputeDtype) {
  EXPECT_EQ(GemmComputeDtype(Dtype::kFp8, H100Sxm()), Dtype::kFp8);
  EXPECT_EQ(GemmComputeDtype(Dtype::kFp8, A100Sxm80()), Dtype::kBf16);  // no fp8 tensor cores
  EXPECT_EQ(GemmComputeDtype(Dtype::kInt4, H100Sxm()), Dtype::kBf16);
  EXPECT_EQ(GemmComputeDtype(Dtype::kBf16, A100Sxm80()), Dtype::kBf16);
}

TEST(RooflineModelTest, Fp8WeightsSpeedUpLargeGemmsByTheirPeakAndEfficiency) {
  Deployment fp8 = Tp(1);
  fp8.weight_dtype = Dtype::kFp8;
  const RooflineModel bf16_model(Llama31_8B(), H100Sxm(), Tp(1), QuietEngine());
  const RooflineModel fp8_model(Llama31_8B(), H100Sxm(), fp8, QuietEngine());
  const double big_bf16 = bf16_model.Predict(Prefill(8192, 8192)).Of(OpKind::kMlpUpGate);
  const double big_fp8 = fp8_model.Predict(Prefill(8192, 8192)).Of(OpKind::kMlpUpGate);
  // Compute-bound: twice the peak at gemm_fp8_compute_efficiency instead of
  // gemm_compute_efficiency: time x 0.5 x 0.70 / 0.55 (the fixed 7 us per GEMM aside).
  const RooflineOptions d;
  EXPECT_NEAR(big_fp8 / big_bf16, 0.5 * d.gemm_compute_efficiency / d.gemm_fp8_compute_efficiency,
              0.01);
  // Memory-bound decode: half the weight bytes.
  const double small_bf16 = bf16_model.Predict(Decodes(1, 100)).Of(OpKind::kMlpUpGate);
  const double small_fp8 = fp8_model.Predict(Decodes(1, 100)).Of(OpKind::kMlpUpGate);
  EXPECT_LT(small_fp8 / small_bf16, 0.6);
}

}  // namespace
}  // namespace gpuplan
