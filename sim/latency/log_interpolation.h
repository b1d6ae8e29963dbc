// Interpolation of measured times across sizes that span orders of magnitude (1 to 32768
// tokens, 2 KiB to 64 MiB messages): the time is piecewise linear in log(size) between measured
// points, and a measured size returns its measurement exactly. Outside the measured range there
// is no answer: callers fall back to a model instead of extrapolating a curve.
//
// Why log(size): measured sizes are dense at the small end (1, 2, 4, 8, 16, ...) and evenly
// spaced at the large end, and an op's time is flat (latency-bound) at small sizes and linear
// at large ones. In log(size) both regimes are smooth and no segment spans a huge stretch of
// sizes; in the dense large-size range, linear in log(size) and linear in size agree closely.
#pragma once

#include <array>
#include <optional>
#include <utility>
#include <vector>

namespace gpuplan {

class LogLinearCurve {
 public:
  LogLinearCurve() = default;
  // Points (size > 0, value); sizes must be distinct. Sorted here.
  explicit LogLinearCurve(std::vector<std::pair<double, double>> points);

  // The value at `size`, or nullopt outside [min_size(), max_size()]. No allocation.
  std::optional<double> At(double size) const;

  bool empty() const { return sizes_.empty(); }
  size_t size() const { return sizes_.size(); }
  double min_size() const { return sizes_.front(); }
  double max_size() const { return sizes_.back(); }
  const std::vector<double>& sizes() const { return sizes_; }
  const std::vector<double>& values() const { return values_; }

 private:
  std::vector<double> sizes_;
  std::vector<double> log_sizes_;
  std::vector<double> values_;
};

// A measured surface over two size axes (e.g. decode attention over batch x KV length): one
// LogLinearCurve along the inner axis per measured outer size, and linear in log(outer size)
// between the two curves that bracket the query. Nullopt when either bracketing curve does not
// cover the inner size, or the outer size is outside the measured ones.
class LogLinearGrid {
 public:
  LogLinearGrid() = default;
  // Points (outer, inner, value).
  explicit LogLinearGrid(const std::vector<std::array<double, 3>>& points);

  std::optional<double> At(double outer, double inner) const;
  bool empty() const { return outers_.empty(); }
  size_t points() const;

 private:
  std::vector<double> outers_;
  std::vector<LogLinearCurve> curves_;  // per outer size
};

}  // namespace gpuplan
