#include "sim/plan/confidence.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

using ::testing::HasSubstr;

TEST(StudentTQuantileTest, MatchesTableValues) {
  // Two-sided 95% = one-sided 0.975 quantiles from any t table.
  EXPECT_NEAR(StudentTQuantile(0.95, 1), 12.706, 1e-3);
  EXPECT_NEAR(StudentTQuantile(0.95, 2), 4.303, 1e-3);
  EXPECT_NEAR(StudentTQuantile(0.95, 4), 2.776, 1e-3);
  EXPECT_NEAR(StudentTQuantile(0.95, 9), 2.262, 1e-3);
  EXPECT_NEAR(StudentTQuantile(0.95, 29), 2.045, 1e-3);
  EXPECT_NEAR(StudentTQuantile(0.95, 1000), 1.962, 1e-3);
  // Other levels: t(0.95, 10) = 1.812 (two-sided 90%), t(0.995, 5) = 4.032 (two-sided 99%).
  EXPECT_NEAR(StudentTQuantile(0.90, 10), 1.812, 1e-3);
  EXPECT_NEAR(StudentTQuantile(0.99, 5), 4.032, 1e-3);
}

TEST(StudentTQuantileTest, ClosedFormsForOneAndTwoDegrees) {
  // dof 1 (Cauchy): t = tan(pi/2 x 0.95) = 12.7062047; dof 2: t = 2p / sqrt(2 (1 - p^2)) with p =
  // 0.95, i.e. sqrt(2 / (1/p^2 - 1)) = 4.30265273.
  EXPECT_NEAR(StudentTQuantile(0.95, 1), std::tan(std::numbers::pi / 2 * 0.95), 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.95, 2), std::sqrt(2 / (1 / (0.95 * 0.95) - 1)), 1e-9);
}

TEST(StudentTQuantileTest, ApproachesTheNormalQuantile) {
  EXPECT_NEAR(StudentTQuantile(0.95, 100000), 1.95996, 1e-4);
  EXPECT_GT(StudentTQuantile(0.95, 29), StudentTQuantile(0.95, 30));
}

TEST(StudentTQuantileTest, RejectsBadArguments) {
  EXPECT_THROW(StudentTQuantile(0.95, 0), ConfigError);
  EXPECT_THROW(StudentTQuantile(1.0, 5), ConfigError);
  EXPECT_THROW(StudentTQuantile(0.0, 5), ConfigError);
  EXPECT_THROW(StudentTQuantile(std::nan(""), 5), ConfigError);
}

TEST(ConfidenceIntervalTest, FiveSeedsByHand) {
  // Values 10, 12, 14, 16, 18: mean 14; squared deviations 16 + 4 + 0 + 4 + 16 = 40; s^2 = 40 / 4
  // = 10; s = sqrt(10) = 3.162278; s / sqrt(5) = sqrt(2) = 1.414214; half width = 2.776445 x
  // 1.414214 = 3.926486.
  ConfidenceInterval ci = MeanConfidenceInterval({10, 12, 14, 16, 18});
  EXPECT_EQ(ci.n, 5);
  EXPECT_DOUBLE_EQ(ci.mean, 14);
  EXPECT_NEAR(ci.stddev, 3.162278, 1e-6);
  EXPECT_NEAR(ci.t, 2.776445, 1e-6);
  EXPECT_NEAR(ci.half_width, 3.926486, 1e-6);
  EXPECT_NEAR(ci.lower, 10.073514, 1e-6);
  EXPECT_NEAR(ci.upper, 17.926486, 1e-6);
  EXPECT_EQ(ci.confidence, 0.95);
}

TEST(ConfidenceIntervalTest, IdenticalSeedsHaveNoWidth) {
  ConfidenceInterval ci = MeanConfidenceInterval({250, 250, 250});
  EXPECT_DOUBLE_EQ(ci.half_width, 0);
  EXPECT_DOUBLE_EQ(ci.upper, 250);
}

TEST(ConfidenceIntervalTest, NeedsTwoFiniteValues) {
  try {
    MeanConfidenceInterval({42});
    FAIL() << "accepted one seed";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "a confidence interval needs at least 2 independent seeds; got 1");
  }
  try {
    MeanConfidenceInterval({1, std::nan(""), 3});
    FAIL() << "accepted NaN";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("seed 2 of 3 has value nan"));
  }
}

TEST(SloMarginTest, HeadroomFromTheUpperBound) {
  ConfidenceInterval ci = MeanConfidenceInterval({10, 12, 14, 16, 18});  // upper 17.926486
  // (20 - 17.926486) / 20 = 0.103676: 10.4% of the SLO left.
  EXPECT_NEAR(SloMargin(20, ci), 0.103676, 1e-6);
  // The mean (14) is within 17 ms, but the upper bound is not: (17 - 17.926486) / 17 < 0.
  EXPECT_LT(SloMargin(17, ci), 0);
  EXPECT_NEAR(SloMargin(ci.upper, ci), 0, 1e-12);  // boundary: exactly at the threshold
  EXPECT_THROW(SloMargin(0, ci), ConfigError);
}

}  // namespace
}  // namespace gpuplan
