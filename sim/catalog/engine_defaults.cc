#include "sim/catalog/engine_defaults.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace gpuplan {
namespace {

// vLLM's threshold: device memory of at least 70 GiB (and not an A100) picks the large batch.
constexpr double kVllmLargeGpuGib = 70;
// SGLang's chunked_prefill_size tiers by GPU memory (GiB, upper bounds).
constexpr double kSglangTier1Gib = 35, kSglangTier2Gib = 60, kSglangTier3Gib = 160;
// SGLang's cuda_graph_max_bs tiers (server_args.py): below 20 GiB 8; below 35 GiB 24 (TP < 4) or
// 80; below 60 GiB 32 or 160; below 160 GiB 256 or 512; above 512.
constexpr double kSglangGraphTier0Gib = 20;
// SGLang's reserve for a GPU over 60 GiB is at least 10 GiB; with chunked prefill off the
// activation term uses max_prefill_tokens, whose default is 16384.
constexpr double kSglangLargeGpuMib = 60 * 1024, kSglangLargeGpuFloorMib = 10 * 1024;
constexpr int kSglangMaxPrefillTokens = 16384;

// True when `field` still holds the preset's value and source: the user did not set it.
template <class T>
bool FromPreset(const EngineSpec& engine, const EngineSpec& preset, T EngineSpec::*field,
                const char* name) {
  auto source = [&](const EngineSpec& e) {
    auto it = e.sources.find(name);
    return it == e.sources.end() ? std::string() : it->second;
  };
  return engine.*field == preset.*field && source(engine) == source(preset);
}

template <class T>
void Set(EngineSpec& engine, const EngineSpec& preset, T EngineSpec::*field, const char* name,
         T value, const std::string& why) {
  if (!FromPreset(engine, preset, field, name) || engine.*field == value) return;
  engine.*field = value;
  engine.sources[name] = why;
}

bool IsA100(const GpuSpec& gpu) {
  return gpu.name.find("a100") != std::string::npos ||
         gpu.display_name.find("A100") != std::string::npos;
}

void VllmDefaults(EngineSpec& e, const EngineSpec& preset, const GpuSpec& gpu) {
  const bool large = gpu.memory_gib >= kVllmLargeGpuGib && !IsA100(gpu);
  const std::string why = fmt::format(
      "vLLM's default for {} (vllm/engine/arg_utils.py get_batch_defaults, OpenAI server: {})",
      gpu.name, large ? "a GPU with >= 70 GiB that is not an A100" : "every GPU below that tier");
  Set(e, preset, &EngineSpec::max_num_seqs, "max_num_seqs", large ? 1024 : 256, why);
  Set(e, preset, &EngineSpec::max_num_batched_tokens, "max_num_batched_tokens", large ? 8192 : 2048,
      why);
}

int SglangCudaGraphMaxBs(double gib, int tp) {
  const bool small_tp = tp < 4;
  if (gib < kSglangGraphTier0Gib) return 8;
  if (gib < kSglangTier1Gib) return small_tp ? 24 : 80;
  if (gib < kSglangTier2Gib) return small_tp ? 32 : 160;
  if (gib < kSglangTier3Gib) return small_tp ? 256 : 512;
  return 512;
}

void SglangDefaults(EngineSpec& e, const EngineSpec& preset, const GpuSpec& gpu,
                    const Deployment& deployment) {
  const double gib = gpu.memory_gib;
  const int chunk = gib < kSglangTier1Gib   ? 2048
                    : gib < kSglangTier2Gib ? 4096
                    : gib < kSglangTier3Gib ? 8192
                                            : 16384;
  Set(e, preset, &EngineSpec::max_num_batched_tokens, "max_num_batched_tokens", chunk,
      fmt::format("SGLang's chunked_prefill_size for {} ({:g} GiB; "
                  "python/sglang/srt/server_args.py)",
                  gpu.name, gib));
  // SGLang reads the GPU's memory from nvidia-smi, which reports 0.5-0.9 GiB more than the CUDA
  // runtime's total used here (81559 MiB against 79.19 GiB on an H100): the fraction can come
  // out up to 0.002 lower than the server's log prints.
  const double mib = gpu.UsableMemoryBytes() / (1024.0 * 1024.0);
  const int tp = deployment.tensor_parallel, pp = deployment.pipeline_parallel;
  const double fraction =
      SglangMemFractionStatic(mib, tp, pp, e.enable_chunked_prefill ? e.max_num_batched_tokens : 0);
  Set(e, preset, &EngineSpec::gpu_memory_utilization, "gpu_memory_utilization", fraction,
      fmt::format("SGLang's mem_fraction_static for {} at TP {} x PP {} ({:.0f} MiB, prefill "
                  "chunk {}, cuda_graph_max_bs {}; server_args.py _handle_gpu_memory_settings)",
                  gpu.name, tp, pp, mib, e.max_num_batched_tokens,
                  SglangCudaGraphMaxBs(mib / 1024, tp)));
}

}  // namespace

double SglangMemFractionStatic(double gpu_mem_mib, int tp, int pp, int chunk_tokens) {
  const int activation_tokens =
      std::max(chunk_tokens > 0 ? chunk_tokens : kSglangMaxPrefillTokens, 2048);
  double reserved = 512 + activation_tokens * 1.5 +
                    2.0 * SglangCudaGraphMaxBs(gpu_mem_mib / 1024, tp) + tp * pp / 8.0 * 1024;
  if (gpu_mem_mib > kSglangLargeGpuMib) reserved = std::max(reserved, kSglangLargeGpuFloorMib);
  return std::round((gpu_mem_mib - reserved) / gpu_mem_mib * 1000) / 1000;
}

void ApplyGpuDefaults(EngineSpec& engine, const EngineSpec& preset, const GpuSpec& gpu,
                      const Deployment& deployment) {
  if (engine.gpu_defaults == "vllm") {
    VllmDefaults(engine, preset, gpu);
  } else if (engine.gpu_defaults == "sglang") {
    SglangDefaults(engine, preset, gpu, deployment);
  }
}

}  // namespace gpuplan
