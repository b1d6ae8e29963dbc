#include "sim/latency/serving_terms.h"

namespace gpuplan {
namespace {

constexpr double kUs = 1e-6;

ServingTerm FamilyOf(OpKind op) {
  switch (op) {
    case OpKind::kQkvProj:
    case OpKind::kOutProj:
    case OpKind::kMlpUpGate:
    case OpKind::kMlpDown:
    case OpKind::kLmHead:
      return ServingTerm::kGemmTimeScale;
    case OpKind::kPrefillAttention:
    case OpKind::kDecodeAttention:
      return ServingTerm::kAttentionTimeScale;
    case OpKind::kAllReduce:
    case OpKind::kPipelineSend:
      return ServingTerm::kCollectiveTimeScale;
    default:
      return ServingTerm::kMemoryTimeScale;
  }
}

}  // namespace

ServingTerms ServingTerms::Defaults(const EngineSpec& engine) {
  ServingTerms t;
  t[ServingTerm::kHostPerStepUs] = engine.cpu_overhead_per_step_us;
  t[ServingTerm::kHostPerRequestUs] = engine.cpu_overhead_per_request_us;
  t[ServingTerm::kHostOverlap] = engine.async_scheduling ? 1.0 : 0.0;
  for (ServingTerm s : {ServingTerm::kGemmTimeScale, ServingTerm::kAttentionTimeScale,
                        ServingTerm::kCollectiveTimeScale, ServingTerm::kMemoryTimeScale}) {
    t[s] = 1.0;
  }
  return t;
}

ServingTerms ServingTerms::Resolve(const EngineSpec& engine,
                                   const ServingTermOverrides& overrides) {
  ServingTerms t = Defaults(engine);
  for (size_t i = 0; i < kNumServingTerms; ++i) {
    if (overrides[i]) t.values[i] = *overrides[i];
  }
  return t;
}

HostTimeModel ServingTerms::Host(double launch_s, int cuda_graph_max_tokens,
                                 CudaGraphMode graph_mode) const {
  return {.per_step_s = (*this)[ServingTerm::kHostPerStepUs] * kUs,
          .per_request_s = (*this)[ServingTerm::kHostPerRequestUs] * kUs,
          .launch_s = launch_s,
          .cuda_graph_max_tokens = cuda_graph_max_tokens,
          .graph_mode = graph_mode,
          .overlap = (*this)[ServingTerm::kHostOverlap]};
}

void ServingTerms::ScaleGpuOps(StepTime& step) const {
  step.total_s = 0;
  for (size_t i = 0; i < kNumOpKinds; ++i) {
    const auto op = static_cast<OpKind>(i);
    if (op != OpKind::kCpuOverhead) step.op_s[i] *= (*this)[FamilyOf(op)];
    step.total_s += step.op_s[i];
  }
}

}  // namespace gpuplan
