// QuantileEstimator: quantiles of a stream of values (one latency metric of one run), exact for
// ordinary runs and within a documented relative error for huge ones, in bounded memory.
//
// count, sum, mean, min, max and the (population) standard deviation are always exact (up to
// floating-point rounding; the sum is compensated).
//
// Exact mode keeps every value, up to Options::exact_cap (default 1,000,000). Quantiles then use
// linear interpolation between closest ranks, numpy.quantile's default ("linear", type 7 of
// Hyndman & Fan 1996): for sorted x[0..n-1] and q in [0, 1],
//     h = (n - 1) q,  Quantile(q) = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
// So p50 of {1, 2, 3, 4} = 2.5, p0 = min, p100 = max.
//
// Past the cap, the values fold into a mergeable log-bucket sketch (DDSketch, Masson, Rim & Lee,
// VLDB 2019): with a = Options::relative_accuracy (default 0.005) and gamma = (1 + a) / (1 - a),
// bucket i counts the values v with gamma^(i-1) < |v| <= gamma^i and stands for
// 2 gamma^i / (gamma + 1), which is within relative error a of every value in the bucket. Zeros are
// counted exactly, negative values mirrored. Each order statistic x[k] is estimated from its
// bucket and the same interpolation as above runs on the estimates, so for values of one sign
// every quantile is within relative error a of the exact one (|estimate - exact| <= a |exact|);
// the smallest and largest order statistics are the exact min and max. Memory is one counter per
// bucket between the smallest and largest magnitude: ln(max / min) / ln(gamma), about 2,100
// counters (17 KB) for nine decades at a = 0.5%, whatever the count.
//
// Merge() combines estimators (replicas, seeds): the result is the estimator that would have seen
// the union of the values (exact if the union fits the cap), whatever the order. Not thread-safe;
// Quantile() sorts the kept values lazily, so even const calls must not race.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan {

class QuantileEstimator {
 public:
  struct Options {
    size_t exact_cap = 1'000'000;      // values kept exactly before folding into the sketch
    double relative_accuracy = 0.005;  // a, the sketch's relative-error bound; in (0, 1)
  };

  QuantileEstimator() : QuantileEstimator(Options{}) {}
  explicit QuantileEstimator(Options options);

  // Adds one value. Values must be finite (a NaN latency is a bug upstream).
  // Inline: a long run adds millions of values (several per request).
  void Add(double value) {
    GPUPLAN_CHECK(std::isfinite(value), "QuantileEstimator::Add({})", value);
    moments_.Add(value);
    if (exact_) {
      if (values_.size() < options_.exact_cap) {
        if (!values_.empty() && value < values_.back()) sorted_ = false;
        values_.push_back(value);
        return;
      }
      FoldIntoSketch();
    }
    AddToSketch(value, 1);
  }
  // Adds `value` `times` times: bit for bit the estimator that many Add(value) calls give, at a
  // fraction of the cost (one step's inter-token latencies are mostly one value).
  void Add(double value, uint64_t times);
  // Adds every value `other` has seen. Both must use the same relative_accuracy.
  void Merge(const QuantileEstimator& other);

  uint64_t count() const { return moments_.count; }
  bool empty() const { return moments_.count == 0; }
  // True while quantiles are exact (every value kept).
  bool exact() const { return exact_; }
  double sum() const { return moments_.sum + moments_.sum_compensation; }
  // NaN when empty, like the quantiles.
  double mean() const {
    return moments_.count ? sum() / static_cast<double>(moments_.count) : kNaN;
  }
  double min() const { return moments_.count ? moments_.min : kNaN; }
  double max() const { return moments_.count ? moments_.max : kNaN; }
  double stddev() const;
  // The q-quantile, q in [0, 1] (see the definition above); NaN when empty.
  double Quantile(double q) const;
  // The p-th percentile, p in [0, 100].
  double Percentile(double p) const { return Quantile(p / 100.0); }
  const Options& options() const { return options_; }

 private:
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

  // Counts per bucket index over one contiguous index range; grows at either end as needed.
  struct BucketStore {
    std::vector<uint64_t> counts;
    int32_t offset = 0;  // bucket index of counts[0]
    uint64_t total = 0;
    void Add(int32_t index, uint64_t n) {
      const int64_t i = int64_t{index} - offset;
      if (i >= 0 && i < static_cast<int64_t>(counts.size())) {
        counts[static_cast<size_t>(i)] += n;
        total += n;
        return;
      }
      AddOutside(index, n);
    }
    // Add() for an index outside [offset, offset + size): grows the store (the first Add too).
    void AddOutside(int32_t index, uint64_t n);
    // The index of the bucket holding the rank-th smallest counted value (0-based).
    int32_t IndexOfRank(uint64_t rank) const;
    // The same counting from the largest index down.
    int32_t IndexOfRankFromTop(uint64_t rank) const;
  };

  // Neumaier's compensated addition: keeps the sum of millions of latencies exact to a few ulps.
  static void CompensatedAdd(double& sum, double& compensation, double value) {
    const double t = sum + value;
    if (std::abs(sum) >= std::abs(value)) {
      compensation += (sum - t) + value;
    } else {
      compensation += (value - t) + sum;
    }
    sum = t;
  }
  // count, sum, min, max and Welford's mean and M2, as one value type so that Add(value, times)
  // can work on a local copy.
  struct Moments {
    uint64_t count = 0;
    double sum = 0;
    double sum_compensation = 0;  // Neumaier's running correction
    double min = 0;
    double max = 0;
    double welford_mean = 0;
    double welford_m2 = 0;

    void Add(double value) {
      if (count == 0 || value < min) min = value;
      if (count == 0 || value > max) max = value;
      ++count;
      CompensatedAdd(sum, sum_compensation, value);
      const double delta = value - welford_mean;
      welford_mean += delta / static_cast<double>(count);
      welford_m2 += delta * (value - welford_mean);
    }
  };
  void AddToSketch(double value, uint64_t n) {
    if (value == 0) {
      zeros_ += n;
    } else if (value > 0) {
      positive_.Add(BucketIndex(value), n);
    } else {
      negative_.Add(BucketIndex(-value), n);
    }
  }
  void FoldIntoSketch();
  // Remembers the last magnitude's index: inter-token latencies come in runs of one value (every
  // decode of a step sees the same gap), and the logarithm was the largest cost of a sketch Add.
  int32_t BucketIndex(double magnitude) {
    if (magnitude != last_magnitude_) {
      last_magnitude_ = magnitude;
      // Finite doubles have |log| < 745, so the index stays far inside int32 for any a >= 1e-4.
      last_index_ = static_cast<int32_t>(std::ceil(std::log(magnitude) / log_gamma_));
    }
    return last_index_;
  }
  double BucketValue(int32_t index) const;
  // The k-th smallest value (0-based): exact in exact mode, a bucket estimate otherwise.
  double OrderStatistic(uint64_t k) const;
  void SortIfNeeded() const;

  Options options_;
  double log_gamma_ = 0;
  double gamma_ = 0;

  Moments moments_;

  bool exact_ = true;
  mutable std::vector<double> values_;  // exact mode only
  mutable bool sorted_ = true;
  BucketStore positive_;  // sketch mode only
  BucketStore negative_;  // by magnitude
  uint64_t zeros_ = 0;
  double last_magnitude_ = 0;  // BucketIndex's memo; 0 is never looked up (zeros are counted apart)
  int32_t last_index_ = 0;
};

}  // namespace gpuplan
