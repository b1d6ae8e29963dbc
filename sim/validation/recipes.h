// The engine settings of the benchmark recipes some measured rows were run with, for what the
// rows themselves do not record. InferenceX (the source of the aic_silicon rows whose lengths
// follow its recipe) launches every engine with its own flags: FP8 KV cache, its own token
// budgets and memory fractions. Only settings read from the recipe's scripts are here, each with
// the script it comes from.
#pragma once

#include <optional>
#include <string>

#include "sim/catalog/dtype.h"
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
};

// The recipe of `row`, or nullopt when the row's source publishes its own settings or none is
// known.
std::optional<RecipeSettings> RecipeFor(const ServingRow& row);

}  // namespace gpuplan
