// Test shorthand for a set of SLO thresholds (sim/core/slo.h): the three limits in the order
// the function's name spells, so a table of expected limits stays one line per row.
#pragma once

#include <optional>

#include "sim/core/slo.h"

namespace gpuplan::testing {

inline SloThresholds TtftTpotE2e(std::optional<double> ttft_ms, std::optional<double> tpot_ms,
                                 std::optional<double> e2e_ms) {
  return SloThresholds()
      .Set(SloMetric::kTtft, ttft_ms)
      .Set(SloMetric::kTpot, tpot_ms)
      .Set(SloMetric::kE2e, e2e_ms);
}

// A value per metric, e.g. one seed's percentiles.
inline PerSloMetric<double> TtftTpotE2eMs(double ttft_ms, double tpot_ms, double e2e_ms) {
  PerSloMetric<double> values;
  values[SloMetric::kTtft] = ttft_ms;
  values[SloMetric::kTpot] = tpot_ms;
  values[SloMetric::kE2e] = e2e_ms;
  return values;
}

// One limit: Limit(SloMetric::kTtft, 500); more with .Set(SloMetric::kE2e, 2000).
inline SloThresholds Limit(SloMetric metric, double ms) { return SloThresholds().Set(metric, ms); }

}  // namespace gpuplan::testing
