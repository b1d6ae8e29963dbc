// Unit conversions shared by the collector and the writers, so a value in requests.csv and the
// same value in summary.json come from one formula.
#pragma once

#include <limits>

#include "sim/core/sim_time.h"
#include "sim/metrics/records.h"

namespace gpuplan::detail {

// Division rather than sim_time.h's multiplication by 1e-6: exact whenever the result is
// representable, so 100 ms worth of nanoseconds compares equal to a 100 ms threshold.
inline double NanosToMillis(SimTime ns) { return static_cast<double>(ns) / 1e6; }
inline double NanosToSeconds(SimTime ns) { return static_cast<double>(ns) / 1e9; }

// TPOT in ms; only meaningful for output_tokens > 1.
inline double TpotMillis(const RequestRecord& r) {
  return static_cast<double>(r.done - r.first_token) /
         (1e6 * static_cast<double>(r.output_tokens - 1));
}

// numerator / denominator, or NaN ("no value") when the denominator is not positive.
inline double Ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace gpuplan::detail
