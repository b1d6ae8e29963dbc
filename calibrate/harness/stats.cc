#include "calibrate/harness/stats.h"

#include <algorithm>
#include <cmath>

#include "calibrate/errors.h"

namespace gpuplan::calibrate {

double PercentileOfSorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) throw CalibrateError("percentile of an empty sample");
  if (!(p >= 0 && p <= 100)) throw CalibrateError("percentile outside [0, 100]");
  const double position = p / 100.0 * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

Stats Summarize(std::span<const double> samples_us) {
  if (samples_us.empty()) throw CalibrateError("no timing samples to summarize");
  std::vector<double> sorted(samples_us.begin(), samples_us.end());
  for (double x : sorted) {
    if (!std::isfinite(x)) throw CalibrateError("non-finite timing sample");
  }
  std::sort(sorted.begin(), sorted.end());
  Stats stats;
  stats.repeats = static_cast<int>(sorted.size());
  stats.min_us = sorted.front();
  stats.max_us = sorted.back();
  stats.median_us = PercentileOfSorted(sorted, 50);
  stats.p90_us = PercentileOfSorted(sorted, 90);
  double sum = 0;
  for (double x : sorted) sum += x;
  stats.mean_us = sum / static_cast<double>(sorted.size());
  if (sorted.size() > 1) {
    double squares = 0;
    for (double x : sorted) squares += (x - stats.mean_us) * (x - stats.mean_us);
    stats.std_us = std::sqrt(squares / static_cast<double>(sorted.size() - 1));
  }
  return stats;
}

}  // namespace gpuplan::calibrate
