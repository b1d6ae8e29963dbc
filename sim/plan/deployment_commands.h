// The commands that turn a recommendation into a running fleet and check it on one node before
// it is bought: the engine's launch command for one replica with every knob the simulation
// assumed (vllm serve, python -m sglang.launch_server, trtllm-serve), the vllm bench serve run
// that offers one replica its share of the peak load with the SLO as --goodput, and the
// gpuplan compare command that reads that run's result back against this very simulation.
// Spellings: vllm/engine/arg_utils.py, python/sglang/srt/server_args.py,
// tensorrt_llm/commands/serve.py and tensorrt_llm/llmapi/llm_args.py (sim/validation/
// serve_flags.cc reads the same flags back).
#pragma once

#include <string>
#include <vector>

#include "sim/config/scenario.h"
#include "sim/plan/speed_target.h"

namespace gpuplan {

struct VerificationLoad {
  double rate_per_s = 0;  // one replica's share of the peak
  double mean_prompt_tokens = 0;
  double mean_output_tokens = 0;
  int64_t requests = 0;
};

// The port every launch command serves on (vLLM's and trtllm-serve's default; SGLang is told),
// which the benchmark, the Kubernetes manifests and their readiness probe use.
inline constexpr int kServePort = 8000;

struct DeploymentCommands {
  std::string serve;  // one replica's launch command, one flag per backslash-continued line
  // The same command as separate words: the program, then each flag and value on its own (what a
  // container's `command` takes; kubernetes_manifests.h runs it in every pod).
  std::vector<std::string> serve_args;
  std::string engine_config;       // TRT-LLM's --extra_llm_api_options YAML ("" for other engines)
  std::string bench;               // vllm bench serve against that replica
  std::string compare;             // gpuplan compare of the bench result
  std::vector<std::string> notes;  // what the commands approximate or leave to the operator
};

// "95" for 95, "99.9" for 99.9 (vllm bench serve's --metric-percentiles spelling).
std::string PercentileWordOf(double p);

// `scenario`: the recommended fleet as simulated (RecommendedScenario); `scenario_file`: where
// that scenario is written (the plan's recommended/resolved_scenario.yaml).
DeploymentCommands MakeDeploymentCommands(const Scenario& scenario, const SloTargets& slo,
                                          const VerificationLoad& load,
                                          const std::string& scenario_file);

}  // namespace gpuplan
