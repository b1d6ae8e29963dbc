#include "sim/bundle/serving_term_schema.h"

namespace gpuplan {
namespace {

// Bounds: a step's host preparation is tens to a few hundred microseconds in the engines'
// profiles (vLLM's scheduler + input preparation, docs/latency-model.md section 2.4); 20 ms is
// ten times the slowest Python scheduler step the validation data implies. A per-request cost
// above 2 ms would make a 256-request batch spend half a second on the host. The multipliers
// allow a kernel family to run 4x faster or slower in the engine than modelled alone; a fit that
// wants more has a structural error the multipliers must not hide.
constexpr std::array<ServingTermInfo, kNumServingTerms> kTerms = {{
    {ServingTerm::kHostPerStepUs, "host_per_step_us", "us", 0, 20000, TermScale::kLinear,
     "host time per engine step (scheduling, input preparation)"},
    {ServingTerm::kHostPerRequestUs, "host_per_request_us", "us", 0, 2000, TermScale::kLinear,
     "host time per request in the step's batch"},
    {ServingTerm::kHostOverlap, "host_overlap", "fraction", 0, 1, TermScale::kLinear,
     "share of the host time prepared during the previous step (1: fully overlapped)"},
    {ServingTerm::kGemmTimeScale, "gemm_time_scale", "x", 0.25, 4, TermScale::kLog,
     "multiplier on the GEMMs (QKV, O, gate+up, down, LM head)"},
    {ServingTerm::kAttentionTimeScale, "attention_time_scale", "x", 0.25, 4, TermScale::kLog,
     "multiplier on prefill and decode attention"},
    {ServingTerm::kCollectiveTimeScale, "collective_time_scale", "x", 0.25, 4, TermScale::kLog,
     "multiplier on all-reduces and pipeline sends"},
    {ServingTerm::kMemoryTimeScale, "memory_time_scale", "x", 0.25, 4, TermScale::kLog,
     "multiplier on memory-bound kernels (norms, RoPE, KV write, activation, residual, "
     "embedding, sampling)"},
}};

}  // namespace

const std::array<ServingTermInfo, kNumServingTerms>& ServingTermInfos() { return kTerms; }

const ServingTermInfo& InfoOf(ServingTerm term) { return kTerms[static_cast<size_t>(term)]; }

std::optional<ServingTerm> ServingTermByName(std::string_view name) {
  for (const ServingTermInfo& info : kTerms) {
    if (info.name == name) return info.term;
  }
  return std::nullopt;
}

}  // namespace gpuplan
