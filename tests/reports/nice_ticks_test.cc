#include "reports/charts/nice_ticks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace gpuplan::report {
namespace {

using Values = std::vector<double>;

void ExpectTicks(const Ticks& ticks, const Values& expected) {
  ASSERT_EQ(ticks.values.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_DOUBLE_EQ(ticks.values[i], expected[i]) << "tick " << i;
  }
  EXPECT_DOUBLE_EQ(ticks.min, expected.front());
  EXPECT_DOUBLE_EQ(ticks.max, expected.back());
}

TEST(NiceNumberTest, RoundsToOneTwoFiveTimesPowersOfTen) {
  EXPECT_DOUBLE_EQ(NiceNumber(1.4, true), 1);
  EXPECT_DOUBLE_EQ(NiceNumber(1.6, true), 2);
  EXPECT_DOUBLE_EQ(NiceNumber(19.4, true), 20);
  EXPECT_DOUBLE_EQ(NiceNumber(0.0072, true), 0.01);
  EXPECT_DOUBLE_EQ(NiceNumber(0.0068, true), 0.005);
  EXPECT_DOUBLE_EQ(NiceNumber(4.2, true), 5);
  // Without rounding: the smallest nice number not below x.
  EXPECT_DOUBLE_EQ(NiceNumber(97, false), 100);
  EXPECT_DOUBLE_EQ(NiceNumber(0.074, false), 0.1);
  EXPECT_DOUBLE_EQ(NiceNumber(2, false), 2);
  EXPECT_DOUBLE_EQ(NiceNumber(2.01, false), 5);
  EXPECT_DOUBLE_EQ(NiceNumber(0, true), 1);  // degenerate input gives a usable step
}

TEST(NiceTicksTest, ZeroToNinetySevenStepsByTwenty) {
  Ticks ticks = NiceTicks(0, 97);
  ExpectTicks(ticks, {0, 20, 40, 60, 80, 100});
  EXPECT_DOUBLE_EQ(ticks.step, 20);
  EXPECT_EQ(ticks.decimals, 0);
}

TEST(NiceTicksTest, SmallFractionsStepByTwoHundredths) {
  Ticks ticks = NiceTicks(0.013, 0.087);
  ExpectTicks(ticks, {0, 0.02, 0.04, 0.06, 0.08, 0.1});
  EXPECT_EQ(ticks.decimals, 2);
  // Multiples, not sums: 0.06 is exactly the double nearest 0.06, not 0.060000000000000005.
  EXPECT_EQ(ticks.values[3], 0.06);
}

TEST(NiceTicksTest, HoursOfADayDoNotOvershootFarPastTheData) {
  ExpectTicks(NiceTicks(0, 24), {0, 5, 10, 15, 20, 25});
}

TEST(NiceTicksTest, NegativeRangesAndOffsets) {
  ExpectTicks(NiceTicks(-37, 12), {-40, -30, -20, -10, 0, 10, 20});
  ExpectTicks(NiceTicks(1013, 1087), {1000, 1020, 1040, 1060, 1080, 1100});
}

TEST(NiceTicksTest, DegenerateRangesStillHaveExtent) {
  Ticks single = NiceTicks(5, 5);
  EXPECT_LT(single.min, 5);
  EXPECT_GT(single.max, 5);
  Ticks zero = NiceTicks(0, 0);
  ExpectTicks(zero, {0, 0.2, 0.4, 0.6, 0.8, 1});
  double nan = std::numeric_limits<double>::quiet_NaN();
  Ticks from_nan = NiceTicks(nan, 10);
  EXPECT_LT(from_nan.min, from_nan.max);
  EXPECT_GE(from_nan.values.size(), 2u);
  // Swapped bounds are read as a range.
  ExpectTicks(NiceTicks(97, 0), {0, 20, 40, 60, 80, 100});
}

TEST(NiceTicksTest, HugeRangesAreCapped) {
  Ticks ticks = NiceTicks(-1e300, 1e300);
  EXPECT_LE(ticks.values.size(), 66u);
  EXPECT_GE(ticks.values.size(), 2u);
}

TEST(StepTicksTest, FixedStepForHoursOfADay) {
  Ticks ticks = StepTicks(0, 24, 6);
  ExpectTicks(ticks, {0, 6, 12, 18, 24});
  EXPECT_EQ(StepTicks(0, 1, 0.25).decimals, 2);
}

TEST(LogTicksTest, OneToTenThousandIsEveryDecade) {
  Ticks ticks = LogTicks(1, 10000);
  ExpectTicks(ticks, {1, 10, 100, 1000, 10000});
  EXPECT_EQ(ticks.decimals, 0);
}

TEST(LogTicksTest, CoversDataBetweenDecades) {
  ExpectTicks(LogTicks(3, 4000), {1, 10, 100, 1000, 10000});
}

TEST(LogTicksTest, NarrowRangesAddTwoAndFive) {
  ExpectTicks(LogTicks(2, 80), {1, 2, 5, 10, 20, 50, 100});
  Ticks small = LogTicks(0.02, 0.3);
  ExpectTicks(small, {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1});
  EXPECT_EQ(small.decimals, 2);
}

TEST(LogTicksTest, ManyDecadesLabelEverySecondOne) {
  Ticks ticks = LogTicks(1e-3, 1e9);  // 12 decades
  ExpectTicks(ticks, {1e-3, 1e-1, 1e1, 1e3, 1e5, 1e7, 1e9});
}

TEST(LogTicksTest, NonPositiveLowerBoundFallsBackBelowTheTop) {
  Ticks ticks = LogTicks(0, 1000);
  EXPECT_DOUBLE_EQ(ticks.min, 1);
  EXPECT_DOUBLE_EQ(ticks.max, 1000);
}

}  // namespace
}  // namespace gpuplan::report
