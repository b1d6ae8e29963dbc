// aiperf's per-request records, `profile_export.jsonl` (ai-dynamo/aiperf
// docs/tutorials/working-with-profile-exports.md): one JSON object per line with `metadata`
// (request_start_ns, epoch nanoseconds) and `metrics` (input_sequence_length,
// output_sequence_length, time_to_first_token and request_latency in ms, inter_chunk_latency as a
// list in ms), and `error` (null when the request succeeded). The requests are replayed at their
// start times; the statistics are computed from the records with vllm bench serve's definitions.
#pragma once

#include <string>

#include "sim/loadtest/measured_run.h"

namespace gpuplan {

// Every malformed record is reported at once, at its line (ConfigError).
MeasuredRun ReadAiperfJsonl(const std::string& path);
MeasuredRun ParseAiperfJsonl(const std::string& text, const std::string& name);

}  // namespace gpuplan
