#include "sim/metrics/quantile.h"

#include <algorithm>
#include <cmath>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

// numpy's _lerp: a + (b - a) t, computed from the nearer end so that t = 0 and t = 1 give a and
// b exactly and results match numpy.quantile bit for bit.
double Lerp(double a, double b, double t) {
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

}  // namespace

void QuantileEstimator::BucketStore::AddOutside(int32_t index, uint64_t n) {
  if (counts.empty()) {
    counts.assign(1, 0);
    offset = index;
  }
  // Grow with slack so that values arriving in sorted order do not copy the store every time.
  const auto size = static_cast<int32_t>(counts.size());
  const int32_t slack = std::max<int32_t>(16, size / 2);
  if (index < offset) {
    const int32_t grow = offset - index + slack;
    counts.insert(counts.begin(), static_cast<size_t>(grow), 0);
    offset -= grow;
  } else if (index >= offset + size) {
    counts.resize(static_cast<size_t>(index - offset + 1 + slack), 0);
  }
  counts[static_cast<size_t>(index - offset)] += n;
  total += n;
}

int32_t QuantileEstimator::BucketStore::IndexOfRank(uint64_t rank) const {
  uint64_t seen = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    seen += counts[i];
    if (seen > rank) return offset + static_cast<int32_t>(i);
  }
  GPUPLAN_CHECK(false, "rank {} beyond the {} values of a bucket store", rank, total);
  return 0;
}

int32_t QuantileEstimator::BucketStore::IndexOfRankFromTop(uint64_t rank) const {
  uint64_t seen = 0;
  for (size_t i = counts.size(); i-- > 0;) {
    seen += counts[i];
    if (seen > rank) return offset + static_cast<int32_t>(i);
  }
  GPUPLAN_CHECK(false, "rank {} beyond the {} values of a bucket store", rank, total);
  return 0;
}

QuantileEstimator::QuantileEstimator(Options options) : options_(options) {
  const double a = options_.relative_accuracy;
  GPUPLAN_CHECK(a > 0 && a < 1, "relative_accuracy must lie in (0, 1), got {}", a);
  gamma_ = (1 + a) / (1 - a);
  log_gamma_ = std::log(gamma_);
}

void QuantileEstimator::Add(double value, uint64_t times) {
  GPUPLAN_CHECK(std::isfinite(value), "QuantileEstimator::Add({}, {})", value, times);
  if (times == 0) return;
  // The moments see `times` values one by one, with Moments::Add's arithmetic (min and max
  // cannot change after the first); kept in a local so that the loop runs in registers.
  Moments moments = moments_;
  moments.Add(value);
  for (uint64_t k = 1; k < times; ++k) {
    ++moments.count;
    CompensatedAdd(moments.sum, moments.sum_compensation, value);
    const double delta = value - moments.welford_mean;
    moments.welford_mean += delta / static_cast<double>(moments.count);
    moments.welford_m2 += delta * (value - moments.welford_mean);
  }
  moments_ = moments;
  uint64_t left = times;
  if (exact_) {
    const uint64_t take = std::min<uint64_t>(left, options_.exact_cap - values_.size());
    if (take > 0) {
      if (!values_.empty() && value < values_.back()) sorted_ = false;
      values_.insert(values_.end(), take, value);
      left -= take;
    }
    if (left == 0) return;
    FoldIntoSketch();
  }
  AddToSketch(value, left);
}

void QuantileEstimator::Merge(const QuantileEstimator& other) {
  GPUPLAN_CHECK(options_.relative_accuracy == other.options_.relative_accuracy,
                "merging sketches of different accuracy ({} vs {})", options_.relative_accuracy,
                other.options_.relative_accuracy);
  if (other.moments_.count == 0) return;
  if (moments_.count == 0) {
    moments_.min = other.moments_.min;
    moments_.max = other.moments_.max;
  } else {
    moments_.min = std::min(moments_.min, other.moments_.min);
    moments_.max = std::max(moments_.max, other.moments_.max);
  }
  // Chan et al.'s pairwise update of the mean and the sum of squared deviations.
  const double n_a = static_cast<double>(moments_.count),
               n_b = static_cast<double>(other.moments_.count);
  const double delta = other.moments_.welford_mean - moments_.welford_mean;
  moments_.welford_mean += delta * n_b / (n_a + n_b);
  moments_.welford_m2 += other.moments_.welford_m2 + delta * delta * n_a * n_b / (n_a + n_b);
  moments_.count += other.moments_.count;
  CompensatedAdd(moments_.sum, moments_.sum_compensation, other.moments_.sum);
  CompensatedAdd(moments_.sum, moments_.sum_compensation, other.moments_.sum_compensation);

  if (exact_ && other.exact_ && values_.size() + other.values_.size() <= options_.exact_cap) {
    if (!other.values_.empty()) sorted_ = false;
    values_.insert(values_.end(), other.values_.begin(), other.values_.end());
    return;
  }
  if (exact_) FoldIntoSketch();
  if (other.exact_) {
    for (double v : other.values_) AddToSketch(v, 1);
    return;
  }
  for (size_t i = 0; i < other.positive_.counts.size(); ++i) {
    if (other.positive_.counts[i]) {
      positive_.Add(other.positive_.offset + static_cast<int32_t>(i), other.positive_.counts[i]);
    }
  }
  for (size_t i = 0; i < other.negative_.counts.size(); ++i) {
    if (other.negative_.counts[i]) {
      negative_.Add(other.negative_.offset + static_cast<int32_t>(i), other.negative_.counts[i]);
    }
  }
  zeros_ += other.zeros_;
}

double QuantileEstimator::stddev() const {
  if (moments_.count == 0) return kNaN;
  return std::sqrt(std::max(0.0, moments_.welford_m2 / static_cast<double>(moments_.count)));
}

void QuantileEstimator::FoldIntoSketch() {
  exact_ = false;
  // Runs of equal values (inter-token latencies come in runs) are counted once each.
  for (size_t i = 0; i < values_.size();) {
    size_t end = i + 1;
    while (end < values_.size() && values_[end] == values_[i]) ++end;
    AddToSketch(values_[i], end - i);
    i = end;
  }
  std::vector<double>().swap(values_);  // give the memory back, not just the size
  sorted_ = true;
}

double QuantileEstimator::BucketValue(int32_t index) const {
  return 2.0 * std::exp(static_cast<double>(index) * log_gamma_) / (gamma_ + 1.0);
}

void QuantileEstimator::SortIfNeeded() const {
  if (!sorted_) {
    std::sort(values_.begin(), values_.end());
    sorted_ = true;
  }
}

double QuantileEstimator::OrderStatistic(uint64_t k) const {
  if (exact_) return values_[k];
  // The extremes are known exactly; the sketch is only needed in between.
  if (k == 0) return moments_.min;
  if (k == moments_.count - 1) return moments_.max;
  if (k < negative_.total) return -BucketValue(negative_.IndexOfRankFromTop(k));
  k -= negative_.total;
  if (k < zeros_) return 0.0;
  return BucketValue(positive_.IndexOfRank(k - zeros_));
}

double QuantileEstimator::Quantile(double q) const {
  GPUPLAN_CHECK(q >= 0 && q <= 1, "quantile {} outside [0, 1]", q);
  if (moments_.count == 0) return kNaN;
  SortIfNeeded();
  const double h = static_cast<double>(moments_.count - 1) * q;
  const double lower = std::floor(h);
  const auto lo = static_cast<uint64_t>(lower);
  const uint64_t hi = std::min(lo + 1, moments_.count - 1);
  const double result = Lerp(OrderStatistic(lo), OrderStatistic(hi), h - lower);
  // Clamping only matters for the sketch, whose bucket values may overshoot the exact extremes.
  return std::clamp(result, moments_.min, moments_.max);
}

}  // namespace gpuplan
