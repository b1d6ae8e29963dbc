// The engine settings of the benchmark recipes some measured rows were run with, for what the
// rows themselves do not record. InferenceX (the source of the aic_silicon rows whose lengths
// follow its recipe) launches every engine with its own flags: FP8 KV cache, its own token
// budgets and memory fractions. Only settings read from the recipe's scripts are here, each with
// the script it comes from.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/catalog/dtype.h"
#include "sim/catalog/specs.h"
#include "sim/validation/serving_row.h"

namespace gpuplan {

struct RecipeSettings {
  std::string name;  // "InferenceX Llama-3.1-70B (Oct 2025)"
  std::string source;
  std::optional<Dtype> kv_dtype;
  std::optional<bool> async_scheduling;
  std::optional<bool> enable_prefix_caching;
  std::optional<int> max_num_seqs;
  std::optional<int> max_num_batched_tokens;
  std::optional<int> max_model_len;
  std::optional<double> gpu_memory_utilization;
  std::optional<std::string> cuda_graph_mode;  // EngineSpec::cuda_graph_mode
  // Options of the engine's scheduler (engine.scheduler), by name, as text.
  std::vector<std::pair<std::string, std::string>> scheduler_options;
  // Settings of the script that gpuplan does not model, written into the row's assumptions.
  std::vector<std::string> not_modelled;
};

// The recipe of `row`, or nullopt when the row's source publishes its own settings or none is
// known.
std::optional<RecipeSettings> RecipeFor(const ServingRow& row);

// trtllm-bench throughput's engine settings when neither max_batch_size nor max_num_tokens is
// given (tensorrt_llm/bench/build/tuning.py calc_engine_setting, bench/benchmark/utils/general.py
// get_settings): the most requests of ISL + OSL tokens the KV cache of the whole node could hold,
// rounded to the tuned grid, and a token budget of that many requests' ISL/OSL mix; without
// chunked prefill at least the longest prompt plus the batch. `weight_bytes` per parameter, KV
// bytes per element, `gpu_memory_gib` what NVML reports, `kv_fraction` its
// --kv_cache_free_gpu_mem_fraction (0.95 in the perf overview's runs).
struct TrtllmBenchSettings {
  int max_batch_size = 0;
  int max_num_tokens = 0;
};
TrtllmBenchSettings TrtllmBenchEngineSettings(const ModelSpec& model, int tp, int pp,
                                              double weight_bytes, double kv_bytes,
                                              double gpu_memory_gib, double kv_fraction, double isl,
                                              double osl);

}  // namespace gpuplan
