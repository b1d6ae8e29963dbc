// `vllm bench serve --save-result` files (vllm/benchmarks/serve.py): one JSON object with the run's
// settings (num_prompts, request_rate as a number or "inf", burstiness, max_concurrency), its
// duration and statistics (mean_ttft_ms, p99_tpot_ms, request_throughput, ...) and, with
// --save-detailed, one entry per request in input_lens, output_lens, ttfts, itls, latencies,
// errors (times in seconds). The older benchmarks/benchmark_serving.py writes the same keys.
#pragma once

#include <string>

#include "sim/loadtest/bench_stats.h"
#include "sim/loadtest/measured_run.h"

namespace gpuplan {

// Reads `path`; every problem of the file is reported at once as a ConfigError
// ("results.json: ttfts: 3 values for 4 requests; expected one per request").
MeasuredRun ReadVllmBenchJson(const std::string& path);
MeasuredRun ParseVllmBenchJson(const std::string& text, const std::string& name);

// The JSON `vllm bench serve --save-result --save-detailed` writes for `run` (its regime,
// duration, statistics and requests), so a simulated run can stand in for a measured one.
std::string WriteVllmBenchJson(const MeasuredRun& run);

}  // namespace gpuplan
