#include "calibrate/sweep.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace gpuplan::calibrate {
namespace {

const ModelShape& Llama8b() { return *FindBuiltinModel("llama-3.1-8b"); }

TEST(SweepTest, GemmGroupsForOneModelAndTp) {
  const SweepPlan plan = BuildSweep({Llama8b()}, {1}, {Dtype::kBf16}, true);
  ASSERT_EQ(plan.gemm.size(), 5u);
  EXPECT_EQ(plan.gemm[0].op, "qkv");
  EXPECT_EQ(plan.gemm[0].n, 6144);
  EXPECT_EQ(plan.gemm[0].k, 4096);
  EXPECT_EQ(plan.gemm[1].op, "o");
  EXPECT_EQ(plan.gemm[1].n, 4096);
  EXPECT_EQ(plan.gemm[1].k, 4096);
  EXPECT_EQ(plan.gemm[2].n, 28672);
  EXPECT_EQ(plan.gemm[3].k, 14336);
  EXPECT_EQ(plan.gemm[4].op, "lm_head");
  EXPECT_EQ(plan.gemm[4].n, 128256);
  EXPECT_EQ(plan.gemm[0].ms, GemmTokenCounts(true));
  EXPECT_EQ(GemmTokenCounts(true).front(), 1);
  EXPECT_EQ(GemmTokenCounts(false).back(), 16384);
}

TEST(SweepTest, Fp8KeepsTheLmHeadInBf16) {
  const SweepPlan plan = BuildSweep({Llama8b()}, {1}, {Dtype::kFp8}, true);
  ASSERT_EQ(plan.gemm.size(), 5u);
  EXPECT_EQ(plan.gemm[4].op, "lm_head");
  EXPECT_EQ(plan.gemm[4].dtype, Dtype::kBf16);
  EXPECT_EQ(plan.gemm[0].dtype, Dtype::kFp8);
  const SweepPlan both = BuildSweep({Llama8b()}, {1}, {Dtype::kBf16, Dtype::kFp8}, true);
  EXPECT_EQ(both.gemm.size(), 9u);  // 5 bf16 + 4 fp8
}

TEST(SweepTest, SharedShapesAreMeasuredOnce) {
  // mistral-7b has llama-3.1-8b's layer shapes; only its LM head (vocab 32768) differs.
  const SweepPlan plan =
      BuildSweep({Llama8b(), *FindBuiltinModel("mistral-7b")}, {1}, {Dtype::kBf16}, true);
  EXPECT_EQ(plan.gemm.size(), 6u);
  const SweepPlan one = BuildSweep({Llama8b()}, {1}, {Dtype::kBf16}, true);
  EXPECT_EQ(plan.prefill.size(), one.prefill.size());
  EXPECT_EQ(plan.decode.size(), one.decode.size());
}

TEST(SweepTest, AttentionCasesUsePerGpuHeads) {
  const SweepPlan plan = BuildSweep({Llama8b()}, {2}, {Dtype::kBf16}, true);
  ASSERT_FALSE(plan.prefill.empty());
  for (const PrefillCase& c : plan.prefill) {
    EXPECT_EQ(c.q_heads, 16);
    EXPECT_EQ(c.kv_heads, 4);
    EXPECT_LE(c.q_len, c.kv_len);
  }
  const bool has_chunk = std::any_of(plan.prefill.begin(), plan.prefill.end(),
                                     [](const PrefillCase& c) { return c.q_len < c.kv_len; });
  EXPECT_TRUE(has_chunk);
  ASSERT_EQ(plan.decode.size(), 12u);  // 4 batches x 3 lengths
  for (const DecodeCase& c : plan.decode) {
    EXPECT_EQ(c.q_heads, 16);
    EXPECT_EQ(c.kv_heads, 4);
    EXPECT_EQ(c.block_size, 16);
  }
}

TEST(SweepTest, FullSweepCoversTheAcceptanceShapes) {
  const SweepPlan plan = BuildSweep({Llama8b()}, {1}, {Dtype::kBf16}, false);
  auto has_prefill = [&](int q, int kv, int d) {
    return std::any_of(plan.prefill.begin(), plan.prefill.end(), [&](const PrefillCase& c) {
      return c.batch == 1 && c.q_len == q && c.kv_len == kv && c.head_dim == d;
    });
  };
  EXPECT_TRUE(has_prefill(8192, 8192, 128));
  EXPECT_TRUE(has_prefill(8192, 8192, 64));
  EXPECT_TRUE(has_prefill(256, 32768, 128));
  const bool has_decode =
      std::any_of(plan.decode.begin(), plan.decode.end(),
                  [](const DecodeCase& c) { return c.batch == 32 && c.kv_len == 4096; });
  EXPECT_TRUE(has_decode);
  // 256 x 32768 tokens x 8 KV heads x 128 x 2 x 2 bytes = 32 GiB: left out, with a note.
  for (const DecodeCase& c : plan.decode) EXPECT_LE(DecodeKvBytes(c), kMaxDecodeKvBytes);
  EXPECT_FALSE(plan.notes.empty());
}

TEST(SweepTest, ElementwiseWidthsFollowTheDocumentedMeaning) {
  const SweepPlan plan = BuildSweep({Llama8b()}, {2}, {Dtype::kBf16, Dtype::kFp8}, true);
  auto find = [&](ElementwiseOp op, Dtype dtype) {
    return std::find_if(plan.elementwise.begin(), plan.elementwise.end(),
                        [&](const ElementwiseCase& c) { return c.op == op && c.dtype == dtype; });
  };
  EXPECT_EQ(find(ElementwiseOp::kRmsNorm, Dtype::kBf16)->hidden, 4096);
  EXPECT_EQ(find(ElementwiseOp::kRope, Dtype::kBf16)->hidden, (16 + 4) * 128);
  EXPECT_EQ(find(ElementwiseOp::kSiluAndMul, Dtype::kBf16)->hidden, 7168);
  EXPECT_EQ(find(ElementwiseOp::kKvCacheWrite, Dtype::kBf16)->hidden, 4 * 128);
  EXPECT_NE(find(ElementwiseOp::kKvCacheWrite, Dtype::kFp8), plan.elementwise.end());
  EXPECT_EQ(plan.elementwise.size(), 4u * 6u);  // 4 token counts x 6 (op, dtype)
  EXPECT_EQ(ElementwiseOpName(ElementwiseOp::kFusedAddRmsNorm), "fused_add_rms_norm");
}

}  // namespace
}  // namespace gpuplan::calibrate
