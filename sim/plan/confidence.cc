#include "sim/plan/confidence.h"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "sim/core/error.h"

namespace gpuplan {

namespace {

// P(|T| <= t) for Student's t with `dof` degrees of freedom, by the finite series for integer
// degrees of freedom (Abramowitz & Stegun, section 26.7) in theta = atan(t / sqrt(dof)). Exact up
// to rounding, with no special functions, so a reader can check it against a table.
double TwoSidedProbability(double t, int dof) {
  const double theta = std::atan(t / std::sqrt(static_cast<double>(dof)));
  const double c = std::cos(theta);
  const double c2 = c * c;
  const double s = std::sin(theta);
  if (dof % 2 == 0) {
    // sin(theta) x [1 + 1/2 c^2 + (1x3)/(2x4) c^4 + ... up to c^(dof-2)]
    double term = 1;
    double sum = 1;
    for (int k = 2; k <= dof - 2; k += 2) {
      term *= c2 * (k - 1) / k;
      sum += term;
    }
    return s * sum;
  }
  // 2/pi x [theta + sin(theta) x (c + 2/3 c^3 + (2x4)/(3x5) c^5 + ... up to c^(dof-2))]
  double term = c;
  double sum = dof > 1 ? c : 0;
  for (int k = 3; k <= dof - 2; k += 2) {
    term *= c2 * (k - 1) / k;
    sum += term;
  }
  return 2 / std::numbers::pi * (theta + s * sum);
}

}  // namespace

double StudentTQuantile(double confidence, int dof) {
  if (dof < 1) {
    throw ConfigError(
        fmt::format("Student t with {} degrees of freedom; expected at least 1", dof));
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw ConfigError(
        fmt::format("confidence level {} is not a probability; expected a value in "
                    "(0, 1), e.g. 0.95",
                    confidence));
  }
  // Bracket, then bisect: the probability grows monotonically with t.
  double lo = 0;
  double hi = 1;
  while (TwoSidedProbability(hi, dof) < confidence) {
    lo = hi;
    hi *= 2;
  }
  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (TwoSidedProbability(mid, dof) < confidence ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

ConfidenceInterval MeanConfidenceInterval(const std::vector<double>& values, double confidence) {
  if (values.size() < 2) {
    throw ConfigError(fmt::format(
        "a confidence interval needs at least 2 independent seeds; got {}", values.size()));
  }
  ConfidenceInterval ci;
  ci.n = static_cast<int>(values.size());
  ci.confidence = confidence;
  double sum = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw ConfigError(fmt::format("seed {} of {} has value {}; expected a finite number", i + 1,
                                    values.size(), values[i]));
    }
    sum += values[i];
  }
  ci.mean = sum / ci.n;
  double squares = 0;
  for (double v : values) squares += (v - ci.mean) * (v - ci.mean);
  ci.stddev = std::sqrt(squares / (ci.n - 1));
  ci.t = StudentTQuantile(confidence, ci.n - 1);
  ci.half_width = ci.t * ci.stddev / std::sqrt(static_cast<double>(ci.n));
  ci.lower = ci.mean - ci.half_width;
  ci.upper = ci.mean + ci.half_width;
  return ci;
}

double SloMargin(double threshold, const ConfidenceInterval& interval) {
  if (!std::isfinite(threshold) || threshold <= 0) {
    throw ConfigError(fmt::format(
        "SLO threshold {} is not a positive number; expected a threshold > 0", threshold));
  }
  return (threshold - interval.upper) / threshold;
}

}  // namespace gpuplan
