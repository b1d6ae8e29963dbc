// Confidence in a simulated percentile. One simulation gives one p95; independent seeds give a
// sample of p95s whose mean has a Student-t confidence interval (n - 1 degrees of freedom). A plan
// passes an SLO only when the upper bound of that interval is within the threshold, and the
// margin says how much room is left.
#pragma once

#include <vector>

namespace gpuplan {

// The two-sided Student-t quantile: the t with P(|T| <= t) = confidence for `dof` degrees of
// freedom, e.g. StudentTQuantile(0.95, 4) = 2.776 (the 0.975 one-sided quantile). Exact series
// for the CDF, inverted by bisection to ~1e-12. Throws ConfigError unless dof >= 1 and
// confidence is in (0, 1).
double StudentTQuantile(double confidence, int dof);

struct ConfidenceInterval {
  int n = 0;  // number of seeds
  double mean = 0;
  double stddev = 0;      // sample standard deviation (n - 1 denominator)
  double t = 0;           // StudentTQuantile(confidence, n - 1)
  double half_width = 0;  // t x stddev / sqrt(n)
  double lower = 0;
  double upper = 0;
  double confidence = 0.95;
};

// Mean and two-sided interval of one metric over independent seeds. Throws ConfigError for fewer
// than 2 values (no spread to estimate) or a non-finite value.
ConfidenceInterval MeanConfidenceInterval(const std::vector<double>& values,
                                          double confidence = 0.95);

// (threshold - upper) / threshold: the fraction of the SLO still unused by the pessimistic end
// of the interval. >= 0 passes; 0.2 = 20% headroom; negative = the upper bound misses the SLO.
// Throws ConfigError unless threshold is finite and > 0.
double SloMargin(double threshold, const ConfidenceInterval& interval);

}  // namespace gpuplan
