#include "calibrate/harness/cpu_reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "calibrate/errors.h"

namespace gpuplan::calibrate {
namespace {

TEST(CpuReferenceTest, TwoTokenCausalAttentionByHand) {
  // One head, head_dim 2, scale 1. q0 = (1,0), q1 = (0,1); k0 = (1,0), k1 = (0,1);
  // v0 = (1,2), v1 = (3,4). Query 0 sees key 0 only: out0 = v0. Query 1 sees both keys with
  // scores (0, 1): out1 = (v0 + e v1) / (1 + e).
  const AttentionDims dims{1, 2, 2, 1, 1, 2};
  const std::vector<float> q = {1, 0, 0, 1};
  const std::vector<float> k = {1, 0, 0, 1};
  const std::vector<float> v = {1, 2, 3, 4};
  std::vector<double> out(4);
  PrefillAttentionReference(dims, q, k, v, 1.0, out);
  const double e = std::exp(1.0);
  EXPECT_DOUBLE_EQ(out[0], 1);
  EXPECT_DOUBLE_EQ(out[1], 2);
  EXPECT_NEAR(out[2], (1 + 3 * e) / (1 + e), 1e-12);
  EXPECT_NEAR(out[3], (2 + 4 * e) / (1 + e), 1e-12);
}

TEST(CpuReferenceTest, ChunkedQueriesSitAtTheEndOfTheContext) {
  // kv_len 3, q_len 1: the single query is position 2 and sees all three keys equally when its
  // scores are equal: out = mean(v).
  const AttentionDims dims{1, 1, 3, 1, 1, 2};
  EXPECT_EQ(CausalKeys(dims, 0), 3);
  const std::vector<float> q = {0, 0};
  const std::vector<float> k = {1, 2, 3, 4, 5, 6};
  const std::vector<float> v = {1, 0, 2, 0, 6, 3};
  std::vector<double> out(2);
  PrefillAttentionReference(dims, q, k, v, 0.5, out);
  EXPECT_NEAR(out[0], 3, 1e-12);
  EXPECT_NEAR(out[1], 1, 1e-12);
  const AttentionDims too_long{1, 4, 3, 1, 1, 2};
  std::vector<double> unused(8);
  EXPECT_THROW(PrefillAttentionReference(too_long, std::vector<float>(8), k, v, 1, unused),
               CalibrateError);
}

TEST(CpuReferenceTest, GroupedQueryHeadsShareTheirKvHead) {
  // Two query heads, one KV head, one token: both heads see the single key, out = v.
  const AttentionDims dims{1, 1, 1, 2, 1, 2};
  const std::vector<float> q = {5, -3, 0.5, 2};
  const std::vector<float> k = {1, 1};
  const std::vector<float> v = {7, 8};
  std::vector<double> out(4);
  PrefillAttentionReference(dims, q, k, v, 1.0, out);
  EXPECT_EQ(out, (std::vector<double>{7, 8, 7, 8}));
}

TEST(CpuReferenceTest, PagedGatherFollowsTheBlockTable) {
  // 3 pages of block_size 2, 2 KV heads, head_dim 1: element value = its flat index.
  // Sequence of 3 tokens in pages {2, 0}: tokens 0,1 in page 2, token 2 in page 0 offset 0.
  // KV head 1: index = ((page * 2 + offset) * 2 + 1).
  const std::vector<int> table = {2, 0};
  const auto rows =
      GatherPagedHead([](int64_t i) { return static_cast<float>(i); }, table, 3, 2, 2, 1, 1);
  EXPECT_EQ(rows, (std::vector<float>{9, 11, 1}));
}

TEST(CpuReferenceTest, RmsNormByHand) {
  // x = (3, 4): mean square 12.5; eps 0 -> x / sqrt(12.5) * w.
  const std::vector<float> x = {3, 4};
  const std::vector<float> w = {1, 2};
  std::vector<double> out(2);
  RmsNormRow(x, w, 0.0, out);
  EXPECT_NEAR(out[0], 3 / std::sqrt(12.5), 1e-12);
  EXPECT_NEAR(out[1], 8 / std::sqrt(12.5), 1e-12);
}

TEST(CpuReferenceTest, RopeRotatesPairsHalfAHeadApart) {
  // head_dim 4, position 1, theta 10000: pair 0 angle 1 rad, pair 1 angle 10000^(-1/2) = 0.01.
  const auto table = RopeCosSinTable(2, 4, 10000.0);
  EXPECT_FLOAT_EQ(table[0], 1.0f);  // position 0: cos 1
  EXPECT_FLOAT_EQ(table[2], 0.0f);  // position 0: sin 0
  const std::span<const float> row(table.data() + 4, 4);
  EXPECT_FLOAT_EQ(row[0], static_cast<float>(std::cos(1.0)));
  EXPECT_FLOAT_EQ(row[3], static_cast<float>(std::sin(0.01)));
  const std::vector<float> x = {1, 0, 0, 1};  // pair 0 = (1, 0), pair 1 = (0, 1)
  std::vector<double> out(4);
  RopeNeoxHead(x, row, out);
  EXPECT_NEAR(out[0], std::cos(1.0), 1e-7);
  EXPECT_NEAR(out[2], std::sin(1.0), 1e-7);
  EXPECT_NEAR(out[1], -std::sin(0.01), 1e-7);
  EXPECT_NEAR(out[3], std::cos(0.01), 1e-7);
}

TEST(CpuReferenceTest, SiluAndMul) {
  EXPECT_DOUBLE_EQ(Silu(0), 0);
  EXPECT_NEAR(Silu(1), 1 / (1 + std::exp(-1.0)), 1e-15);
  const std::vector<float> gate = {0, 2};
  const std::vector<float> up = {5, 3};
  std::vector<double> out(2);
  SiluAndMulRow(gate, up, out);
  EXPECT_DOUBLE_EQ(out[0], 0);
  EXPECT_NEAR(out[1], 3 * 2 / (1 + std::exp(-2.0)), 1e-12);
}

TEST(CpuReferenceTest, ErrorNormIsRelativeL2AndFailsOnNan) {
  ErrorNorm norm;
  norm.Add(3.0, 3.0);
  norm.Add(4.1, 4.0);  // ||diff|| = 0.1, ||ref|| = 5
  EXPECT_NEAR(norm.Relative(), 0.02, 1e-12);
  EXPECT_TRUE(norm.Passes(0.03));
  EXPECT_FALSE(norm.Passes(0.01));
  norm.Add(std::numeric_limits<double>::quiet_NaN(), 1.0);
  EXPECT_TRUE(norm.non_finite());
  EXPECT_FALSE(norm.Passes(1.0));
  EXPECT_NE(norm.Describe().find("1 not finite"), std::string::npos);
  EXPECT_FALSE(ErrorNorm().Passes(1.0));  // nothing compared is not a pass
  ErrorNorm scanned;
  scanned.Add(1.0, 1.0);
  scanned.AddNonFinite(3);
  EXPECT_EQ(scanned.count(), 4);
  EXPECT_FALSE(scanned.Passes(1.0));
}

}  // namespace
}  // namespace gpuplan::calibrate
