// DiffBundles: exact matches, interpolated matches, both sides of the tolerance boundary, and
// coverage changes.
#include "sim/calibration/bundle_diff.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/bundle/bundle_fixtures.h"

namespace gpuplan {
namespace {

using testing::MlpOpsTable;
using testing::TinyBundleModel;

Bundle WithMlp(const std::map<int64_t, double>& us_by_tokens) {
  Bundle b;
  b.models.push_back(TinyBundleModel());
  b.tables.push_back(MlpOpsTable(1, us_by_tokens, {"attn_pre_proj"}));
  return b;
}

TEST(BundleDiff, ExactlyAtTheToleranceIsNotDrift) {
  // (105 - 100) / 100 = 0.05 exactly, which is not more than 5%.
  const BundleDiff at = DiffBundles(WithMlp({{8, 100}}), WithMlp({{8, 105}}), 0.05);
  EXPECT_FALSE(at.HasDrift());
  EXPECT_EQ(at.compared, 1u);
  EXPECT_EQ(at.interpolated, 0u);
  const BundleDiff past = DiffBundles(WithMlp({{8, 100}}), WithMlp({{8, 105.01}}), 0.05);
  ASSERT_TRUE(past.HasDrift());
  ASSERT_EQ(past.drifted.size(), 1u);
  EXPECT_NEAR(past.drifted[0].change, 0.0501, 1e-12);
  EXPECT_EQ(past.drifted[0].a_us, 100);
  EXPECT_EQ(past.drifted[0].b_us, 105.01);
  EXPECT_EQ(past.drifted[0].key, "model=tiny op=attn_pre_proj num_tokens=8 tp=1 dtype=bf16");
  // Faster counts too.
  EXPECT_TRUE(DiffBundles(WithMlp({{8, 100}}), WithMlp({{8, 94.9}}), 0.05).HasDrift());
}

// A measured 10 tokens at 55 us; B measured 1 and 100 tokens (10 and 100 us): interpolated
// in log(size) B gives 55 us at 10 tokens, so nothing drifted.
TEST(BundleDiff, InterpolatesWhereBMeasuredOtherSizes) {
  const BundleDiff diff = DiffBundles(WithMlp({{10, 55}}), WithMlp({{1, 10}, {100, 100}}), 0.01);
  EXPECT_FALSE(diff.HasDrift());
  EXPECT_EQ(diff.compared, 1u);
  EXPECT_EQ(diff.interpolated, 1u);
  EXPECT_EQ(diff.only_in_b, 2u);  // A's single size cannot be interpolated to B's sizes
  const BundleDiff slower = DiffBundles(WithMlp({{10, 50}}), WithMlp({{1, 10}, {100, 100}}), 0.05);
  ASSERT_EQ(slower.drifted.size(), 1u);
  EXPECT_TRUE(slower.drifted[0].interpolated);
  EXPECT_NEAR(slower.drifted[0].change, 0.1, 1e-12);  // 55 vs 50
}

// Sizes of A outside B's range cannot be compared: coverage lost, which fails the gate; what B
// measured beyond A does not.
TEST(BundleDiff, LostCoverageIsDriftGainedCoverageIsNot) {
  const BundleDiff lost = DiffBundles(WithMlp({{1, 10}, {1000, 900}}), WithMlp({{1, 10}}), 0.05);
  EXPECT_TRUE(lost.HasDrift());
  EXPECT_TRUE(lost.drifted.empty());
  EXPECT_EQ(lost.compared, 1u);
  EXPECT_EQ(lost.only_in_a, 1u);
  const BundleDiff gained = DiffBundles(WithMlp({{1, 10}}), WithMlp({{1, 10}, {1000, 900}}), 0.05);
  EXPECT_FALSE(gained.HasDrift());
  EXPECT_EQ(gained.only_in_b, 1u);
}

TEST(BundleDiff, FamiliesInOneBundleOnly) {
  Bundle b = WithMlp({{8, 100}});
  b.tables.push_back(testing::CollectiveTable(BundleFamily::kAllReduce, 2, 2, {{2048, 10}}));
  const BundleDiff gained = DiffBundles(WithMlp({{8, 100}}), b, 0.05);
  EXPECT_FALSE(gained.HasDrift());
  EXPECT_EQ(gained.families_only_in_b, std::vector<std::string>{"all_reduce.csv"});
  EXPECT_EQ(gained.only_in_b, 1u);
  const BundleDiff lost = DiffBundles(b, WithMlp({{8, 100}}), 0.05);
  EXPECT_TRUE(lost.HasDrift());
  EXPECT_EQ(lost.families_only_in_a, std::vector<std::string>{"all_reduce.csv"});
}

TEST(BundleDiff, NothingComparableIsDrift) {
  Bundle other;
  other.tables.push_back(testing::CollectiveTable(BundleFamily::kAllReduce, 2, 2, {{2048, 10}}));
  EXPECT_TRUE(DiffBundles(Bundle{}, other, 0.05).HasDrift());
}

TEST(BundleDiff, ReportNamesEachDriftedOpWithBothValues) {
  const BundleDiff diff =
      DiffBundles(WithMlp({{8, 100}, {16, 200}}), WithMlp({{8, 110}, {16, 200}}), 0.05);
  std::ostringstream out;
  PrintDiff(diff, "a", "b", 10, out);
  EXPECT_NE(out.str().find("1 ops drifted by more than 5.0%"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("mlp_ops.csv             100.000      110.000    +10.0%  model=tiny "
                           "op=attn_pre_proj num_tokens=8"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("DRIFT"), std::string::npos);
}

TEST(BundleDiff, ParsesTolerances) {
  EXPECT_EQ(*ParseTolerance("5%"), 0.05);
  EXPECT_EQ(*ParseTolerance("0.05"), 0.05);
  EXPECT_EQ(*ParseTolerance("0"), 0);
  EXPECT_FALSE(ParseTolerance("-1%").has_value());
  EXPECT_FALSE(ParseTolerance("five").has_value());
  EXPECT_FALSE(ParseTolerance("").has_value());
}

}  // namespace
}  // namespace gpuplan
