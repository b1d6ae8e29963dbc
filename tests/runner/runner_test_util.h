// Builds scenarios from YAML text against the shipped catalog, for runner and CLI tests.
#pragma once

#include <string>
#include <vector>

#include "sim/config/catalog_loader.h"
#include "sim/config/scenario.h"
#include "sim/runner/builtins.h"

namespace gpuplan::testing {

inline const Catalog& ShippedCatalog() {
  static const Catalog catalog = LoadCatalog(std::string(GPUPLAN_SOURCE_DIR) + "/configs");
  return catalog;
}

inline const Builtins& SharedBuiltins() {
  static const Builtins builtins;
  return builtins;
}

inline Scenario ScenarioFromYaml(const std::string& yaml,
                                 const std::vector<std::string>& sets = {}) {
  return LoadScenarioFromString(yaml, "test.yaml", sets, ShippedCatalog(),
                                SharedBuiltins().MakeLoaderOptions());
}

// One request of 1000 prompt and 10 output tokens (with FixedModelScenario: a prefill step of
// 11 ms, then 9 decode steps of 6 ms).
inline constexpr const char* kOneRequest = R"(
workload:
  arrival: {kind: constant, rate_per_s: 1}
  prompt_tokens: {kind: fixed, tokens: 1000}
  output_tokens: {kind: fixed, tokens: 10}
simulation: {num_requests: 1}
)";

// One replica of Llama-3.1-8B on an H100 with a fixed latency model: a step costs 1 ms, plus
// 0.01 ms per prefill token, plus 5 ms when it decodes anything.
inline std::string FixedModelScenario(const std::string& workload) {
  return R"(
model: llama-3.1-8b
gpu: h100_sxm
deployment: {replicas: 1}
engine: {preset: vllm}
latency: {kind: fixed, prefill_ms_per_token: 0.01, decode_ms_per_step: 5, step_overhead_ms: 1}
)" + workload;
}

}  // namespace gpuplan::testing
