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
