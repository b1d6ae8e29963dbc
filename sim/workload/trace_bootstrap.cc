#include "sim/workload/trace_bootstrap.h"

#include <algorithm>

#include "sim/core/error.h"
#include "sim/core/rng.h"

namespace gpuplan {
namespace {

// Appends the requests whose offset from the first arrival lies in [from, to), shifted so that
// offset `from` lands at `out_offset` after the first arrival.
void CopyRange(const std::vector<RequestSpec>& requests, SimTime from, SimTime to,
               SimTime out_offset, std::vector<RequestSpec>* out) {
  const SimTime origin = requests.front().arrival;
  auto by_arrival = [](const RequestSpec& r, SimTime t) { return r.arrival < t; };
  auto first = std::lower_bound(requests.begin(), requests.end(), origin + from, by_arrival);
  auto last = std::lower_bound(first, requests.end(), origin + to, by_arrival);
  for (auto it = first; it != last; ++it) {
    RequestSpec copy = *it;
    copy.arrival = origin + out_offset + (it->arrival - origin - from);
    out->push_back(copy);
  }
}

}  // namespace

SimTime BootstrapPeriod(const std::vector<RequestSpec>& requests, SimTime block) {
  GPUPLAN_CHECK(!requests.empty() && block > 0, "bootstrap of {} requests, block {}",
                requests.size(), block);
  const SimTime span = requests.back().arrival - requests.front().arrival;
  if (span <= 0) return block;
  const auto gaps = static_cast<SimTime>(requests.size() - 1);
  return span + std::max<SimTime>(1, span / gaps);
}

std::vector<RequestSpec> CircularBlockBootstrap(
    const std::vector<RequestSpec>& requests, SimTime block,
    const std::function<SimTime(SimTime period)>& draw_start) {
  const SimTime period = BootstrapPeriod(requests, block);
  std::vector<RequestSpec> out;
  out.reserve(requests.size() + requests.size() / 8);
  for (SimTime at = 0; at < period; at += block) {
    const SimTime length = std::min(block, period - at);
    const SimTime start = draw_start(period);
    GPUPLAN_CHECK(start >= 0 && start < period, "block start {} outside [0, {})", start, period);
    const SimTime end = start + length;
    CopyRange(requests, start, std::min(end, period), at, &out);
    // The part of the block that wraps past the period continues at the circle's start.
    if (end > period) CopyRange(requests, 0, end - period, at + (period - start), &out);
  }
  return out;
}

std::vector<RequestSpec> CircularBlockBootstrap(const std::vector<RequestSpec>& requests,
                                                SimTime block, uint64_t seed) {
  Rng rng(seed, RngStream::kTraceBootstrap);
  return CircularBlockBootstrap(requests, block, [&rng](SimTime period) {
    return static_cast<SimTime>(rng.UniformInt(0, period - 1));
  });
}

}  // namespace gpuplan
