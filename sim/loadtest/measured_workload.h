// The load a measured run offered, as a gpuplan Workload: the benchmark's regime as an arrival
// process, vllm bench serve's own (vllm/benchmarks/serve.py get_request and the semaphore of
// --max-concurrency), and the requests' own prompt and output lengths, in order and paired, when
// the file lists them:
//   request rate inf, no cap        every request at t = 0 (offline)
//   request rate inf, cap N         N clients: N start together, each completion sends the next
//   request rate r, burstiness 1    Poisson at r
//   request rate r, burstiness b    gamma gaps of shape b (coefficient of variation 1/sqrt(b))
// A rate together with a cap (requests generated at r, then held by the client's semaphore) is
// not replayed yet: MakeMeasuredWorkload refuses it with a ConfigError.
#pragma once

#include <memory>

#include "sim/loadtest/measured_run.h"
#include "sim/workload/length_dist.h"
#include "sim/workload/workload.h"

namespace gpuplan {

// `prompt_lengths` / `output_lengths` are used when the run lists no requests (the scenario's).
std::shared_ptr<const Workload> MakeMeasuredWorkload(
    const MeasuredRun& run, std::shared_ptr<const LengthDistribution> prompt_lengths,
    std::shared_ptr<const LengthDistribution> output_lengths);

}  // namespace gpuplan
