#include "sim/latency/log_interpolation.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/core/error.h"

namespace gpuplan {

LogLinearCurve::LogLinearCurve(std::vector<std::pair<double, double>> points) {
  std::sort(points.begin(), points.end());
  for (const auto& [size, value] : points) {
    GPUPLAN_CHECK(size > 0, "curve sizes must be > 0, got {}", size);
    GPUPLAN_CHECK(sizes_.empty() || size > sizes_.back(), "repeated curve size {}", size);
    sizes_.push_back(size);
    log_sizes_.push_back(std::log(size));
    values_.push_back(value);
  }
}

std::optional<double> LogLinearCurve::At(double size) const {
  if (sizes_.empty() || !(size >= sizes_.front()) || size > sizes_.back()) return std::nullopt;
  // First measured size >= size.
  const size_t hi = std::lower_bound(sizes_.begin(), sizes_.end(), size) - sizes_.begin();
  if (sizes_[hi] == size) return values_[hi];  // exact hit: the measurement itself
  const size_t lo = hi - 1;
  const double t = (std::log(size) - log_sizes_[lo]) / (log_sizes_[hi] - log_sizes_[lo]);
  return values_[lo] + t * (values_[hi] - values_[lo]);
}

LogLinearGrid::LogLinearGrid(const std::vector<std::array<double, 3>>& points) {
  std::map<double, std::vector<std::pair<double, double>>> by_outer;
  for (const auto& [outer, inner, value] : points) by_outer[outer].emplace_back(inner, value);
  for (auto& [outer, curve] : by_outer) {
    GPUPLAN_CHECK(outer > 0, "grid sizes must be > 0, got {}", outer);
    outers_.push_back(outer);
    curves_.emplace_back(std::move(curve));
  }
}

size_t LogLinearGrid::points() const {
  size_t n = 0;
  for (const LogLinearCurve& c : curves_) n += c.size();
  return n;
}

std::optional<double> LogLinearGrid::At(double outer, double inner) const {
  if (outers_.empty() || !(outer >= outers_.front()) || outer > outers_.back()) return std::nullopt;
  const size_t hi = std::lower_bound(outers_.begin(), outers_.end(), outer) - outers_.begin();
  if (outers_[hi] == outer) return curves_[hi].At(inner);
  const std::optional<double> a = curves_[hi - 1].At(inner);
  const std::optional<double> b = curves_[hi].At(inner);
  if (!a || !b) return std::nullopt;
  const double t = (std::log(outer) - std::log(outers_[hi - 1])) /
                   (std::log(outers_[hi]) - std::log(outers_[hi - 1]));
  return *a + t * (*b - *a);
}

}  // namespace gpuplan
