// Plans built from YAML text against the shipped catalog, and a small world whose answer is
// known by hand: a fixed latency model and constant arrivals.
#pragma once

#include <string>
#include <vector>

#include "sim/config/catalog_loader.h"
#include "sim/config/plan_spec.h"
#include "sim/plan/planner.h"
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

inline PlanSpec PlanFromYaml(const std::string& yaml, const std::vector<std::string>& sets = {}) {
  return LoadPlanFromString(yaml, "test_plan.yaml", sets, ShippedCatalog(),
                            PlanLoaderOptions(SharedBuiltins()));
}

// One H100 replica of Llama-3.1-8B whose only cost is prefill: 0.1 ms per prompt token (a decode
// step would cost 1 ms, but there is none). Every
// request has 100 prompt tokens and 1 output token (no decode), so a replica serves a request in
// exactly 10 ms, and requests arrive evenly spaced. Round robin hands each of r replicas every
// r-th request, 1000 r / rate ms apart: when that gap is >= 10 ms nothing ever waits and TTFT =
// E2E = 10 ms; when it is shorter the backlog grows with every request. At 430 req/s the
// smallest fleet without a backlog is ceil(430 x 0.010) = 5 replicas.
inline std::string FixedWorldPlan(const std::string& extra = "") {
  return R"(
name: fixed-world
scenario:
  model: llama-3.1-8b
  gpu: h100_sxm
  engine: {preset: vllm}
  latency: {kind: fixed, prefill_ms_per_token: 0.1, decode_ms_per_step: 1}
  workload:
    arrival: {kind: constant, rate_per_s: 1}
    prompt_tokens: {kind: fixed, tokens: 100}
    output_tokens: {kind: fixed, tokens: 1}
traffic:
  peak_rate_per_s: 430
slo: {ttft_ms: 15, e2e_ms: 15}
candidates:
  replicas: {min: 1, max: 16}
search: {seeds: 2, requests_per_probe: 600, sensitivity: []}
)" + extra;
}

}  // namespace gpuplan::testing
