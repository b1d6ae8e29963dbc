#include "sim/latency/error_stats.h"

#include <gtest/gtest.h>

namespace gpuplan {
namespace {

TEST(ErrorStatsTest, RelativeError) {
  EXPECT_DOUBLE_EQ(RelativeError(1.2, 1.0), 0.2);
  EXPECT_DOUBLE_EQ(RelativeError(0.5, 1.0), 0.5);
}

TEST(ErrorStatsTest, LinearInterpolationPercentile) {
  // rank = p/100 x (n - 1), interpolated between the two closest values (numpy's default).
  EXPECT_EQ(Percentile({}, 50), 0);
  EXPECT_EQ(Percentile({3, 1, 2}, 50), 2);
  EXPECT_EQ(Percentile({1, 2, 3, 4}, 50), 2.5);                              // rank 1.5
  EXPECT_NEAR(Percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90), 9.1, 1e-12);  // rank 8.1
  EXPECT_EQ(Percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 100), 10);
  EXPECT_EQ(Percentile({1, 2, 3}, 0), 1);
}

TEST(ErrorStatsTest, SummaryOfPairs) {
  ErrorAccumulator acc;
  acc.Add(1.1, 1.0);  // +10%
  acc.Add(0.8, 1.0);  // -20%
  acc.Add(1.3, 1.0);  // +30%
  const ErrorSummary s = acc.Summary();
  EXPECT_EQ(s.count, 3u);
  EXPECT_NEAR(s.median, 0.2, 1e-12);
  EXPECT_NEAR(s.p90, 0.28, 1e-12);  // |errors| {0.1, 0.2, 0.3}: rank 1.8 -> 0.2 + 0.8 x 0.1
  EXPECT_NEAR(s.mean, 0.2, 1e-12);
  EXPECT_NEAR(s.bias, 0.1, 1e-12);
}

}  // namespace
}  // namespace gpuplan
