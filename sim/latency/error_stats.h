// Summaries of prediction error, |predicted - measured| / measured, used by the fidelity checks
// against measured data (tests/latency/fidelity_test.cc) and by calibration reports.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/core/percentile.h"  // Percentile(): the linear-interpolation definition

namespace gpuplan {

struct ErrorSummary {
  size_t count = 0;
  double median = 0;  // of the relative errors
  double p90 = 0;     // nearest-rank 90th percentile
  double mean = 0;
  double bias = 0;  // median of (predicted - measured) / measured: > 0 means over-prediction
};

// |predicted - measured| / measured; measured must be > 0.
double RelativeError(double predicted, double measured);

// Collects (predicted, measured) pairs and summarises them.
class ErrorAccumulator {
 public:
  void Add(double predicted, double measured);
  ErrorSummary Summary() const;
  size_t size() const { return signed_.size(); }

 private:
  std::vector<double> signed_;  // (predicted - measured) / measured
};

}  // namespace gpuplan
