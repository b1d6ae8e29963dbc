// Summary statistics of repeated timings, as written to every CSV row of a bundle.
#pragma once

#include <span>
#include <vector>

namespace gpuplan::calibrate {

// All times in microseconds. `std_us` is the sample standard deviation (n - 1 in the
// denominator; 0 for a single sample). Percentiles interpolate linearly between order statistics
// (numpy's default): the p-th percentile of sorted x[0..n-1] sits at position p/100 * (n - 1).
struct Stats {
  double min_us = 0;
  double median_us = 0;
  double mean_us = 0;
  double p90_us = 0;
  double max_us = 0;
  double std_us = 0;
  int repeats = 0;
};

// Throws CalibrateError when `samples_us` is empty or holds a non-finite value.
Stats Summarize(std::span<const double> samples_us);

// The p-th percentile (0 <= p <= 100) of sorted, non-empty data.
double PercentileOfSorted(std::span<const double> sorted, double p);

}  // namespace gpuplan::calibrate
