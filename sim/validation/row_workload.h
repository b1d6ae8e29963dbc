// How a measured row's load becomes gpuplan's workload: the lengths its benchmark client sent and
// the way it sent them (offline, a closed loop of N clients, Poisson, inference-perf stages, a
// recorded trace). Every rule is the benchmark tool's own behaviour, documented in
// docs/validation.md ("End-to-end: how a row becomes a scenario"); what the row does not say is
// assumed and the assumption is recorded with the row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/config/policy_choice.h"
#include "sim/validation/serving_row.h"

namespace gpuplan {

// Where the data files that some rows need are (ShareGPT lengths, per-request traces).
struct ValidationPaths {
  std::string traces_dir;      // ../shared/traces (length-distributions/)
  std::string validation_dir;  // ../shared/validation (traces/)
};

struct RowWorkload {
  std::optional<PolicyChoice> arrival, prompt_tokens, output_tokens, trace;
  std::optional<int64_t> num_requests;  // stop issuing after this many (nullopt: the trace's)
  std::vector<std::string> assumptions;
  std::string not_covered;  // why the row's load cannot be reproduced; "" when it can
  // Output tokens the client counted per request / tokens the engine generated, for throughput;
  // not 1 where the client re-tokenised the returned text (inference-perf's output_len).
  double client_output_ratio = 1;
  // Simulated TPOT x this = TPOT as the client computed it: (K - 1) / (n - 1) for K generated
  // tokens the client counted as n (see MapSharedPrefix in row_workload.cc).
  double client_tpot_factor = 1;
};

RowWorkload MapWorkload(const ServingRow& row, const ValidationPaths& paths);

// A policy slot as the scenario loader would have read it, located at the row.
PolicyChoice RowPolicy(const ServingRow& row, std::string path, std::string kind,
                       std::vector<std::pair<std::string, std::string>> options = {});

}  // namespace gpuplan
