// Causal prefill attention (FlashAttention-2 style: tiled, online softmax, bf16 tensor cores via
// mma.sync, fp32 accumulation), for whole prompts (q_len == kv_len) and chunks of longer ones
// (q_len < kv_len: the queries are the last q_len positions), with grouped-query attention.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

namespace gpuplan::calibrate {

// Layouts (bf16, contiguous): q and out [batch][q_len][q_heads][head_dim]; k and v
// [batch][kv_len][kv_heads][head_dim]. Query i attends keys 0 .. kv_len - q_len + i; query head h
// reads KV head h / (q_heads / kv_heads).
struct PrefillAttentionParams {
  const void* q = nullptr;
  const void* k = nullptr;
  const void* v = nullptr;
  void* out = nullptr;
  int batch = 1;
  int q_len = 0;
  int kv_len = 0;
  int q_heads = 0;
  int kv_heads = 0;
  int head_dim = 0;  // 64 or 128
  float softmax_scale = 0;
};

// Throws CalibrateError on unsupported parameters (head_dim, q_len > kv_len, heads not grouped).
void LaunchPrefillAttention(const PrefillAttentionParams& params, cudaStream_t stream);

// Multiply-adds counted as 2 FLOPs: 4 * batch * q_heads * head_dim * (attended (query, key)
// pairs), the pairs counted exactly for the causal chunk.
double PrefillAttentionFlops(int batch, int q_len, int kv_len, int q_heads, int head_dim);

}  // namespace gpuplan::calibrate
