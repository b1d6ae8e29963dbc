#include "sim/latency/log_interpolation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace gpuplan {
namespace {

// Points (1 token, 10 us) and (100 tokens, 100 us). At 10 tokens the position in log(size) is
// (ln 10 - ln 1) / (ln 100 - ln 1) = 1/2, so the time is 10 + (100 - 10) / 2 = 55 us. (Linear
// in size would give 10 + 90 x 9/99 = 18.18 us; log-log would give 31.62 us.)
TEST(LogLinearCurve, InterpolatesLinearlyInLogSize) {
  const LogLinearCurve curve({{1, 10}, {100, 100}});
  EXPECT_NEAR(*curve.At(10), 55.0, 1e-12);
  // At sqrt(10) = 3.1623 tokens: t = 1/4, 10 + 90/4 = 32.5 us.
  EXPECT_NEAR(*curve.At(std::sqrt(10.0)), 32.5, 1e-12);
}

TEST(LogLinearCurve, ReturnsMeasuredSizesExactly) {
  const LogLinearCurve curve({{100, 100.25}, {1, 10.125}, {10, 20.5}});  // any input order
  EXPECT_EQ(*curve.At(1), 10.125);
  EXPECT_EQ(*curve.At(10), 20.5);
  EXPECT_EQ(*curve.At(100), 100.25);
  // Between 10 and 100: t = (ln 31.62 - ln 10) / (ln 100 - ln 10) = 1/2 -> (20.5 + 100.25) / 2.
  EXPECT_NEAR(*curve.At(std::sqrt(1000.0)), 60.375, 1e-9);
}

TEST(LogLinearCurve, HasNoValueOutsideTheMeasuredRange) {
  const LogLinearCurve curve({{2, 10}, {8, 40}});
  EXPECT_FALSE(curve.At(1.999).has_value());
  EXPECT_FALSE(curve.At(8.001).has_value());
  EXPECT_FALSE(curve.At(0).has_value());
  EXPECT_FALSE(LogLinearCurve().At(1).has_value());
  EXPECT_EQ(curve.min_size(), 2);
  EXPECT_EQ(curve.max_size(), 8);
}

TEST(LogLinearCurve, SinglePointAnswersOnlyThatSize) {
  const LogLinearCurve curve({{64, 7}});
  EXPECT_EQ(*curve.At(64), 7);
  EXPECT_FALSE(curve.At(63).has_value());
}

// Outer sizes 1 and 4, inner curve per outer. At outer 2, t = ln 2 / ln 4 = 1/2.
TEST(LogLinearGrid, InterpolatesAcrossBothAxes) {
  const LogLinearGrid grid({{1, 1, 10}, {1, 100, 100}, {4, 1, 20}, {4, 100, 300}});
  EXPECT_EQ(*grid.At(4, 100), 300);          // exact
  EXPECT_NEAR(*grid.At(1, 10), 55, 1e-12);   // inner only: as LogLinearCurve
  EXPECT_NEAR(*grid.At(4, 10), 160, 1e-12);  // 20 + 280 / 2
  EXPECT_NEAR(*grid.At(2, 10), (55 + 160) / 2.0, 1e-12);
  EXPECT_FALSE(grid.At(8, 10).has_value());   // outer out of range
  EXPECT_FALSE(grid.At(2, 200).has_value());  // inner out of range
  EXPECT_EQ(grid.points(), 4u);
}

}  // namespace
}  // namespace gpuplan
