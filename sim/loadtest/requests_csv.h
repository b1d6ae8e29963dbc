// Per-request measurement files: one row per request with its send time and what it measured,
// e.g. the traces of ../shared/validation/traces/ (LLMServingSim's vLLM runs):
//   arrival_offset_s, input_tokens, output_tokens, ttft_ms, e2e_ms   (other columns ignored)
// The requests are replayed at their send times; the statistics are computed from the rows with
// vllm bench serve's definitions (bench_stats.h), ITL excluded (no per-token gaps in a row).
#pragma once

#include <string>

#include "sim/loadtest/measured_run.h"

namespace gpuplan {

// Every malformed cell is reported at once, at its line and column (ConfigError).
MeasuredRun ReadRequestsCsv(const std::string& path);
MeasuredRun ParseRequestsCsv(const std::string& text, const std::string& name);

}  // namespace gpuplan
