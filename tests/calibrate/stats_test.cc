#include "calibrate/harness/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "calibrate/errors.h"

namespace gpuplan::calibrate {
namespace {

TEST(StatsTest, FiveSamplesByHand) {
  // Sorted: 1 2 3 4 10. Median = 3; p90 at position 0.9 * 4 = 3.6 -> 4 + 0.6 * (10 - 4) = 7.6.
  // Mean = 4; sample variance = (9 + 4 + 1 + 0 + 36) / 4 = 12.5.
  const std::vector<double> samples = {10, 2, 4, 1, 3};
  const Stats stats = Summarize(samples);
  EXPECT_EQ(stats.repeats, 5);
  EXPECT_DOUBLE_EQ(stats.min_us, 1);
  EXPECT_DOUBLE_EQ(stats.max_us, 10);
  EXPECT_DOUBLE_EQ(stats.median_us, 3);
  EXPECT_DOUBLE_EQ(stats.mean_us, 4);
  EXPECT_DOUBLE_EQ(stats.p90_us, 7.6);
  EXPECT_DOUBLE_EQ(stats.std_us, std::sqrt(12.5));
}

TEST(StatsTest, EvenCountMedianAveragesTheMiddlePair) {
  const std::vector<double> samples = {4, 1, 3, 2};
  const Stats stats = Summarize(samples);
  EXPECT_DOUBLE_EQ(stats.median_us, 2.5);
  // p90 at position 0.9 * 3 = 2.7 -> 3 + 0.7 * (4 - 3).
  EXPECT_DOUBLE_EQ(stats.p90_us, 3.7);
}

TEST(StatsTest, SingleSampleHasZeroSpread) {
  const std::vector<double> samples = {7.5};
  const Stats stats = Summarize(samples);
  EXPECT_EQ(stats.repeats, 1);
  EXPECT_DOUBLE_EQ(stats.median_us, 7.5);
  EXPECT_DOUBLE_EQ(stats.p90_us, 7.5);
  EXPECT_DOUBLE_EQ(stats.std_us, 0);
}

TEST(StatsTest, RejectsEmptyAndNonFinite) {
  EXPECT_THROW(Summarize(std::vector<double>{}), CalibrateError);
  EXPECT_THROW(Summarize(std::vector<double>{1, std::numeric_limits<double>::quiet_NaN()}),
               CalibrateError);
  EXPECT_THROW(Summarize(std::vector<double>{std::numeric_limits<double>::infinity()}),
               CalibrateError);
}

TEST(StatsTest, PercentileEnds) {
  const std::vector<double> sorted = {1, 2, 3};
  EXPECT_DOUBLE_EQ(PercentileOfSorted(sorted, 0), 1);
  EXPECT_DOUBLE_EQ(PercentileOfSorted(sorted, 100), 3);
  EXPECT_THROW(PercentileOfSorted(sorted, 101), CalibrateError);
}

}  // namespace
}  // namespace gpuplan::calibrate
