// Memory model: how one replica's GPU memory splits into weights, runtime memory and the paged KV
// cache, and so how many KV blocks (and sequences) a replica can hold. Each engine sizes its KV
// cache its own way (KvMemoryRule); all of them start from the memory the CUDA runtime reports
// (GpuSpec::UsableMemoryBytes, less than the nominal "80 GB").
//
// Everything is per GPU of the most loaded pipeline stage, because that GPU runs out first:
//   weights   = ceil(layers / PP) layers of TP-sharded weights + the embedding table (first stage)
//               or the LM head and final norm (last stage), whichever is larger; at PP = 1 both
//   kv/token  = 2 (K and V) x ceil(layers / PP) x kv_heads_per_gpu x head_dim x kv dtype bytes,
//               kv_heads_per_gpu = ceil(kv_heads / TP), at least 1 (replicated when kv_heads < TP)
//   activation = the peak of one forward pass over max_num_batched_tokens tokens plus the
//               sampler's fp32 logits for min(max_num_seqs, max_num_batched_tokens) rows (the
//               profiling run vLLM and TensorRT-LLM make at start-up), see ActivationPeakBytes
//   budget    = vllm:    total x gpu_memory_utilization - weights - activation - non-torch
//               trtllm:  (total - weights - activation - non-torch) x free_gpu_memory_fraction
//               sglang:  total x mem_fraction_static - weights
//               fixed_reserve: nominal x gpu_memory_utilization - weights - activation_reserve_gib
//   blocks    = floor(budget / (block_size x kv/token)), 0 when the budget is negative, or the
//               engine's num_gpu_blocks_override when set
// The replica fits when at least one block remains. docs/latency-model.md has the details.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/catalog/specs.h"

namespace gpuplan {

// How an engine turns GPU memory into KV cache (EngineSpec::kv_memory_rule).
enum class KvMemoryRule {
  kFixedReserve,  // nominal memory x utilisation - weights - a fixed activation reserve
  kVllm,          // vllm/v1/worker/gpu_worker.py determine_available_memory
  kTrtllm,        // tensorrt_llm/_torch/pyexecutor/_util.py KvCacheCreator
  kSglang,        // python/sglang/srt/model_executor/model_runner.py profile_max_num_token
};
std::optional<KvMemoryRule> ParseKvMemoryRule(std::string_view name);
std::string_view KvMemoryRuleName(KvMemoryRule rule);

// The engine knobs the memory split depends on (vLLM spellings), separate from EngineSpec so a
// what-if can vary them without building a whole engine preset.
struct MemorySettings {
  // vLLM gpu_memory_utilization, TRT-LLM free_gpu_memory_fraction, SGLang mem_fraction_static
  double gpu_memory_utilization = 0.9;
  int block_size = 16;                // KV cache block, tokens
  double activation_reserve_gib = 0;  // kFixedReserve only: non-KV runtime memory
  KvMemoryRule rule = KvMemoryRule::kFixedReserve;
  int max_num_batched_tokens = 8192;  // the profiling run's size
  int max_num_seqs = 256;
  // > 0: the KV cache has exactly this many blocks, whatever the memory split says (vLLM's
  // num_gpu_blocks_override, used to pin a simulation to a real server's logged capacity).
  int num_gpu_blocks_override = 0;

  static MemorySettings FromEngine(const EngineSpec& engine);
};

// Bytes of weights one GPU holds, split by where they live. Linear layers use the deployment's
// weight dtype; embeddings, LM head and norms stay 16-bit (as vLLM keeps them when quantising).
struct WeightBytes {
  double layers = 0;     // ceil(layers / PP) transformer layers, TP-sharded
  double embedding = 0;  // vocab / TP rows (first stage)
  double lm_head = 0;    // vocab / TP rows + final norm (last stage); shared with embedding when
                         // tied and PP = 1
  double total = 0;      // layers + the larger stage extra (both at PP = 1)
};

WeightBytes WeightBytesPerGpu(const ModelSpec& model, const Deployment& deployment);

// K and V bytes of one token on one GPU of the most loaded stage.
int64_t KvBytesPerTokenPerGpu(const ModelSpec& model, const Deployment& deployment);

// KV heads one GPU stores: ceil(kv_heads / TP), at least 1 (heads are replicated when TP exceeds
// the KV head count, as vLLM does).
int KvHeadsPerGpu(const ModelSpec& model, int tensor_parallel);

// Peak activation memory of the start-up profiling run: one forward pass over
// max_num_batched_tokens tokens (per token, in 16-bit: the residual and the normed input, the
// QKV projection's output, the MLP's gate/up output and its activated half, all TP-sharded but
// the residual) plus the sampler's fp32 logits and their softmax for min(max_num_seqs,
// max_num_batched_tokens) rows. Checked against a vLLM 0.10.2 start-up log (docs/catalog.md).
double ActivationPeakBytes(const ModelSpec& model, const Deployment& deployment,
                           const MemorySettings& settings);

struct MemoryPlan {
  KvMemoryRule rule = KvMemoryRule::kFixedReserve;
  double memory_bytes = 0;  // nominal GPU capacity
  double total_bytes = 0;   // what the CUDA runtime reports (the engines' "total")
  double usable_bytes = 0;  // what the rule lets the engine use for weights + runtime + KV
  double weight_bytes = 0;  // per GPU, most loaded stage
  double activation_reserve_bytes = 0;  // runtime memory: activation peak + non-torch, or the
                                        // fixed reserve
  double kv_budget_bytes = 0;           // usable - weights - reserve; negative when over
  int64_t kv_bytes_per_token = 0;       // per GPU
  int64_t block_bytes = 0;              // block_size x kv_bytes_per_token
  int block_size = 0;
  int64_t num_kv_blocks = 0;
  int64_t max_kv_tokens = 0;  // num_kv_blocks x block_size
  bool fits = false;          // num_kv_blocks >= 1
  std::string explanation;    // why it does not fit, with numbers; empty when it fits

  // The KV cache as the engine logs it at start-up, e.g. vLLM's "GPU KV cache size: 451,744
  // tokens", so a user can check it against a real server's log.
  std::string EngineLogLine() const;

  // Sequences of `context_tokens` tokens each (prompt + output) that fit in the KV cache at once;
  // each takes ceil(context_tokens / block_size) blocks. 0 when context_tokens <= 0.
  int64_t MaxSequences(int64_t context_tokens) const;
};

MemoryPlan PlanMemory(const ModelSpec& model, const GpuSpec& gpu, const Deployment& deployment,
                      const MemorySettings& settings);

}  // namespace gpuplan
