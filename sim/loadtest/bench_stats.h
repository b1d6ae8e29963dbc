// The statistics `vllm bench serve` reports, computed the way it computes them
// (vllm/benchmarks/serve.py calculate_metrics), so a simulated run and a measured one are
// described in the same words and by the same arithmetic:
//   TTFT, E2EL   per successful request;
//   TPOT         per successful request with more than one output token:
//                (latency - ttft) / (output_tokens - 1);
//   ITL          every gap between streamed chunks, all requests pooled;
//   mean, median, std (population) and the requested percentiles (numpy's linear
//   interpolation), in ms: mean_ttft_ms, median_ttft_ms, std_ttft_ms, p99_ttft_ms, ...;
//   completed, total_input_tokens, total_output_tokens; request_throughput, output_throughput,
//   total_token_throughput over `duration_s`.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/loadtest/measured_run.h"

namespace gpuplan {

using BenchStats = std::vector<std::pair<std::string, double>>;

// numpy.percentile(values, p) with the default linear interpolation; values need not be sorted.
// 0 for an empty list (as vLLM reports it).
double NumpyPercentile(std::vector<double> values, double p);

// The statistics of `requests` over `duration_s`, percentiles `percentiles` (e.g. {99}).
BenchStats VllmBenchStats(const std::vector<MeasuredRequest>& requests, double duration_s,
                          const std::vector<double>& percentiles);

// "99" for 99, "99.9" for 99.9: vLLM's spelling of a percentile in a key.
std::string PercentileWord(double p);

}  // namespace gpuplan
