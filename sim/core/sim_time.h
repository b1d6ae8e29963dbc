// SimTime: simulated time as integer nanoseconds. Latency models predict seconds as doubles; they
// are rounded to SimTime exactly once (ToSimTime), so event ordering never depends on float noise.
#pragma once

#include <cmath>
#include <cstdint>

#include "sim/core/error.h"

namespace gpuplan {

using SimTime = int64_t;

constexpr SimTime kNanosPerMicro = 1'000;
constexpr SimTime kNanosPerMilli = 1'000'000;
constexpr SimTime kNanosPerSecond = 1'000'000'000;
constexpr SimTime kSimTimeMax = INT64_MAX;

// The longest span of simulated time gpuplan accepts from its inputs (durations, warm-up,
// intervals, think times, trace offsets): 10^8 s, about 3.2 years. int64 nanoseconds hold about
// 9.2 x 10^9 s, so sums of a few in-range times cannot overflow either.
constexpr double kMaxSimSeconds = 1e8;
// The most time-series rows one run keeps (timeseries_interval_s each): 2 million, about 100 MB.
constexpr int64_t kMaxTimeseriesRows = 2'000'000;

// Rounds seconds to the nearest nanosecond. A value int64 nanoseconds cannot hold is a bug:
// inputs are range-checked against kMaxSimSeconds where they are read.
inline SimTime ToSimTime(double seconds) {
  constexpr double kRepresentableSeconds = 9.2e9;
  GPUPLAN_CHECK(std::isfinite(seconds) && std::fabs(seconds) < kRepresentableSeconds,
                "{} s does not fit simulated time (int64 nanoseconds)", seconds);
  return static_cast<SimTime>(std::llround(seconds * static_cast<double>(kNanosPerSecond)));
}
inline double ToSeconds(SimTime t) { return static_cast<double>(t) * 1e-9; }
inline double ToMillis(SimTime t) { return static_cast<double>(t) * 1e-6; }

}  // namespace gpuplan
