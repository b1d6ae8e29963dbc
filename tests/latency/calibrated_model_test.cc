// CalibratedLatencyModel: exact hits, log-size interpolation, roofline fallback outside the
// measured range and for ops the bundle lacks, with the source recorded per op. Expected values
// are worked out by hand from the tables below.
#include "sim/latency/calibrated_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "tests/bundle/bundle_fixtures.h"

namespace gpuplan {
namespace {

using testing::CollectiveTable;
using testing::MlpOpsTable;
using testing::NoCpuEngine;
using testing::TestGpu;
using testing::TimedRow;
using testing::TinyBundleModel;
using testing::TinyModel;

constexpr int kLayers = 2;

// Per op of model "tiny": (1 token, a us) and (100 tokens, b us).
Bundle TinyBundle(int tp) {
  Bundle b;
  b.models.push_back(TinyBundleModel());
  BundleTable mlp;
  mlp.family = BundleFamily::kMlpOps;
  const std::pair<const char*, std::pair<double, double>> ops[] = {
      {"attn_pre_proj", {10, 100}},
      {"attn_post_proj", {4, 40}},
      {"mlp_up_proj", {20, 200}},
      {"mlp_down_proj", {12, 120}},
      {"mlp_act", {2, 8}},
      {"attn_rope", {3, 6}},
      {"input_layernorm", {1.5, 3}},
      {"post_attention_layernorm", {2.5, 5}},
      {"add", {1, 2}},
      {"emb", {7, 9}}};
  for (const auto& [op, us] : ops) {
    for (const BundleRow& r : MlpOpsTable(tp, {{1, us.first}, {100, us.second}}, {op}).rows) {
      mlp.rows.push_back(r);
    }
  }
  b.tables.push_back(std::move(mlp));
  return b;
}

Deployment Tp(int tp) {
  Deployment d;
  d.tensor_parallel = tp;
  return d;
}

BatchShape Prefill(int tokens) {
  BatchShape batch;
  batch.AddPrefill(tokens, tokens);
  return batch;
}

double Us(const StepTime& t, OpKind op) { return t.Of(op) * 1e6; }
OpSource Src(const StepTime& t, OpKind op) { return t.op_source[static_cast<size_t>(op)]; }

double SumOfOps(const StepTime& t) {
  double sum = 0;
  for (double s : t.op_s) sum += s;
  return sum;
}

// A bundle measured on another GPU family is named in a warning; the same family under the CUDA
// driver's or a source's spelling is not, and whole words keep an L4 from passing for an L40S.
TEST(CalibratedModel, ABundleOfAnotherGpuFamilyIsWarnedAbout) {
  GpuSpec h100;
  h100.name = "h100_sxm";
  h100.display_name = "NVIDIA H100 SXM5 80GB";
  EXPECT_EQ(GpuFamilyToken(h100), "H100");
  EXPECT_FALSE(BundleGpuMismatch("NVIDIA H100 80GB HBM3", h100).has_value());
  EXPECT_FALSE(BundleGpuMismatch("NVIDIA H100 SXM 80GB (Vidur's 'h100' profiles)", h100));
  const std::optional<std::string> a100 = BundleGpuMismatch("NVIDIA A100-SXM4-80GB", h100);
  ASSERT_TRUE(a100.has_value());
  EXPECT_EQ(*a100,
            "the calibration bundle was measured on 'NVIDIA A100-SXM4-80GB', not on a H100 "
            "(h100_sxm): its measured tables are used for this GPU as they are");
  GpuSpec l40s;
  l40s.name = "l40s";
  l40s.display_name = "NVIDIA L40S 48GB";
  EXPECT_TRUE(BundleGpuMismatch("NVIDIA L4", l40s).has_value());
  EXPECT_FALSE(BundleGpuMismatch("NVIDIA L40S", l40s).has_value());
  GpuSpec rtx;
  rtx.name = "rtx_4090";
  rtx.display_name = "NVIDIA GeForce RTX 4090 24GB";
  EXPECT_EQ(GpuFamilyToken(rtx), "4090");
  EXPECT_FALSE(BundleGpuMismatch("NVIDIA GeForce RTX 4090", rtx).has_value());
  EXPECT_FALSE(BundleGpuMismatch("", rtx).has_value());  // nothing stated: nothing to compare
}

TEST(CalibratedModel, MeasuredSizeGivesTheMeasurementTimesTheKernelCount) {
  const CalibratedLatencyModel model(TinyModel(kLayers), TestGpu(), Tp(1), NoCpuEngine(),
                                     TinyBundle(1));
  const StepTime t = model.Predict(Prefill(100));
  EXPECT_NEAR(Us(t, OpKind::kQkvProj), 2 * 100.0, 1e-9);  // L x 100 us
  EXPECT_NEAR(Us(t, OpKind::kMlpUpGate), 2 * 200.0, 1e-9);
  EXPECT_NEAR(Us(t, OpKind::kNorm), 2 * (3 + 5) + 3, 1e-9);     // L (input + post) + final input
  EXPECT_NEAR(Us(t, OpKind::kResidualAdd), 2 * 2 * 2.0, 1e-9);  // 2 adds per layer
  EXPECT_NEAR(Us(t, OpKind::kEmbedding), 9, 1e-9);              // once per step
  for (OpKind op : {OpKind::kQkvProj, OpKind::kOutProj, OpKind::kMlpUpGate, OpKind::kMlpDown,
                    OpKind::kActivation, OpKind::kRope, OpKind::kNorm, OpKind::kResidualAdd,
                    OpKind::kEmbedding}) {
    EXPECT_EQ(Src(t, op), OpSource::kCalibrated) << OpKindName(op);
  }
  EXPECT_DOUBLE_EQ(t.total_s, SumOfOps(t));
}

// 10 tokens sit halfway between 1 and 100 in log(size): qkv 10 + 90/2 = 55 us per layer; input
// norm 1.5 + 1.5/2 = 2.25, post norm 2.5 + 2.5/2 = 3.75 -> 2 x 6 + 2.25 = 14.25 us.
TEST(CalibratedModel, InterpolatesBetweenMeasuredSizes) {
  const CalibratedLatencyModel model(TinyModel(kLayers), TestGpu(), Tp(1), NoCpuEngine(),
                                     TinyBundle(1));
  BatchShape decode;  // 10 decodes are 10 tokens for the GEMMs, like a 10-token prefill
  for (int i = 0; i < 10; ++i) decode.AddDecode(500);
  for (const BatchShape& batch : {Prefill(10), decode}) {
    const StepTime t = model.Predict(batch);
    EXPECT_NEAR(Us(t, OpKind::kQkvProj), 2 * 55.0, 1e-9);
    EXPECT_NEAR(Us(t, OpKind::kNorm), 14.25, 1e-9);
    EXPECT_EQ(Src(t, OpKind::kQkvProj), OpSource::kCalibrated);
  }
}

TEST(CalibratedModel, FallsBackToTheRooflineOutsideTheMeasuredRange) {
  const CalibratedLatencyModel model(TinyModel(kLayers), TestGpu(), Tp(1), NoCpuEngine(),
                                     TinyBundle(1));
  const StepTime t = model.Predict(Prefill(200));
  const StepTime roof = model.roofline().Predict(Prefill(200));
  for (OpKind op : {OpKind::kQkvProj, OpKind::kNorm, OpKind::kEmbedding}) {
    EXPECT_EQ(Src(t, op), OpSource::kRoofline) << OpKindName(op);
    EXPECT_DOUBLE_EQ(t.Of(op), roof.Of(op)) << OpKindName(op);
  }
  EXPECT_DOUBLE_EQ(t.total_s, roof.total_s);
}

TEST(CalibratedModel, OpsTheBundleLacksComeFromTheRoofline) {
  const CalibratedLatencyModel model(TinyModel(kLayers), TestGpu(), Tp(1), NoCpuEngine(),
                                     TinyBundle(1));
  const StepTime t = model.Predict(Prefill(100));
  const StepTime roof = model.roofline().Predict(Prefill(100));
  for (OpKind op :
       {OpKind::kPrefillAttention, OpKind::kKvCacheWrite, OpKind::kLmHead, OpKind::kSampling}) {
    EXPECT_EQ(Src(t, op), OpSource::kRoofline) << OpKindName(op);
    EXPECT_DOUBLE_EQ(t.Of(op), roof.Of(op)) << OpKindName(op);
  }
  EXPECT_EQ(Src(t, OpKind::kDecodeAttention), OpSource::kNone);  // did not run
  EXPECT_EQ(Src(t, OpKind::kAllReduce), OpSource::kNone);        // TP 1
}

TEST(CalibratedModel, OtherTpOrShapeMeansNoMatch) {
  const CalibratedLatencyModel other_tp(TinyModel(kLayers), TestGpu(), Tp(2), NoCpuEngine(),
                                        TinyBundle(1));
  EXPECT_EQ(Src(other_tp.Predict(Prefill(100)), OpKind::kQkvProj), OpSource::kRoofline);
  EXPECT_FALSE(other_tp.tables().AnyCovered());
  ModelSpec wider = TinyModel(kLayers);
  wider.intermediate_size = 8192;
  const CalibratedLatencyModel other_shape(wider, TestGpu(), Tp(1), NoCpuEngine(), TinyBundle(1));
  EXPECT_EQ(Src(other_shape.Predict(Prefill(100)), OpKind::kMlpDown), OpSource::kRoofline);
  // fp8 weights are another GEMM: the bf16 mlp_ops table does not apply.
  Deployment fp8 = Tp(1);
  fp8.weight_dtype = Dtype::kFp8;
  const CalibratedLatencyModel fp8_model(TinyModel(kLayers), TestGpu(), fp8, NoCpuEngine(),
                                         TinyBundle(1));
  EXPECT_EQ(Src(fp8_model.Predict(Prefill(100)), OpKind::kQkvProj), OpSource::kRoofline);
}

// TP 2: activations of 100 tokens are 100 x 1024 x 2 = 204,800 bytes, the logits row of one
// sequence 32,000 x 2 = 64,000 bytes. Table (2048 B, 10 us), (1 MiB, 50 us):
// t = ln(bytes / 2048) / ln(512); all-reduce op = (2L + 1) x AR(204800) + AR(64000) / 2.
TEST(CalibratedModel, AllReducesUseTheCollectiveTable) {
  Bundle b = TinyBundle(2);
  b.tables.push_back(CollectiveTable(BundleFamily::kAllReduce, 2, 2, {{2048, 10}, {1 << 20, 50}}));
  const CalibratedLatencyModel model(TinyModel(kLayers), TestGpu(), Tp(2), NoCpuEngine(), b);
  const StepTime t = model.Predict(Prefill(100));
  auto ar = [](double bytes) { return 10 + 40 * std::log(bytes / 2048) / std::log(512.0); };
  EXPECT_NEAR(Us(t, OpKind::kAllReduce), 5 * ar(204800) + 0.5 * ar(64000), 1e-9);
  EXPECT_EQ(Src(t, OpKind::kAllReduce), OpSource::kCalibrated);
  // 10,000 tokens need 20 MB per all-reduce, beyond the table: roofline.
  EXPECT_EQ(Src(model.Predict(Prefill(10000)), OpKind::kAllReduce), OpSource::kRoofline);
}

// gemm.csv (gpuplan-calibrate) is matched by the per-GPU shape and wins over mlp_ops.csv.
// qkv of "tiny" at TP 1: n = (8 + 2 x 2) x 128 = 1536, k = 1024.
TEST(CalibratedModel, GemmTableIsMatchedByShapeAndPreferred) {
  Bundle b = TinyBundle(1);
  BundleTable gemm;
  gemm.family = BundleFamily::kGemm;
  gemm.rows.push_back(TimedRow({"1", "1536", "1024", "bf16"}, {1, 1536, 1024, 0}, 6));
  gemm.rows.push_back(TimedRow({"100", "1536", "1024", "bf16"}, {100, 1536, 1024, 0}, 9));
  gemm.rows.push_back(TimedRow({"100", "1536", "1024", "fp8"}, {100, 1536, 1024, 0}, 1));
  b.tables.insert(b.tables.begin(), std::move(gemm));
  const CalibratedLatencyModel model(TinyModel(kLayers), TestGpu(), Tp(1), NoCpuEngine(), b);
  const StepTime t = model.Predict(Prefill(100));
  EXPECT_NEAR(Us(t, OpKind::kQkvProj), 2 * 9.0, 1e-9);
  EXPECT_NEAR(Us(t, OpKind::kOutProj), 2 * 40.0, 1e-9);  // not in gemm.csv: mlp_ops
  EXPECT_NE(model.tables().Coverage()[2].origin.find("gemm.csv n=1536 k=1024 dtype=bf16"),
            std::string::npos);
}

// decode_attention.csv over (sequences, KV length) for 8 query heads, 2 KV heads, head_dim 128:
// batch 1: (128, 10 us), (1024, 40 us); batch 4: (128, 20 us), (1024, 80 us). Two decodes with
// KV 128 and 1024 are looked up at batch 2, mean KV 576: inner t = ln(576/128) / ln 8 on both
// curves, outer t = ln 2 / ln 4 = 1/2.
TEST(CalibratedModel, DecodeAttentionFromTheGrid) {
  Bundle b = TinyBundle(1);
  BundleTable decode;
  decode.family = BundleFamily::kDecodeAttention;
  for (const auto& [batch, kv, us] : std::vector<std::tuple<int, int, double>>{
           {1, 128, 10}, {1, 1024, 40}, {4, 128, 20}, {4, 1024, 80}}) {
    decode.rows.push_back(
        TimedRow({std::to_string(batch), std::to_string(kv), "8", "2", "128", "bf16", "16"},
                 {batch, kv, 8, 2, 128, 0, 16}, us));
  }
  b.tables.push_back(std::move(decode));
  const CalibratedLatencyModel model(TinyModel(kLayers), TestGpu(), Tp(1), NoCpuEngine(), b);
  BatchShape batch;
  batch.AddDecode(128);
  batch.AddDecode(1024);
  const StepTime t = model.Predict(batch);
  const double inner = std::log(4.5) / std::log(8.0);
  const double at1 = 10 + 30 * inner, at4 = 20 + 60 * inner;
  EXPECT_NEAR(Us(t, OpKind::kDecodeAttention), kLayers * (at1 + 0.5 * (at4 - at1)), 1e-9);
  EXPECT_EQ(Src(t, OpKind::kDecodeAttention), OpSource::kCalibrated);
}

// Without CUDA graphs the CPU launches 2 x (11 + 1 prefill attention) + 4 = 28 kernels; at 1 ms
// each the launch stream outlasts the GPU, and the step takes the launch time plus the engine's
// fixed costs (0.5 ms per step, 0.1 ms per sequence): cpu = 28 ms - GPU + 0.6 ms.
TEST(CalibratedModel, LaunchesOverlapTheCalibratedGpuTime) {
  EngineSpec engine = NoCpuEngine();
  engine.cpu_overhead_per_step_us = 500;
  engine.cpu_overhead_per_request_us = 100;
  RooflineOptions eager;
  eager.cuda_graph_max_tokens = 0;
  eager.kernel_launch_us = 1000;
  const CalibratedLatencyModel model(TinyModel(kLayers), TestGpu(), Tp(1), engine, TinyBundle(1),
                                     eager);
  const StepTime t = model.Predict(Prefill(100));
  const double gpu_s = t.total_s - t.Of(OpKind::kCpuOverhead);
  EXPECT_NEAR(t.Of(OpKind::kCpuOverhead), 28e-3 - gpu_s + 0.6e-3, 1e-12);
  EXPECT_NEAR(t.total_s, 28.6e-3, 1e-12);
  EXPECT_EQ(Src(t, OpKind::kCpuOverhead), OpSource::kRoofline);
  // With graphs (the default) only the engine's fixed costs remain.
  const CalibratedLatencyModel graphed(TinyModel(kLayers), TestGpu(), Tp(1), engine, TinyBundle(1));
  EXPECT_NEAR(graphed.Predict(Prefill(100)).Of(OpKind::kCpuOverhead), 0.6e-3, 1e-15);
}

// The engine's cuda_graph_mode (host_time.h) decides which steps launch their kernels from the
// host, for the calibrated model as for the roofline. Launches of 1 ms, engine costs of 0.5 ms per
// step and 0.1 ms per sequence, graphs up to 512 tokens (the default). One decode launches
// 2 x (11 + decode attention) + 4 = 28 kernels; a 100-token prefill with one decode 2 x (11 + 2
// attentions) + 4 = 30. Graphed, the host part is the fixed 0.6 ms (one sequence) or 0.7 ms (two);
// eager, the launches outlast the GPU work, so the host part is 28 ms - GPU + 0.6 ms and the step
// takes 28.6 ms whatever the GPU time (30.7 ms for the mixed step).
TEST(CalibratedModel, TheEnginesCudaGraphModeDecidesWhichStepsLaunchFromTheHost) {
  EngineSpec engine = NoCpuEngine();
  engine.cpu_overhead_per_step_us = 500;
  engine.cpu_overhead_per_request_us = 100;
  RooflineOptions slow_launch;
  slow_launch.kernel_launch_us = 1000;
  ASSERT_EQ(slow_launch.cuda_graph_max_tokens, 512);
  BatchShape decode;
  decode.AddDecode(100);
  BatchShape mixed = Prefill(100);
  mixed.AddDecode(100);
  struct Host {
    double decode_s, mixed_s;  // the host part of each step
    double decode_total_s, mixed_total_s;
    double decode_gpu_s, mixed_gpu_s;
  };
  const auto host_of = [&](const LatencyModel& model) {
    const StepTime d = model.Predict(decode);
    const StepTime m = model.Predict(mixed);
    return Host{d.Of(OpKind::kCpuOverhead),
                m.Of(OpKind::kCpuOverhead),
                d.total_s,
                m.total_s,
                d.total_s - d.Of(OpKind::kCpuOverhead),
                m.total_s - m.Of(OpKind::kCpuOverhead)};
  };
  std::map<std::string, std::pair<Host, Host>> by_mode;  // mode -> (calibrated, roofline)
  for (const char* mode : {"piecewise", "full_decode_only", "none"}) {
    engine.cuda_graph_mode = mode;
    const CalibratedLatencyModel model(TinyModel(kLayers), TestGpu(), Tp(1), engine, TinyBundle(1),
                                       slow_launch);
    by_mode[mode] = {host_of(model), host_of(model.roofline())};
  }
  for (const auto& [mode, models] : by_mode) {
    for (const Host& h : {models.first, models.second}) {
      SCOPED_TRACE(mode);
      ASSERT_LT(h.mixed_gpu_s, 28e-3);  // the tiny model's GPU work is far below the launches
      const bool decode_graphed = mode != "none";
      const bool mixed_graphed = mode == "piecewise";
      EXPECT_NEAR(h.decode_s, decode_graphed ? 0.6e-3 : 28e-3 - h.decode_gpu_s + 0.6e-3, 1e-12);
      EXPECT_NEAR(h.decode_total_s, decode_graphed ? h.decode_gpu_s + 0.6e-3 : 28.6e-3, 1e-12);
      EXPECT_NEAR(h.mixed_s, mixed_graphed ? 0.7e-3 : 30e-3 - h.mixed_gpu_s + 0.7e-3, 1e-12);
      EXPECT_NEAR(h.mixed_total_s, mixed_graphed ? h.mixed_gpu_s + 0.7e-3 : 30.7e-3, 1e-12);
    }
  }
  // The measured GPU time is not the roofline's, so the eager host parts differ between the
  // models by exactly that, and their graphed ones do not.
  const auto& [calibrated, roofline] = by_mode["none"];
  ASSERT_NE(calibrated.decode_gpu_s, roofline.decode_gpu_s);
  EXPECT_NEAR(calibrated.decode_s - roofline.decode_s,
              roofline.decode_gpu_s - calibrated.decode_gpu_s, 1e-12);
  EXPECT_EQ(by_mode["piecewise"].first.decode_s, by_mode["piecewise"].second.decode_s);
}

// With nothing matched, the calibrated model is the roofline, CPU model included: its kernel
// count follows docs/latency-model.md 2.4 as the roofline's does (eager steps, TP and PP).
TEST(CalibratedModel, WithNothingMatchedItIsTheRoofline) {
  EngineSpec engine = NoCpuEngine();
  engine.cpu_overhead_per_step_us = 100;
  engine.cpu_overhead_per_request_us = 10;
  RooflineOptions eager;
  eager.cuda_graph_max_tokens = 0;
  eager.kernel_launch_us = 400;
  Deployment d = Tp(2);
  d.pipeline_parallel = 2;
  const CalibratedLatencyModel model(TinyModel(kLayers), TestGpu(), d, engine, Bundle{}, eager);
  BatchShape mixed = Prefill(300);
  mixed.AddDecode(700);
  BatchShape decode;
  decode.AddDecode(100);
  for (const BatchShape& batch : {Prefill(300), mixed, decode}) {
    const StepTime t = model.Predict(batch);
    const StepTime roof = model.roofline().Predict(batch);
    EXPECT_DOUBLE_EQ(t.total_s, roof.total_s);
    EXPECT_DOUBLE_EQ(t.Of(OpKind::kCpuOverhead), roof.Of(OpKind::kCpuOverhead));
    EXPECT_GT(t.Of(OpKind::kCpuOverhead), 110e-6 + 1e-9);  // launches exposed, beyond fixed costs
  }
}

TEST(CalibratedModel, CoverageListsEveryOpWithItsTable) {
  const CalibratedLatencyModel model(TinyModel(kLayers), TestGpu(), Tp(1), NoCpuEngine(),
                                     TinyBundle(1));
  size_t covered = 0;
  for (const OpCoverage& c : model.tables().Coverage()) {
    if (!c.covered()) continue;
    ++covered;
    EXPECT_EQ(c.points, 2u) << OpKindName(c.op);
    EXPECT_EQ(c.min_size, 1);
    EXPECT_EQ(c.max_size, 100);
  }
  EXPECT_EQ(covered, 9u);  // 4 GEMMs, activation, rope, norm, residual, embedding
  EXPECT_EQ(model.tables().Coverage().size(), kNumOpKinds);
}

}  // namespace
}  // namespace gpuplan
