// Catalog entries: what a GPU, a model and an engine preset are, as typed values. Loaded from
// configs/{gpus,models,engines}/*.yaml by config/ (only config/ sees YAML); every numeric field
// carries the source it was taken from in `sources` (field name -> citation).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "sim/catalog/dtype.h"

namespace gpuplan {

using SourceMap = std::map<std::string, std::string>;  // field name -> where the value comes from

// The GPU-to-GPU links the collective model knows (latency/collective_model.h): NVLink by
// generation (2 V100, 3 A100, 4 H100/H200 with NVSwitch reduction (NVLS), 5 B200; NVIDIA's
// NVLink pages) and PCIe by generation (3.0 to 6.0, PCI-SIG). A catalog entry naming anything
// else is refused: an unknown link would silently be priced as PCIe.
inline constexpr const char* kInterconnects[] = {"nvlink2", "nvlink3", "nvlink4", "nvlink5",
                                                 "pcie3",   "pcie4",   "pcie5",   "pcie6"};

// What kind of price a catalog price is. Prices of different kinds are not comparable: a
// community or spot host can be reclaimed and has no capacity guarantee, a reserved rate needs a
// term commitment, and GPU clouds and hyperscalers differ in quotas, regions and support. A plan
// compares like with like (cost.cloud.tier) or says that it does not (the price_tiers_mixed
// warning). docs/planning-method.md "Price tiers".
inline constexpr const char* kPriceTiers[] = {"hyperscaler_on_demand", "hyperscaler_reserved",
                                              "gpu_cloud_on_demand", "community", "spot"};

struct GpuSpec {
  std::string name;          // catalog key, e.g. "h100_sxm"
  std::string display_name;  // "NVIDIA H100 SXM5 80GB"
  double memory_gib = 0;     // HBM/GDDR capacity, GiB (2^30 bytes)
  // What the CUDA runtime reports as the device's total (cudaMemGetInfo, torch.cuda.mem_get_info),
  // which the engines size their KV cache from; less than the nominal capacity. 0: memory_gib.
  double usable_memory_gib = 0;
  double hbm_tbps = 0;     // memory bandwidth, TB/s (10^12 bytes/s)
  double bf16_tflops = 0;  // dense (no sparsity) tensor-core peaks, TFLOP/s
  double fp16_tflops = 0;
  double fp8_tflops = 0;  // 0 when the GPU has no FP8 tensor cores
  double int8_tops = 0;
  std::string interconnect;            // one of kInterconnects; "" when not stated
  double interconnect_gbps = 0;        // GPU-to-GPU bandwidth per direction per GPU, GB/s
  double interconnect_latency_us = 0;  // one-hop collective launch + link latency, us
  double pcie_gbps = 0;                // host link per direction, GB/s (swap, weight loading)
  int sm_count = 0;
  double tdp_w = 0;
  double price_usd_per_gpu_hour = 0;  // reference cloud price
  std::string price_date;             // YYYY-MM-DD when the price was read
  std::string price_source;
  std::string price_tier;    // one of kPriceTiers; required with a price, "" without one
  std::string price_region;  // where the price applies, e.g. "AWS us-east-1 (N. Virginia)"
  SourceMap sources;

  // Peak dense tensor rate for a compute dtype, FLOP/s; 0 when unsupported.
  double PeakFlops(Dtype dtype) const;
  double MemoryBytes() const { return memory_gib * 1073741824.0; }
  double UsableMemoryBytes() const {
    return (usable_memory_gib > 0 ? usable_memory_gib : memory_gib) * 1073741824.0;
  }
  double MemoryBandwidth() const { return hbm_tbps * 1e12; }  // bytes/s
};

struct ModelSpec {
  std::string name;          // catalog key, e.g. "llama-3.1-8b"
  std::string display_name;  // "Llama-3.1-8B"
  // The Hugging Face repository a deployment serves (the instruct checkpoint with these shapes),
  // named in the deployment commands a plan writes; "" when unknown.
  std::string hf_repo;
  int num_layers = 0;
  int hidden_size = 0;
  int num_attention_heads = 0;
  int num_kv_heads = 0;
  int head_dim = 0;
  int intermediate_size = 0;
  int vocab_size = 0;
  int max_context_tokens = 0;
  bool gated_mlp = true;             // SwiGLU (gate + up) vs a plain 2-matrix MLP
  bool tie_word_embeddings = false;  // LM head shares the embedding matrix
  SourceMap sources;

  // Parameter count from the shapes (embeddings, attention, MLP, norms, LM head).
  int64_t NumParams() const;
  // KV cache elements per token over all layers (K and V), before TP sharding.
  int64_t KvElementsPerToken() const {
    return 2LL * num_layers * num_kv_heads * static_cast<int64_t>(head_dim);
  }
};

struct EngineSpec {
  std::string name;  // "vllm", "sglang", "trtllm"
  std::string display_name;
  std::string version;    // engine version whose defaults these are
  std::string scheduler;  // scheduler policy kind, e.g. "continuous"
  int max_num_seqs = 256;
  int max_num_batched_tokens = 8192;
  int block_size = 16;  // KV cache block, tokens
  double gpu_memory_utilization = 0.9;
  bool enable_chunked_prefill = true;
  std::string preemption_mode = "recompute";  // "recompute" or "swap"
  double watermark = 0.01;                    // fraction of KV blocks kept free at admission
  double cpu_overhead_per_step_us = 0;        // scheduler + launch overhead per iteration
  double cpu_overhead_per_request_us = 0;     // per request in the batch (input prep, sampling)
  // The engine prepares step n+1 while the GPU runs step n (vLLM async_scheduling, TensorRT-LLM's
  // overlap scheduler, SGLang's overlap schedule): host time shows only beyond the GPU time, and
  // a request arriving during step n first joins step n+2 (ReplicaConfig::schedules_ahead).
  bool async_scheduling = false;
  // Freed KV blocks keep their contents until reused (vLLM enable_prefix_caching, TRT-LLM
  // enable_block_reuse, SGLang's radix cache): a preempted request recomputes only what was
  // evicted meanwhile.
  bool enable_prefix_caching = false;
  double activation_reserve_gib = 0;  // non-KV runtime memory (activations, CUDA graphs)
  // How the engine sizes its KV cache: "vllm", "trtllm", "sglang" (each engine's own rule, see
  // latency/memory_model.h) or "fixed_reserve" (nominal memory x utilisation - weights -
  // activation_reserve_gib).
  std::string kv_memory_rule = "fixed_reserve";
  // How tensor-parallel all-reduces run: "custom" (vLLM's and SGLang's custom all-reduce),
  // "trtllm_auto" (TensorRT-LLM's AUTO strategy) or "nccl" (latency/collective_model.h).
  std::string all_reduce = "nccl";
  // Which steps replay CUDA graphs (latency/host_time.h CudaGraphMode): "piecewise" (any step of
  // at most the latency model's cuda_graph_max_tokens), "full_decode_only" (only steps without a
  // prefill) or "none" (eager). Steps that do not replay one launch every kernel from the host.
  std::string cuda_graph_mode = "piecewise";
  // The longest sequence (prompt + output) the engine accepts: vLLM max_model_len, TRT-LLM
  // max_seq_len, SGLang context_length. 0: the model's max_context_tokens (every engine's
  // default).
  int max_model_len = 0;
  // KV blocks per replica instead of the memory model's count (vLLM num_gpu_blocks_override):
  // pins the cache to what a real server logged at start-up. 0: computed from memory.
  int num_gpu_blocks_override = 0;
  // Whose start-up rule picks the knobs a user leaves unset from the GPU (engine_defaults.h):
  // "vllm" (get_batch_defaults), "sglang" (server_args chunked_prefill_size) or "none".
  std::string gpu_defaults = "none";
  SourceMap sources;

  // max_model_len, or the model's context window when it is 0.
  int MaxModelLen(const ModelSpec& model) const {
    return max_model_len > 0 ? max_model_len : model.max_context_tokens;
  }
};

// The largest deployment a scenario may describe. Each is far above what is built today (the
// largest NVLink domains are 72 GPUs, NVL576 is announced), and together they keep every GPU
// count within int (10,000 x 128 x 128 = 1.6e8) and memory bounded before anything is allocated.
inline constexpr int kMaxReplicas = 10'000;
inline constexpr int kMaxParallelism = 128;  // tensor_parallel and pipeline_parallel, each
inline constexpr int kMaxGpusPerNode = 576;

struct Deployment {
  int replicas = 1;
  int tensor_parallel = 1;
  int pipeline_parallel = 1;
  int gpus_per_node = 8;
  Dtype weight_dtype = Dtype::kBf16;
  Dtype kv_dtype = Dtype::kBf16;
  int GpusPerReplica() const { return tensor_parallel * pipeline_parallel; }
  int TotalGpus() const { return replicas * GpusPerReplica(); }
};

}  // namespace gpuplan
