// Resampling a recorded trace, so that a plan driven by one real day of traffic gets intervals
// that say how much its answer depends on that particular day, instead of the zero-width
// interval of replaying the same requests for every seed.
//
// The circular block bootstrap (Politis and Romano, "A circular block-resampling procedure for
// stationary data", 1992): the trace's timeline is wrapped into a circle of one period (its span
// plus one mean gap), and a new timeline of the same period is built from consecutive blocks of
// `block` nanoseconds, each copied from a start drawn uniformly on the circle. Inside a block the
// requests keep their spacing and their lengths, so bursts shorter than a block survive; which
// stretches of the day are seen, and how often, changes from seed to seed. Wrapping makes every
// request equally likely to be drawn (the plain moving-block bootstrap under-weights the ends).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/workload/request_source.h"

namespace gpuplan {

// The circle a trace is wrapped on: the span from its first to its last arrival plus one mean
// gap (so the last request is followed by the first as it is by its predecessor), or `block`
// when every request arrives at once. `requests` is sorted by arrival and not empty.
SimTime BootstrapPeriod(const std::vector<RequestSpec>& requests, SimTime block);

// The resampled trace: ceil(period / block) blocks, block k covering [k * block, (k + 1) *
// block) after the first arrival (the last one cut at the period), filled with the requests at
// positions [start_k, start_k + length) on the circle, where start_k = draw_start(period) lies in
// [0, period). Sorted by arrival; arrivals keep the original first arrival as their origin.
std::vector<RequestSpec> CircularBlockBootstrap(
    const std::vector<RequestSpec>& requests, SimTime block,
    const std::function<SimTime(SimTime period)>& draw_start);

// The same with starts drawn from the seed's own random stream (RngStream::kTraceBootstrap).
std::vector<RequestSpec> CircularBlockBootstrap(const std::vector<RequestSpec>& requests,
                                                SimTime block, uint64_t seed);

}  // namespace gpuplan
