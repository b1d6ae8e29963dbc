#include <cuda_bf16.h>
#include <cuda_fp8.h>

#include <string>

#include "calibrate/harness/cuda_check.h"
#include "calibrate/kernels/elementwise.h"

namespace gpuplan::calibrate {
namespace {

__device__ __forceinline__ void Unpack(const uint4& v, float (&f)[8]) {
  const uint32_t words[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
  for (int i = 0; i < 4; ++i) {
    f[2 * i] = __uint_as_float(words[i] << 16);
    f[2 * i + 1] = __uint_as_float(words[i] & 0xFFFF0000u);
  }
}

__device__ __forceinline__ uint32_t PackPair(float low, float high) {
  const __nv_bfloat162 pair = __floats2bfloat162_rn(low, high);
  return *reinterpret_cast<const uint32_t*>(&pair);
}

__device__ __forceinline__ uint4 Pack(const float (&f)[8]) {
  return make_uint4(PackPair(f[0], f[1]), PackPair(f[2], f[3]), PackPair(f[4], f[5]),
                    PackPair(f[6], f[7]));
}

// Sum over the block (blockDim.x a multiple of 32, at most 1024); every thread gets the result.
__device__ float BlockSum(float value) {
  __shared__ float partial[32];
  __shared__ float total;
#pragma unroll
  for (int offset = 16; offset >= 1; offset /= 2)
    value += __shfl_xor_sync(0xFFFFFFFFu, value, offset);
  const int warp = threadIdx.x / 32;
  if (threadIdx.x % 32 == 0) partial[warp] = value;
  __syncthreads();
  if (warp == 0) {
    value = threadIdx.x < blockDim.x / 32 ? partial[threadIdx.x] : 0.0f;
#pragma unroll
    for (int offset = 16; offset >= 1; offset /= 2) {
      value += __shfl_xor_sync(0xFFFFFFFFu, value, offset);
    }
    if (threadIdx.x == 0) total = value;
  }
  __syncthreads();
  return total;
}

template <bool kFused>
__global__ void RmsNormKernel(const uint4* __restrict__ x, uint4* __restrict__ residual,
                              const uint4* __restrict__ weight, uint4* __restrict__ out,
                              int vectors_per_row, float eps) {
  const int64_t row = static_cast<int64_t>(blockIdx.x) * vectors_per_row;
  float squares = 0.0f;
  for (int i = threadIdx.x; i < vectors_per_row; i += blockDim.x) {
    float f[8];
    Unpack(x[row + i], f);
    if constexpr (kFused) {
      float r[8];
      Unpack(residual[row + i], r);
#pragma unroll
      for (int j = 0; j < 8; ++j) f[j] += r[j];
      const uint4 packed = Pack(f);
      residual[row + i] = packed;
      Unpack(packed, f);  // the norm sees the rounded sum, as the next layer will
    }
#pragma unroll
    for (int j = 0; j < 8; ++j) squares = fmaf(f[j], f[j], squares);
  }
  const float inverse = rsqrtf(BlockSum(squares) / static_cast<float>(vectors_per_row * 8) + eps);
  for (int i = threadIdx.x; i < vectors_per_row; i += blockDim.x) {
    float f[8];
    float w[8];
    Unpack(kFused ? residual[row + i] : x[row + i], f);
    Unpack(weight[i], w);
#pragma unroll
    for (int j = 0; j < 8; ++j) f[j] = f[j] * inverse * w[j];
    out[row + i] = Pack(f);
  }
}

__global__ void RopeKernel(__nv_bfloat16* __restrict__ x, const int* __restrict__ positions,
                           const float* __restrict__ cos_sin, int heads, int head_dim) {
  const int token = blockIdx.x;
  const int half = head_dim / 2;
  const int chunks = half / 8;  // 8 pairs per item
  const float* table = cos_sin + static_cast<int64_t>(positions[token]) * head_dim;
  for (int item = threadIdx.x; item < heads * chunks; item += blockDim.x) {
    const int head = item / chunks;
    const int chunk = item % chunks;
    __nv_bfloat16* base = x + (static_cast<int64_t>(token) * heads + head) * head_dim + chunk * 8;
    float a[8];
    float b[8];
    Unpack(*reinterpret_cast<const uint4*>(base), a);
    Unpack(*reinterpret_cast<const uint4*>(base + half), b);
    float c[8];
    float s[8];
#pragma unroll
    for (int j = 0; j < 8; ++j) {
      c[j] = table[chunk * 8 + j];
      s[j] = table[half + chunk * 8 + j];
    }
    float first[8];
    float second[8];
#pragma unroll
    for (int j = 0; j < 8; ++j) {
      first[j] = a[j] * c[j] - b[j] * s[j];
      second[j] = b[j] * c[j] + a[j] * s[j];
    }
    *reinterpret_cast<uint4*>(base) = Pack(first);
    *reinterpret_cast<uint4*>(base + half) = Pack(second);
  }
}

__global__ void SiluAndMulKernel(const uint4* __restrict__ in, uint4* __restrict__ out,
                                 int64_t vectors, int vectors_per_row) {
  for (int64_t v = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; v < vectors;
       v += int64_t{gridDim.x} * blockDim.x) {
    const int64_t token = v / vectors_per_row;
    const int64_t column = v % vectors_per_row;
    float gate[8];
    float up[8];
    Unpack(in[token * 2 * vectors_per_row + column], gate);
    Unpack(in[token * 2 * vectors_per_row + vectors_per_row + column], up);
#pragma unroll
    for (int j = 0; j < 8; ++j) gate[j] = gate[j] / (1.0f + __expf(-gate[j])) * up[j];
    out[v] = Pack(gate);
  }
}

template <bool kFp8>
__global__ void KvCacheWriteKernel(const uint4* __restrict__ k, const uint4* __restrict__ v,
                                   void* __restrict__ k_cache, void* __restrict__ v_cache,
                                   const int* __restrict__ slot_mapping, int vectors_per_token,
                                   float inverse_scale) {
  const int token = blockIdx.x;
  const int64_t slot = slot_mapping[token];
  if (slot < 0) return;
  for (int i = threadIdx.x; i < vectors_per_token; i += blockDim.x) {
    const int64_t from = static_cast<int64_t>(token) * vectors_per_token + i;
    const int64_t to = slot * vectors_per_token + i;
    if constexpr (!kFp8) {
      static_cast<uint4*>(k_cache)[to] = k[from];
      static_cast<uint4*>(v_cache)[to] = v[from];
    } else {
      const uint4 sources[2] = {k[from], v[from]};
      void* caches[2] = {k_cache, v_cache};
#pragma unroll
      for (int which = 0; which < 2; ++which) {
        float f[8];
        Unpack(sources[which], f);
        uint32_t words[2] = {0, 0};
#pragma unroll
        for (int j = 0; j < 4; ++j) {
          const float2 pair = make_float2(f[2 * j] * inverse_scale, f[2 * j + 1] * inverse_scale);
          const uint32_t code = __nv_cvt_float2_to_fp8x2(pair, __NV_SATFINITE, __NV_E4M3);
          words[j / 2] |= (code & 0xFFFFu) << (16 * (j % 2));
        }
        static_cast<uint2*>(caches[which])[to] = make_uint2(words[0], words[1]);
      }
    }
  }
}

int ThreadsFor(int items) {
  const int rounded = (items + 31) / 32 * 32;
  return rounded < 32 ? 32 : (rounded > 1024 ? 1024 : rounded);
}

void CheckWidth(const char* op, int width) {
  if (width <= 0 || width % 8 != 0) {
    throw CalibrateError(std::string(op) + ": width " + std::to_string(width) +
                         " is not a positive multiple of 8");
  }
}

}  // namespace

void LaunchRmsNorm(const void* x, const void* weight, void* out, int tokens, int hidden,
                   cudaStream_t stream) {
  CheckWidth("rms_norm", hidden);
  RmsNormKernel<false><<<tokens, ThreadsFor(hidden / 8), 0, stream>>>(
      static_cast<const uint4*>(x), nullptr, static_cast<const uint4*>(weight),
      static_cast<uint4*>(out), hidden / 8, kRmsNormEps);
  GPUPLAN_CHECK_LAUNCH("rms_norm");
}

void LaunchFusedAddRmsNorm(const void* x, void* residual, const void* weight, void* out, int tokens,
                           int hidden, cudaStream_t stream) {
  CheckWidth("fused_add_rms_norm", hidden);
  RmsNormKernel<true><<<tokens, ThreadsFor(hidden / 8), 0, stream>>>(
      static_cast<const uint4*>(x), static_cast<uint4*>(residual),
      static_cast<const uint4*>(weight), static_cast<uint4*>(out), hidden / 8, kRmsNormEps);
  GPUPLAN_CHECK_LAUNCH("fused_add_rms_norm");
}

void LaunchRope(void* x, const int* positions, const float* cos_sin, int tokens, int heads,
                int head_dim, cudaStream_t stream) {
  if (head_dim % 16 != 0) throw CalibrateError("rope: head_dim must be a multiple of 16");
  RopeKernel<<<tokens, ThreadsFor(heads * head_dim / 16), 0, stream>>>(
      static_cast<__nv_bfloat16*>(x), positions, cos_sin, heads, head_dim);
  GPUPLAN_CHECK_LAUNCH("rope");
}

void LaunchSiluAndMul(const void* in, void* out, int tokens, int width, cudaStream_t stream) {
  CheckWidth("silu_and_mul", width);
  const int64_t vectors = static_cast<int64_t>(tokens) * (width / 8);
  constexpr int kThreads = 256;
  const int64_t blocks = (vectors + kThreads - 1) / kThreads;
  SiluAndMulKernel<<<static_cast<int>(blocks < 65536 ? blocks : 65536), kThreads, 0, stream>>>(
      static_cast<const uint4*>(in), static_cast<uint4*>(out), vectors, width / 8);
  GPUPLAN_CHECK_LAUNCH("silu_and_mul");
}

void LaunchKvCacheWrite(const void* k, const void* v, void* k_cache, void* v_cache,
                        const int* slot_mapping, int tokens, int kv_heads, int head_dim,
                        Dtype cache_dtype, float inverse_scale, cudaStream_t stream) {
  CheckWidth("kv_cache_write", kv_heads * head_dim);
  const int vectors = kv_heads * head_dim / 8;
  const int threads = ThreadsFor(vectors);
  if (cache_dtype == Dtype::kFp8) {
    KvCacheWriteKernel<true>
        <<<tokens, threads, 0, stream>>>(static_cast<const uint4*>(k), static_cast<const uint4*>(v),
                                         k_cache, v_cache, slot_mapping, vectors, inverse_scale);
  } else {
    KvCacheWriteKernel<false>
        <<<tokens, threads, 0, stream>>>(static_cast<const uint4*>(k), static_cast<const uint4*>(v),
                                         k_cache, v_cache, slot_mapping, vectors, inverse_scale);
  }
  GPUPLAN_CHECK_LAUNCH("kv_cache_write");
}

}  // namespace gpuplan::calibrate
