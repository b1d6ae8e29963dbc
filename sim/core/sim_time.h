// SimTime: simulated time as integer nanoseconds. Latency models predict seconds as doubles; they
// are rounded to SimTime exactly once (ToSimTime), so event ordering never depends on float noise.
#pragma once

#include <cmath>
#include <cstdint>

namespace gpuplan {

using SimTime = int64_t;

constexpr SimTime kNanosPerMicro = 1'000;
constexpr SimTime kNanosPerMilli = 1'000'000;
constexpr SimTime kNanosPerSecond = 1'000'000'000;
constexpr SimTime kSimTimeMax = INT64_MAX;

// Rounds seconds to the nearest nanosecond.
inline SimTime ToSimTime(double seconds) {
  return static_cast<SimTime>(std::llround(seconds * static_cast<double>(kNanosPerSecond)));
}
inline double ToSeconds(SimTime t) { return static_cast<double>(t) * 1e-9; }
inline double ToMillis(SimTime t) { return static_cast<double>(t) * 1e-6; }

}  // namespace gpuplan
