#include "calibrate/harness/planning.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace gpuplan::calibrate {
namespace {

TEST(PlanningTest, RepeatsAimAtTheTargetTimeWithinBounds) {
  const TimingBudget budget{5, 30, 200, 50.0};
  EXPECT_EQ(ChooseRepeats(1000.0, budget), 50);   // 50 ms / 1 ms
  EXPECT_EQ(ChooseRepeats(10.0, budget), 200);    // capped
  EXPECT_EQ(ChooseRepeats(20000.0, budget), 30);  // floored
  EXPECT_EQ(ChooseRepeats(0.0, budget), 200);
  EXPECT_EQ(ChooseRepeats(NAN, budget), 200);
}

TEST(PlanningTest, QuickBudgetIsSmaller) {
  EXPECT_LT(QuickBudget().max_repeats, FullBudget().max_repeats);
  EXPECT_LT(QuickBudget().target_ms, FullBudget().target_ms);
}

TEST(PlanningTest, RotationCoversFourTimesL2) {
  const int64_t l2 = 50 << 20;
  EXPECT_EQ(RotationSets(1 << 30, l2, int64_t{8} << 30), 1);    // one copy is already larger
  EXPECT_EQ(RotationSets(100 << 20, l2, int64_t{8} << 30), 2);  // 200 MB / 100 MB
  EXPECT_EQ(RotationSets(30 << 20, l2, int64_t{8} << 30), 7);   // ceil(200 / 30)
  EXPECT_EQ(RotationSets(1024, l2, int64_t{8} << 30), kMaxRotationSets);
  EXPECT_EQ(RotationSets(30 << 20, l2, 100 << 20), 3);  // memory cap
  EXPECT_EQ(RotationSets(30 << 20, l2, 10 << 20), 1);   // never below one
  EXPECT_EQ(RotationSets(0, l2, 10 << 20), 1);
}

TEST(PlanningTest, DecodeSplitsFillTheGpuForSmallBatches) {
  const int sms = 132;                                             // target 528 blocks
  EXPECT_EQ(ChooseDecodeSplits(256 * 8, 4096, sms), 1);            // batch 256 x 8 KV heads
  EXPECT_EQ(ChooseDecodeSplits(32 * 8, 4096, sms), 3);             // ceil(528 / 256)
  EXPECT_EQ(ChooseDecodeSplits(8, 32768, sms), kMaxDecodeSplits);  // ceil(528 / 8) = 66 -> 64
  EXPECT_EQ(ChooseDecodeSplits(8, 1024, sms), 4);  // at most one split per 256 tokens
  EXPECT_EQ(ChooseDecodeSplits(8, 100, sms), 1);
}

TEST(PlanningTest, SampleIndicesIncludeBothEnds) {
  const std::vector<int> some = SampleIndices(1000, 6, 7);
  ASSERT_EQ(some.size(), 6u);
  EXPECT_EQ(some.front(), 0);
  EXPECT_EQ(some.back(), 999);
  EXPECT_TRUE(std::is_sorted(some.begin(), some.end()));
  EXPECT_EQ(std::adjacent_find(some.begin(), some.end()), some.end());
  EXPECT_EQ(SampleIndices(1000, 6, 7), some);  // same seed, same picks
  EXPECT_EQ(SampleIndices(3, 6, 7), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(SampleIndices(1, 2, 7), (std::vector<int>{0}));
  EXPECT_TRUE(SampleIndices(0, 2, 7).empty());
}

}  // namespace
}  // namespace gpuplan::calibrate
