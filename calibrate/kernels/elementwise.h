// The memory-bound per-layer ops between the GEMMs and attention: RMSNorm (plain and fused with
// the residual add), rotary embeddings, SiLU-and-mul, and the paged KV-cache write. All bf16 with
// fp32 arithmetic; all require row widths that are multiples of 8 (16-byte vectors).
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "calibrate/dtype.h"

namespace gpuplan::calibrate {

inline constexpr float kRmsNormEps = 1e-5f;

// out[t] = x[t] / sqrt(mean(x[t]^2) + eps) * weight. x, out [tokens][hidden]; weight [hidden].
void LaunchRmsNorm(const void* x, const void* weight, void* out, int tokens, int hidden,
                   cudaStream_t stream);

// residual[t] = bf16(x[t] + residual[t]) (in place), then out[t] = RMSNorm(residual[t]).
void LaunchFusedAddRmsNorm(const void* x, void* residual, const void* weight, void* out, int tokens,
                           int hidden, cudaStream_t stream);

// GPT-NeoX rotation in place of x [tokens][heads][head_dim] (queries and keys side by side);
// positions [tokens] int32; cos_sin [max_position][head_dim] fp32 (cos in the first half, sin in
// the second, as RopeCosSinTable).
void LaunchRope(void* x, const int* positions, const float* cos_sin, int tokens, int heads,
                int head_dim, cudaStream_t stream);

// out[t][i] = silu(in[t][i]) * in[t][width + i]; in [tokens][2 * width], out [tokens][width].
void LaunchSiluAndMul(const void* in, void* out, int tokens, int width, cudaStream_t stream);

// Scatters k and v [tokens][kv_heads][head_dim] (bf16) into caches [pages][block_size][kv_heads]
// [head_dim] at slot_mapping[t] = page * block_size + offset. An fp8 cache stores
// e4m3(x * inverse_scale) (round to nearest even, saturating).
void LaunchKvCacheWrite(const void* k, const void* v, void* k_cache, void* v_cache,
                        const int* slot_mapping, int tokens, int kv_heads, int head_dim,
                        Dtype cache_dtype, float inverse_scale, cudaStream_t stream);

}  // namespace gpuplan::calibrate
