#include "reports/charts/chart_spec.h"

#include <algorithm>
#include <cmath>

namespace gpuplan::report {

Series CdfSeries(std::string name, std::vector<double> samples, size_t max_points) {
  std::erase_if(samples, [](double v) { return !std::isfinite(v); });
  std::sort(samples.begin(), samples.end());
  Series series{.name = std::move(name), .shape = LineShape::kStep};
  size_t n = samples.size();
  if (n == 0) return series;
  max_points = std::max<size_t>(max_points, 2);
  // The staircase starts at 0% just left of the smallest sample.
  series.points.push_back({samples.front(), 0});
  size_t kept = std::min(n, max_points);
  for (size_t k = 0; k < kept; ++k) {
    // Evenly spaced in rank, so every kept point is an exact (value, share) pair of the data;
    // k = kept - 1 lands on the maximum, which holds the 100% point.
    size_t i = kept == n ? k : (k * (n - 1) + (kept - 1) / 2) / (kept - 1);
    series.points.push_back({samples[i], 100.0 * static_cast<double>(i + 1) / n});
  }
  return series;
}

}  // namespace gpuplan::report
