#include "sim/latency/latency_model.h"

namespace gpuplan {

std::string_view OpKindName(OpKind op) {
  switch (op) {
    case OpKind::kEmbedding:
      return "embedding";
    case OpKind::kNorm:
      return "norm";
    case OpKind::kQkvProj:
      return "qkv_proj";
    case OpKind::kRope:
      return "rope";
    case OpKind::kKvCacheWrite:
      return "kv_cache_write";
    case OpKind::kPrefillAttention:
      return "prefill_attention";
    case OpKind::kDecodeAttention:
      return "decode_attention";
    case OpKind::kOutProj:
      return "out_proj";
    case OpKind::kMlpUpGate:
      return "mlp_up_gate";
    case OpKind::kActivation:
      return "activation";
    case OpKind::kMlpDown:
      return "mlp_down";
    case OpKind::kResidualAdd:
      return "residual_add";
    case OpKind::kAllReduce:
      return "all_reduce";
    case OpKind::kPipelineSend:
      return "pipeline_send";
    case OpKind::kLmHead:
      return "lm_head";
    case OpKind::kSampling:
      return "sampling";
    case OpKind::kCpuOverhead:
      return "cpu_overhead";
    case OpKind::kCount:
      break;
  }
  return "?";
}

std::string_view OpSourceName(OpSource source) {
  switch (source) {
    case OpSource::kNone:
      return "none";
    case OpSource::kRoofline:
      return "roofline";
    case OpSource::kCalibrated:
      return "calibrated";
    case OpSource::kFixed:
      return "fixed";
  }
  return "?";
}

}  // namespace gpuplan
