#include "sim/latency/memory_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

constexpr double kGiB = 1073741824.0;
constexpr double kSixteenBit = 2.0;  // embeddings, LM head and norms are kept in bf16/fp16
constexpr double kFp32Bytes = 4.0;
// The sampler's fp32 logits and their softmax live together (vLLM _dummy_sampler_run).
constexpr double kLogitsCopies = 2.0;
// Memory outside PyTorch's allocator that vLLM's profiler charges (CUDA context growth, NCCL):
// 0.07 GiB in a vLLM 0.10.2 start-up log on one H100 (docs/latency-model.md, section 1); used
// for every engine and TP size, an estimate beyond that one measurement.
constexpr double kNonTorchBytes = 0.07 * 1073741824.0;
// More blocks than any replica could use (the simulator holds int32 block ids); counting stops
// here so that blocks x block_size still fits int64.
constexpr double kMaxKvBlocksCounted = 1e15;

int LayersPerStage(const ModelSpec& model, int pipeline_parallel) {
  return (model.num_layers + pipeline_parallel - 1) / pipeline_parallel;
}

// Parameters of one layer's linear layers on one GPU (Q and O sharded by heads, K and V by KV
// heads with replication, MLP by the intermediate dimension).
double LinearParamsPerLayerPerGpu(const ModelSpec& model, int tp) {
  const double h = model.hidden_size;
  const double q = static_cast<double>(model.num_attention_heads) * model.head_dim / tp;
  const double kv = static_cast<double>(KvHeadsPerGpu(model, tp)) * model.head_dim;
  const double mlp = (model.gated_mlp ? 3.0 : 2.0) * h * model.intermediate_size / tp;
  return 2.0 * h * q + 2.0 * h * kv + mlp;
}

std::string ParallelismText(const Deployment& d) {
  if (d.pipeline_parallel == 1) return fmt::format("TP={}", d.tensor_parallel);
  return fmt::format("TP={}, PP={}", d.tensor_parallel, d.pipeline_parallel);
}

}  // namespace

std::optional<KvMemoryRule> ParseKvMemoryRule(std::string_view name) {
  if (name == "fixed_reserve") return KvMemoryRule::kFixedReserve;
  if (name == "vllm") return KvMemoryRule::kVllm;
  if (name == "trtllm") return KvMemoryRule::kTrtllm;
  if (name == "sglang") return KvMemoryRule::kSglang;
  return std::nullopt;
}

std::string_view KvMemoryRuleName(KvMemoryRule rule) {
  switch (rule) {
    case KvMemoryRule::kFixedReserve:
      return "fixed_reserve";
    case KvMemoryRule::kVllm:
      return "vllm";
    case KvMemoryRule::kTrtllm:
      return "trtllm";
    case KvMemoryRule::kSglang:
      return "sglang";
  }
  return "?";
}

MemorySettings MemorySettings::FromEngine(const EngineSpec& engine) {
  MemorySettings m;
  m.gpu_memory_utilization = engine.gpu_memory_utilization;
  m.block_size = engine.block_size;
  m.activation_reserve_gib = engine.activation_reserve_gib;
  m.num_gpu_blocks_override = engine.num_gpu_blocks_override;
  m.rule = ParseKvMemoryRule(engine.kv_memory_rule).value_or(KvMemoryRule::kFixedReserve);
  m.max_num_batched_tokens = engine.max_num_batched_tokens;
  m.max_num_seqs = engine.max_num_seqs;
  return m;
}

double ActivationPeakBytes(const ModelSpec& model, const Deployment& deployment,
                           const MemorySettings& settings) {
  const int tp = deployment.tensor_parallel;
  const double h = model.hidden_size;
  const double qkv = (static_cast<double>(model.num_attention_heads) * model.head_dim / tp) +
                     2.0 * KvHeadsPerGpu(model, tp) * model.head_dim;
  const double mlp = (model.gated_mlp ? 3.0 : 2.0) * model.intermediate_size / tp;
  const double per_token = kSixteenBit * (2.0 * h + qkv + mlp);
  const double rows = std::min(settings.max_num_seqs, settings.max_num_batched_tokens);
  const double logits = kLogitsCopies * kFp32Bytes * rows * model.vocab_size;
  return settings.max_num_batched_tokens * per_token + logits;
}

int KvHeadsPerGpu(const ModelSpec& model, int tensor_parallel) {
  return std::max(1, (model.num_kv_heads + tensor_parallel - 1) / tensor_parallel);
}

WeightBytes WeightBytesPerGpu(const ModelSpec& model, const Deployment& deployment) {
  const int tp = deployment.tensor_parallel;
  const int pp = deployment.pipeline_parallel;
  const double h = model.hidden_size;
  const double norms_per_layer = 2.0 * h * kSixteenBit;  // replicated on every TP rank
  WeightBytes w;
  w.layers = LayersPerStage(model, pp) *
             (LinearParamsPerLayerPerGpu(model, tp) * BytesPerElement(deployment.weight_dtype) +
              norms_per_layer);
  w.embedding = static_cast<double>(model.vocab_size) * h / tp * kSixteenBit;
  // With PP > 1 the last stage holds its own LM head even when tied to the embedding.
  const bool shares_table = model.tie_word_embeddings && pp == 1;
  w.lm_head = (shares_table ? 0.0 : w.embedding) + h * kSixteenBit;
  w.total = w.layers + (pp == 1 ? w.embedding + w.lm_head : std::max(w.embedding, w.lm_head));
  return w;
}

int64_t KvBytesPerTokenPerGpu(const ModelSpec& model, const Deployment& deployment) {
  const double bytes = 2.0 * LayersPerStage(model, deployment.pipeline_parallel) *
                       KvHeadsPerGpu(model, deployment.tensor_parallel) * model.head_dim *
                       BytesPerElement(deployment.kv_dtype);
  return static_cast<int64_t>(std::ceil(bytes));
}

int64_t MemoryPlan::MaxSequences(int64_t context_tokens) const {
  if (context_tokens <= 0 || block_size <= 0) return 0;
  const int64_t blocks_per_seq = (context_tokens + block_size - 1) / block_size;
  return num_kv_blocks / blocks_per_seq;
}

namespace {

MemoryPlan ComputePlan(const ModelSpec& model, const GpuSpec& gpu, const Deployment& deployment,
                       const MemorySettings& settings) {
  GPUPLAN_CHECK(deployment.tensor_parallel >= 1 && deployment.pipeline_parallel >= 1,
                "parallelism must be >= 1 (TP={}, PP={})", deployment.tensor_parallel,
                deployment.pipeline_parallel);
  GPUPLAN_CHECK(settings.block_size >= 1, "block_size must be >= 1, got {}", settings.block_size);
  MemoryPlan p;
  p.rule = settings.rule;
  p.memory_bytes = gpu.MemoryBytes();
  p.total_bytes = gpu.UsableMemoryBytes();
  p.weight_bytes = WeightBytesPerGpu(model, deployment).total;
  const double util = settings.gpu_memory_utilization;
  const double runtime = ActivationPeakBytes(model, deployment, settings) + kNonTorchBytes;
  switch (settings.rule) {
    case KvMemoryRule::kFixedReserve:
      p.usable_bytes = p.memory_bytes * util;
      p.activation_reserve_bytes = settings.activation_reserve_gib * kGiB;
      p.kv_budget_bytes = p.usable_bytes - p.weight_bytes - p.activation_reserve_bytes;
      break;
    case KvMemoryRule::kVllm:  // requested = total x utilisation; KV = requested - non-KV
      p.usable_bytes = p.total_bytes * util;
      p.activation_reserve_bytes = runtime;
      p.kv_budget_bytes = p.usable_bytes - p.weight_bytes - runtime;
      break;
    case KvMemoryRule::kTrtllm:  // the fraction applies to what is free after the profiling run
      p.usable_bytes = p.total_bytes;
      p.activation_reserve_bytes = runtime;
      p.kv_budget_bytes = (p.total_bytes - p.weight_bytes - runtime) * util;
      break;
    case KvMemoryRule::kSglang:  // weights + KV pool = total x mem_fraction_static
      p.usable_bytes = p.total_bytes * util;
      p.kv_budget_bytes = p.usable_bytes - p.weight_bytes;
      break;
  }
  p.kv_bytes_per_token = KvBytesPerTokenPerGpu(model, deployment);
  p.block_size = settings.block_size;
  p.block_bytes = p.kv_bytes_per_token * settings.block_size;
  if (settings.num_gpu_blocks_override > 0) {
    p.num_kv_blocks = settings.num_gpu_blocks_override;
  } else if (p.kv_budget_bytes > 0 && p.block_bytes > 0) {
    // Saturated before the conversion (an absurd memory_gib must not overflow int64); the runner
    // refuses counts beyond what the simulator holds, with the numbers.
    p.num_kv_blocks = static_cast<int64_t>(
        std::min(std::floor(p.kv_budget_bytes / p.block_bytes), kMaxKvBlocksCounted));
  }
  p.max_kv_tokens = p.num_kv_blocks * settings.block_size;
  p.fits = p.num_kv_blocks >= 1;
  return p;
}

// Changes that would make the plan fit: the smallest larger TP that divides the attention heads,
// and fp8 weights at the current TP when the weights are wider than 8 bits.
std::vector<std::string> Suggestions(const ModelSpec& model, const GpuSpec& gpu,
                                     const Deployment& deployment, const MemorySettings& settings) {
  std::vector<std::string> out;
  for (int tp = deployment.tensor_parallel * 2; tp <= 64; tp *= 2) {
    if (model.num_attention_heads % tp != 0) break;
    Deployment d = deployment;
    d.tensor_parallel = tp;
    if (ComputePlan(model, gpu, d, settings).fits) {
      out.push_back(fmt::format("tensor_parallel >= {}", tp));
      break;
    }
  }
  if (BytesPerElement(deployment.weight_dtype) > 1.0) {
    Deployment d = deployment;
    d.weight_dtype = Dtype::kFp8;
    if (ComputePlan(model, gpu, d, settings).fits) out.push_back("fp8 weights");
  }
  if (out.empty()) out.push_back("a GPU with more memory or more GPUs per replica");
  return out;
}

// What the engine's rule lets it use, in words, for messages.
std::string UsableText(const GpuSpec& gpu, const MemorySettings& settings, const MemoryPlan& p) {
  const std::string gpu_name = gpu.display_name.empty() ? gpu.name : gpu.display_name;
  const double util = settings.gpu_memory_utilization;
  switch (settings.rule) {
    case KvMemoryRule::kFixedReserve:
      return fmt::format("one {} has {:g} GiB x {:.2f} = {:.1f} GiB usable", gpu_name,
                         gpu.memory_gib, util, p.usable_bytes / kGiB);
    case KvMemoryRule::kVllm:
      return fmt::format("vLLM may use {:.2f} GiB (what one {} reports) x {:.2f} = {:.1f} GiB",
                         p.total_bytes / kGiB, gpu_name, util, p.usable_bytes / kGiB);
    case KvMemoryRule::kTrtllm:
      return fmt::format("TensorRT-LLM keeps {:.2f} of what one {} ({:.2f} GiB) has left", util,
                         gpu_name, p.total_bytes / kGiB);
    case KvMemoryRule::kSglang:
      return fmt::format("SGLang's mem_fraction_static {:.3f} of {:.2f} GiB (one {}) = {:.1f} GiB",
                         util, p.total_bytes / kGiB, gpu_name, p.usable_bytes / kGiB);
  }
  return "";
}

std::string Explain(const ModelSpec& model, const GpuSpec& gpu, const Deployment& deployment,
                    const MemorySettings& settings, const MemoryPlan& p) {
  const std::string who =
      fmt::format("{} {}", model.display_name.empty() ? model.name : model.display_name,
                  DtypeName(deployment.weight_dtype));
  const std::string gpu_name = gpu.display_name.empty() ? gpu.name : gpu.display_name;
  const std::string usable = UsableText(gpu, settings, p);
  std::string need = fmt::format("{:.1f} GiB of weights", p.weight_bytes / kGiB);
  if (p.activation_reserve_bytes > 0) {
    need += fmt::format(
        " + {:.1f} GiB {}", p.activation_reserve_bytes / kGiB,
        settings.rule == KvMemoryRule::kFixedReserve ? "activation reserve" : "activations");
  }
  std::string what;
  if (p.kv_budget_bytes < 0) {
    what = fmt::format("{} needs {} per GPU at {} but {}", who, need, ParallelismText(deployment),
                       usable);
  } else {
    what = fmt::format(
        "{} at {} leaves {:.0f} bytes per GPU for the KV cache after {}, less than one block of "
        "{} tokens ({} bytes); {}",
        who, ParallelismText(deployment), p.kv_budget_bytes, need, p.block_size, p.block_bytes,
        usable);
  }
  std::string fixes;
  for (const std::string& s : Suggestions(model, gpu, deployment, settings)) {
    fixes += fixes.empty() ? s : " or " + s;
  }
  return fmt::format("{}; try {}", what, fixes);
}

// 451744 -> "451,744"
std::string Thousands(int64_t n) {
  std::string digits = fmt::format("{}", n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

}  // namespace

std::string MemoryPlan::EngineLogLine() const {
  switch (rule) {
    case KvMemoryRule::kVllm:
      return fmt::format("GPU KV cache size: {} tokens", Thousands(max_kv_tokens));
    case KvMemoryRule::kTrtllm:
      return fmt::format("Allocated {:.2f} GiB for max tokens in paged KV cache ({})",
                         static_cast<double>(num_kv_blocks) * block_bytes / kGiB, max_kv_tokens);
    case KvMemoryRule::kSglang:
      return fmt::format("max_total_num_tokens={}", max_kv_tokens);
    case KvMemoryRule::kFixedReserve:
      break;
  }
  return fmt::format("KV cache: {} tokens in {} blocks", Thousands(max_kv_tokens), num_kv_blocks);
}

MemoryPlan PlanMemory(const ModelSpec& model, const GpuSpec& gpu, const Deployment& deployment,
                      const MemorySettings& settings) {
  MemoryPlan p = ComputePlan(model, gpu, deployment, settings);
  if (!p.fits) p.explanation = Explain(model, gpu, deployment, settings, p);
  return p;
}

}  // namespace gpuplan
