#include "sim/catalog/engine_defaults.h"

#include <fmt/format.h>

#include <string>

namespace gpuplan {
namespace {

// vLLM's threshold: device memory of at least 70 GiB (and not an A100) picks the large batch.
constexpr double kVllmLargeGpuGib = 70;
// SGLang's chunked_prefill_size tiers by GPU memory (GiB, upper bounds).
constexpr double kSglangTier1Gib = 35, kSglangTier2Gib = 60, kSglangTier3Gib = 160;

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

void SglangDefaults(EngineSpec& e, const EngineSpec& preset, const GpuSpec& gpu) {
  const double gib = gpu.memory_gib;
  const int chunk = gib < kSglangTier1Gib   ? 2048
                    : gib < kSglangTier2Gib ? 4096
                    : gib < kSglangTier3Gib ? 8192
                                            : 16384;
  Set(e, preset, &EngineSpec::max_num_batched_tokens, "max_num_batched_tokens", chunk,
      fmt::format("SGLang's chunked_prefill_size for {} ({:g} GiB; "
                  "python/sglang/srt/server_args.py)",
                  gpu.name, gib));
}

}  // namespace

void ApplyGpuDefaults(EngineSpec& engine, const EngineSpec& preset, const GpuSpec& gpu) {
  if (engine.gpu_defaults == "vllm") {
    VllmDefaults(engine, preset, gpu);
  } else if (engine.gpu_defaults == "sglang") {
    SglangDefaults(engine, preset, gpu);
  }
}

}  // namespace gpuplan
