// Decode attention over a paged KV cache (vLLM's layout): one new query token per sequence, block
// tables, grouped-query attention, and split-KV (FlashDecoding) with a reduce kernel when the
// batch alone cannot fill the GPU. KV cache in bf16 or fp8 e4m3 with per-tensor scales.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "calibrate/dtype.h"

namespace gpuplan::calibrate {

// Layouts: q and out [batch][q_heads][head_dim] bf16; k_cache and v_cache
// [num_pages][block_size][kv_heads][head_dim] (bf16, or fp8 codes whose value is code * scale);
// block_tables [batch][max_pages_per_seq] int32 page numbers; seq_lens [batch] int32 (>= 1).
// Query head h reads KV head h / (q_heads / kv_heads).
struct DecodeAttentionParams {
  const void* q = nullptr;
  const void* k_cache = nullptr;
  const void* v_cache = nullptr;
  const int* block_tables = nullptr;
  const int* seq_lens = nullptr;
  void* out = nullptr;
  // Scratch for num_splits > 1: [batch][q_heads][num_splits][head_dim] and
  // [batch][q_heads][num_splits] floats (DecodeScratchFloats).
  float* partial_out = nullptr;
  float* partial_lse = nullptr;
  int batch = 1;
  int q_heads = 0;
  int kv_heads = 0;
  int head_dim = 0;  // 64 or 128
  int block_size = 16;
  int max_pages_per_seq = 0;
  int num_splits = 1;  // each sequence's pages are cut into this many equal runs
  float softmax_scale = 0;
  Dtype kv_dtype = Dtype::kBf16;
  float k_scale = 1.0f;  // fp8 only
  float v_scale = 1.0f;  // fp8 only
};

// Blocks per split (batch x KV heads x query-group blocks), for ChooseDecodeSplits.
int64_t DecodeWorkUnits(int batch, int q_heads, int kv_heads);

// Floats of scratch a launch with these parameters needs (0 when num_splits == 1).
int64_t DecodeScratchFloats(int batch, int q_heads, int head_dim, int num_splits);

// Enqueues the attention kernel and, for num_splits > 1, the reduce kernel. Throws
// CalibrateError on unsupported parameters.
void LaunchDecodeAttention(const DecodeAttentionParams& params, cudaStream_t stream);

}  // namespace gpuplan::calibrate
