#include "sim/metrics/quantile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/core/error.h"
#include "sim/core/rng.h"

namespace gpuplan {
namespace {

QuantileEstimator Of(const std::vector<double>& values, QuantileEstimator::Options options = {}) {
  QuantileEstimator estimator(options);
  for (double v : values) estimator.Add(v);
  return estimator;
}

// numpy.quantile's default ("linear") on sorted values, written out independently of the
// estimator, for comparisons on large samples.
double ReferenceQuantile(const std::vector<double>& sorted, double q) {
  const double h = static_cast<double>(sorted.size() - 1) * q;
  const auto lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

TEST(QuantileTest, EmptyHasNoValues) {
  QuantileEstimator e;
  EXPECT_EQ(e.count(), 0u);
  EXPECT_TRUE(std::isnan(e.Quantile(0.5)));
  EXPECT_TRUE(std::isnan(e.mean()));
  EXPECT_TRUE(std::isnan(e.min()));
  EXPECT_TRUE(std::isnan(e.stddev()));
}

TEST(QuantileTest, ExactQuantilesInterpolateBetweenClosestRanks) {
  const QuantileEstimator e = Of({4, 1, 3, 2});
  EXPECT_TRUE(e.exact());
  EXPECT_DOUBLE_EQ(e.Percentile(50), 2.5);   // h = 1.5
  EXPECT_DOUBLE_EQ(e.Percentile(25), 1.75);  // h = 0.75
  EXPECT_DOUBLE_EQ(e.Percentile(90), 3.7);   // h = 2.7
  EXPECT_DOUBLE_EQ(e.Percentile(0), 1);
  EXPECT_DOUBLE_EQ(e.Percentile(100), 4);
}

TEST(QuantileTest, ExactQuantilesOfFiveValues) {
  const QuantileEstimator e = Of({50, 10, 40, 20, 30});
  EXPECT_DOUBLE_EQ(e.Percentile(50), 30);    // h = 2
  EXPECT_DOUBLE_EQ(e.Percentile(95), 48);    // h = 3.8: 40 + 0.8 x 10
  EXPECT_DOUBLE_EQ(e.Percentile(99), 49.6);  // h = 3.96
  EXPECT_DOUBLE_EQ(e.Percentile(10), 14);    // h = 0.4
}

TEST(QuantileTest, SingleValueIsEveryQuantile) {
  const QuantileEstimator e = Of({7.25});
  for (double p : {0.0, 50.0, 99.9, 100.0}) EXPECT_EQ(e.Percentile(p), 7.25);
}

TEST(QuantileTest, MomentsAreExact) {
  const QuantileEstimator e = Of({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_EQ(e.count(), 8u);
  EXPECT_DOUBLE_EQ(e.sum(), 40);
  EXPECT_DOUBLE_EQ(e.mean(), 5);
  EXPECT_DOUBLE_EQ(e.stddev(), 2);  // population: sqrt(32 / 8)
  EXPECT_EQ(e.min(), 2);
  EXPECT_EQ(e.max(), 9);
}

TEST(QuantileTest, AddingAfterAQuantileKeepsResultsRight) {
  QuantileEstimator e = Of({3, 1});
  EXPECT_DOUBLE_EQ(e.Percentile(50), 2);
  e.Add(0);  // out of order after the lazy sort
  EXPECT_DOUBLE_EQ(e.Percentile(50), 1);
}

TEST(QuantileTest, RejectsNonFiniteValuesAndBadQuantiles) {
  QuantileEstimator e;
  EXPECT_THROW(e.Add(std::nan("")), InternalError);
  EXPECT_THROW(e.Add(INFINITY), InternalError);
  e.Add(1);
  EXPECT_THROW(e.Quantile(1.5), InternalError);
  EXPECT_THROW(e.Quantile(-0.1), InternalError);
}

TEST(QuantileTest, SketchStaysWithinRelativeErrorOnTwoMillionLognormals) {
  Rng rng(42, 9);
  QuantileEstimator e;  // default cap 1,000,000: folds halfway through
  std::vector<double> values;
  values.reserve(2'000'000);
  for (int i = 0; i < 2'000'000; ++i) {
    values.push_back(rng.LogNormal(std::log(200.0), 1.0));  // latencies around 200 ms
    e.Add(values.back());
  }
  ASSERT_FALSE(e.exact());
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const double a = e.options().relative_accuracy;
  double worst = 0;
  for (double q : {0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0}) {
    const double exact = ReferenceQuantile(sorted, q);
    const double error = std::abs(e.Quantile(q) - exact) / exact;
    EXPECT_LE(error, a * (1 + 1e-9)) << "q = " << q;
    worst = std::max(worst, error);
  }
  EXPECT_GT(worst, 0.0);  // it really is an estimate
  // Count, min, max stay exact; the mean to rounding.
  EXPECT_EQ(e.count(), 2'000'000u);
  EXPECT_EQ(e.min(), sorted.front());
  EXPECT_EQ(e.max(), sorted.back());
  double sum = 0;
  for (double v : sorted) sum += v;
  EXPECT_NEAR(e.mean(), sum / 2e6, 1e-9 * e.mean());
}

TEST(QuantileTest, SketchHandlesZerosAndNegatives) {
  QuantileEstimator::Options sketch_only;
  sketch_only.exact_cap = 0;
  std::vector<double> values;
  for (int i = -100; i <= 100; ++i) values.push_back(i);
  const QuantileEstimator e = Of(values, sketch_only);
  ASSERT_FALSE(e.exact());
  EXPECT_EQ(e.Percentile(50), 0);                  // x[100] = 0, counted exactly
  EXPECT_EQ(e.Percentile(0), -100);                // clamped to the exact min
  EXPECT_EQ(e.Percentile(100), 100);               // and max
  EXPECT_NEAR(e.Percentile(25), -50, 50 * 0.005);  // x[50]
  EXPECT_NEAR(e.Percentile(75), 50, 50 * 0.005);   // x[150]
}

TEST(QuantileTest, ExactMergeEqualsUnion) {
  QuantileEstimator a = Of({1, 2});
  const QuantileEstimator b = Of({3, 4});
  a.Merge(b);
  EXPECT_TRUE(a.exact());
  EXPECT_EQ(a.count(), 4u);
  EXPECT_DOUBLE_EQ(a.Percentile(50), 2.5);
  EXPECT_DOUBLE_EQ(a.mean(), 2.5);
  EXPECT_DOUBLE_EQ(a.stddev(), std::sqrt(1.25));
  EXPECT_EQ(a.min(), 1);
  EXPECT_EQ(a.max(), 4);
  QuantileEstimator empty;
  empty.Merge(a);
  EXPECT_DOUBLE_EQ(empty.Percentile(90), 3.7);
}

// Merging past the cap and merging two sketches give the same estimator as one fed the union.
TEST(QuantileTest, SketchMergeEqualsUnion) {
  QuantileEstimator::Options small;
  small.exact_cap = 1000;
  Rng rng(3, 4);
  std::vector<std::vector<double>> parts(3);
  for (auto& part : parts) {
    for (int i = 0; i < 700; ++i) part.push_back(rng.LogNormal(3, 1.5));
  }
  QuantileEstimator all(small);
  for (const auto& part : parts) {
    for (double v : part) all.Add(v);
  }
  QuantileEstimator merged = Of(parts[0], small);  // exact
  merged.Merge(Of(parts[1], small));               // exact + exact, past the cap
  ASSERT_FALSE(merged.exact());
  merged.Merge(Of(parts[2], small));  // sketch + exact
  ASSERT_FALSE(all.exact());
  EXPECT_EQ(merged.count(), all.count());
  for (double q : {0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0}) {
    EXPECT_EQ(merged.Quantile(q), all.Quantile(q)) << q;
  }
  EXPECT_DOUBLE_EQ(merged.mean(), all.mean());
  EXPECT_DOUBLE_EQ(merged.stddev(), all.stddev());

  // Two sketches.
  QuantileEstimator::Options tiny;
  tiny.exact_cap = 10;
  QuantileEstimator s1 = Of(parts[0], tiny), s2 = Of(parts[1], tiny), u(tiny);
  for (double v : parts[0]) u.Add(v);
  for (double v : parts[1]) u.Add(v);
  s2.Merge(s1);  // order must not matter
  for (double q : {0.0, 0.25, 0.5, 0.95, 1.0}) EXPECT_EQ(s2.Quantile(q), u.Quantile(q)) << q;
}

TEST(QuantileTest, MergingDifferentAccuraciesIsABug) {
  QuantileEstimator::Options coarse;
  coarse.relative_accuracy = 0.01;
  QuantileEstimator a = Of({1});
  EXPECT_THROW(a.Merge(Of({2}, coarse)), InternalError);
}

}  // namespace
}  // namespace gpuplan
