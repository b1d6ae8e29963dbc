// aiperf's aggregate export, `profile_export_aiperf.json` (ai-dynamo/aiperf
// docs/tutorials/working-with-profile-exports.md), and genai-perf's
// `profile_export_genai_perf.json` with the same metric layout: one object per metric with `unit`,
// `avg`, `std`, `min`, `max` and percentiles `p1` ... `p99`, summary values (`request_throughput`,
// `output_token_throughput`, `benchmark_duration`, `request_count`) as `{unit, avg}`, and the run's
// settings under `input_config` (aiperf: `loadgen.concurrency`, `loadgen.request_rate`,
// `loadgen.request_rate_mode`; genai-perf: `concurrency`, `request_rate`).
//
// Metrics map to vllm bench serve's names: time_to_first_token -> ttft, inter_token_latency ->
// tpot (aiperf's is per request, (latency - TTFT) / (output tokens - 1), vLLM's TPOT),
// request_latency -> e2el; avg -> mean_, p50 -> median_, pNN -> pNN_, std -> std_. The file lists
// no requests, so `compare` draws lengths from the scenario's workload (and says so). The regime:
// a concurrency is a closed loop of that many clients (aiperf's concurrency mode); a request rate
// is Poisson (aiperf's default mode; a `constant` mode is refused: evenly spaced sends are not
// replayed yet); a file stating neither is refused.
#pragma once

#include <string>

#include "sim/loadtest/measured_run.h"

namespace gpuplan {

// Every problem is reported at once, under its JSON path (ConfigError).
MeasuredRun ReadAiperfJson(const std::string& path);
MeasuredRun ParseAiperfJson(const std::string& text, const std::string& name);

}  // namespace gpuplan
