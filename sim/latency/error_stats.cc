#include "sim/latency/error_stats.h"

#include <algorithm>
#include <cmath>

#include "sim/core/error.h"

namespace gpuplan {

double RelativeError(double predicted, double measured) {
  GPUPLAN_CHECK(measured > 0, "measured value must be > 0, got {}", measured);
  return std::abs(predicted - measured) / measured;
}

void ErrorAccumulator::Add(double predicted, double measured) {
  GPUPLAN_CHECK(measured > 0, "measured value must be > 0, got {}", measured);
  signed_.push_back((predicted - measured) / measured);
}

ErrorSummary ErrorAccumulator::Summary() const {
  ErrorSummary s;
  s.count = signed_.size();
  if (signed_.empty()) return s;
  std::vector<double> absolute;
  absolute.reserve(signed_.size());
  double sum = 0;
  for (double e : signed_) {
    absolute.push_back(std::abs(e));
    sum += std::abs(e);
  }
  s.median = Percentile(absolute, 50);
  s.p90 = Percentile(absolute, 90);
  s.mean = sum / static_cast<double>(signed_.size());
  s.bias = Percentile(signed_, 50);
  return s;
}

}  // namespace gpuplan
