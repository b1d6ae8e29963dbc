// Which shapes a run measures: the per-GPU shapes of every requested (model, tp, dtype),
// deduplicated across models (two models with the same GEMM shape are measured once), quick or
// full.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "calibrate/dtype.h"
#include "calibrate/models.h"

namespace gpuplan::calibrate {

// One weight matrix measured at several token counts: out[m, n] = act[m, k] * weight[n, k]^T.
struct GemmGroup {
  std::string op;  // qkv, o, gate_up, down, lm_head (the first model's name for a shared shape)
  int64_t n = 0;
  int64_t k = 0;
  Dtype dtype = Dtype::kBf16;
  std::vector<int64_t> ms;
};

// Causal attention of q_len new tokens over kv_len keys (the queries are the last q_len
// positions; q_len == kv_len is a whole prompt, q_len < kv_len a chunk of a longer one).
struct PrefillCase {
  int batch = 1;
  int q_len = 0;
  int kv_len = 0;
  int q_heads = 0;
  int kv_heads = 0;
  int head_dim = 0;
};

// One decode step: `batch` sequences of kv_len cached tokens each, one new query token each.
struct DecodeCase {
  int batch = 1;
  int kv_len = 0;
  int q_heads = 0;
  int kv_heads = 0;
  int head_dim = 0;
  Dtype kv_dtype = Dtype::kBf16;
  int block_size = 16;
};

enum class ElementwiseOp { kRmsNorm, kFusedAddRmsNorm, kRope, kSiluAndMul, kKvCacheWrite };
std::string_view ElementwiseOpName(ElementwiseOp op);

// `hidden` per op: rms_norm / fused_add_rms_norm: the model's hidden size; rope: (q_heads +
// kv_heads) * head_dim per GPU (queries and keys rotated in place); silu_and_mul: the output width
// intermediate / tp (input is twice as wide); kv_cache_write: kv_heads * head_dim per GPU (keys
// and values each). `dtype` is bf16 except for kv_cache_write, where it is the cache's format.
struct ElementwiseCase {
  ElementwiseOp op = ElementwiseOp::kRmsNorm;
  int tokens = 0;
  int hidden = 0;
  int head_dim = 0;  // rope and kv_cache_write
  Dtype dtype = Dtype::kBf16;
  int block_size = 16;  // kv_cache_write
};

struct SweepPlan {
  std::vector<GemmGroup> gemm;
  std::vector<PrefillCase> prefill;
  std::vector<DecodeCase> decode;
  std::vector<ElementwiseCase> elementwise;
  std::vector<std::string> notes;  // shapes left out, and why
};

std::vector<int64_t> GemmTokenCounts(bool quick);
std::vector<int> ElementwiseTokenCounts(bool quick);

// KV bytes of one decode case: batch * kv_len * kv_heads * head_dim * 2 (K and V) * dtype size.
int64_t DecodeKvBytes(const DecodeCase& c);
inline constexpr int64_t kMaxDecodeKvBytes = int64_t{4} << 30;  // larger cases are left out

// The shapes for every (model, tp) and dtype. The LM head is measured in bf16 only (engines keep
// it in bf16 when they quantize the rest to fp8); prefill attention is bf16 only; fp8 adds an fp8
// KV cache to decode attention and to cache writes.
SweepPlan BuildSweep(const std::vector<ModelShape>& models, const std::vector<int>& tps,
                     const std::vector<Dtype>& dtypes, bool quick);

}  // namespace gpuplan::calibrate
