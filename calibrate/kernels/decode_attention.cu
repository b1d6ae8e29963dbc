// Paged decode attention (memory-bound): one block of 4 warps per (split, KV head, query-group
// block, sequence). Each token's K and V rows are read once, 16 bytes per thread (bf16; 8 for fp8)
// by head_dim / 8 threads, and used for every query head of the group (grouped-query attention):
// dot products are reduced across those threads with shuffles, softmax runs online in base 2 over
// a few tokens at a time, and the block's token slots are merged through shared memory at the end.
// With several splits, each writes a normalised partial output and its log-sum-exp, and a reduce
// kernel merges them.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

#include <cmath>
#include <string>

#include "calibrate/harness/cuda_check.h"
#include "calibrate/kernels/decode_attention.h"

namespace gpuplan::calibrate {
namespace {

constexpr int kWarps = 4;
constexpr int kThreads = kWarps * 32;

int GroupBlockSize(int group) { return group <= 1 ? 1 : group <= 2 ? 2 : group <= 4 ? 4 : 8; }

__device__ __forceinline__ float Exp2(float x) {
  float y;
  asm("ex2.approx.ftz.f32 %0, %1;\n" : "=f"(y) : "f"(x));
  return y;
}

// Eight cache elements as one vector load, and their conversion to float.
template <bool kFp8>
struct KvVector;

template <>
struct KvVector<false> {
  using Type = uint4;  // 8 bf16
  static __device__ __forceinline__ Type Load(const void* base, int64_t index) {
    return *reinterpret_cast<const uint4*>(static_cast<const __nv_bfloat16*>(base) + index);
  }
  static __device__ __forceinline__ void ToFloat(const Type& v, float (&f)[8]) {
    const uint32_t words[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      f[2 * i] = __uint_as_float(words[i] << 16);
      f[2 * i + 1] = __uint_as_float(words[i] & 0xFFFF0000u);
    }
  }
};

template <>
struct KvVector<true> {
  using Type = uint2;  // 8 fp8 e4m3 codes
  static __device__ __forceinline__ Type Load(const void* base, int64_t index) {
    return *reinterpret_cast<const uint2*>(static_cast<const uint8_t*>(base) + index);
  }
  static __device__ __forceinline__ void ToFloat(const Type& v, float (&f)[8]) {
    const uint32_t words[2] = {v.x, v.y};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const auto pair =
          static_cast<__nv_fp8x2_storage_t>((words[i / 2] >> (16 * (i % 2))) & 0xFFFFu);
      const __half2 halves = __half2(__nv_cvt_fp8x2_to_halfraw2(pair, __NV_E4M3));
      const float2 floats = __half22float2(halves);
      f[2 * i] = floats.x;
      f[2 * i + 1] = floats.y;
    }
  }
};

struct KernelArgs {
  const __nv_bfloat16* q;
  const void* k_cache;
  const void* v_cache;
  const int* block_tables;
  const int* seq_lens;
  __nv_bfloat16* out;
  float* partial_out;
  float* partial_lse;
  int q_heads;
  int kv_heads;
  int group_blocks;
  int block_size;
  int max_pages_per_seq;
  int num_splits;
  float q_scale;  // softmax scale * log2(e) * k_scale
  float v_scale;
};

template <int kD, int kGroup, bool kFp8>
__global__ void __launch_bounds__(kThreads) DecodeAttentionKernel(KernelArgs a) {
  constexpr int kLanes = kD / 8;  // threads per token
  constexpr int kSlotsPerWarp = 32 / kLanes;
  constexpr int kSlots = kWarps * kSlotsPerWarp;
  constexpr int kUnroll = kGroup >= 8 ? 2 : 4;  // tokens per slot per step
  using Kv = KvVector<kFp8>;

  const int split = blockIdx.x;
  const int kv_head = blockIdx.y / a.group_blocks;
  const int group_block = blockIdx.y % a.group_blocks;
  const int batch = blockIdx.z;
  const int group = a.q_heads / a.kv_heads;
  const int head0 = kv_head * group + group_block * kGroup;
  const int heads_here = min(kGroup, group - group_block * kGroup);

  const int seq_len = a.seq_lens[batch];
  const int pages = (seq_len + a.block_size - 1) / a.block_size;
  const int pages_per_split = (pages + a.num_splits - 1) / a.num_splits;
  const int token_begin = split * pages_per_split * a.block_size;
  const int token_end = min(seq_len, token_begin + pages_per_split * a.block_size);

  const int lane = threadIdx.x % 32;
  const int sub = lane % kLanes;  // which 8 elements of the head dimension
  const int slot = (threadIdx.x / 32) * kSlotsPerWarp + lane / kLanes;

  float qv[kGroup][8];
#pragma unroll
  for (int g = 0; g < kGroup; ++g) {
    if (g < heads_here) {
      const __nv_bfloat16* row =
          a.q + (static_cast<int64_t>(batch) * a.q_heads + head0 + g) * kD + sub * 8;
      float f[8];
      KvVector<false>::ToFloat(*reinterpret_cast<const uint4*>(row), f);
#pragma unroll
      for (int i = 0; i < 8; ++i) qv[g][i] = f[i] * a.q_scale;
    } else {
#pragma unroll
      for (int i = 0; i < 8; ++i) qv[g][i] = 0.0f;
    }
  }

  float m[kGroup];
  float l[kGroup];
  float acc[kGroup][8];
#pragma unroll
  for (int g = 0; g < kGroup; ++g) {
    m[g] = -INFINITY;
    l[g] = 0.0f;
#pragma unroll
    for (int i = 0; i < 8; ++i) acc[g][i] = 0.0f;
  }

  const int* table = a.block_tables + static_cast<int64_t>(batch) * a.max_pages_per_seq;
  const int64_t token_stride = static_cast<int64_t>(a.kv_heads) * kD;
  const int64_t head_offset = static_cast<int64_t>(kv_head) * kD + sub * 8;

  // Every lane runs the same number of steps (the shuffles need the whole warp); tokens past the
  // end are masked.
  for (int step = token_begin; step < token_end; step += kSlots * kUnroll) {
    const int t0 = step + slot * kUnroll;
    typename Kv::Type k_raw[kUnroll];
    typename Kv::Type v_raw[kUnroll];
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) {
      const int token = t0 + u;
      if (token < token_end) {
        const int64_t page = table[token / a.block_size];
        const int64_t index =
            (page * a.block_size + token % a.block_size) * token_stride + head_offset;
        k_raw[u] = Kv::Load(a.k_cache, index);
        v_raw[u] = Kv::Load(a.v_cache, index);
      } else {
        k_raw[u] = {};
        v_raw[u] = {};
      }
    }
    float score[kUnroll][kGroup];
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) {
      float kf[8];
      Kv::ToFloat(k_raw[u], kf);
      const bool valid = t0 + u < token_end;
#pragma unroll
      for (int g = 0; g < kGroup; ++g) {
        float dot = 0.0f;
#pragma unroll
        for (int i = 0; i < 8; ++i) dot = fmaf(qv[g][i], kf[i], dot);
#pragma unroll
        for (int offset = kLanes / 2; offset >= 1; offset /= 2) {
          dot += __shfl_xor_sync(0xFFFFFFFFu, dot, offset);
        }
        score[u][g] = valid ? dot : -INFINITY;
      }
    }
#pragma unroll
    for (int g = 0; g < kGroup; ++g) {
      float step_max = score[0][g];
#pragma unroll
      for (int u = 1; u < kUnroll; ++u) step_max = fmaxf(step_max, score[u][g]);
      const float new_max = fmaxf(m[g], step_max);
      const float base = new_max == -INFINITY ? 0.0f : new_max;
      const float correction = Exp2(m[g] - base);
      m[g] = new_max;
      l[g] *= correction;
#pragma unroll
      for (int i = 0; i < 8; ++i) acc[g][i] *= correction;
#pragma unroll
      for (int u = 0; u < kUnroll; ++u) {
        score[u][g] = Exp2(score[u][g] - base);
        l[g] += score[u][g];
      }
    }
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) {
      float vf[8];
      Kv::ToFloat(v_raw[u], vf);
#pragma unroll
      for (int g = 0; g < kGroup; ++g) {
#pragma unroll
        for (int i = 0; i < 8; ++i) acc[g][i] = fmaf(score[u][g], vf[i], acc[g][i]);
      }
    }
  }

  // Merge the block's slots.
  __shared__ float s_max[kSlots][kGroup];
  __shared__ float s_sum[kSlots][kGroup];
  __shared__ float s_acc[kSlots][kGroup][kD];
#pragma unroll
  for (int g = 0; g < kGroup; ++g) {
    if (sub == 0) {
      s_max[slot][g] = m[g];
      s_sum[slot][g] = l[g];
    }
#pragma unroll
    for (int i = 0; i < 8; ++i) s_acc[slot][g][sub * 8 + i] = acc[g][i];
  }
  __syncthreads();
  for (int index = threadIdx.x; index < kGroup * kD; index += kThreads) {
    const int g = index / kD;
    const int d = index % kD;
    if (g >= heads_here) continue;
    float total_max = -INFINITY;
    for (int s = 0; s < kSlots; ++s) total_max = fmaxf(total_max, s_max[s][g]);
    float total_sum = 0.0f;
    float total_acc = 0.0f;
    if (total_max != -INFINITY) {
      for (int s = 0; s < kSlots; ++s) {
        const float weight = Exp2(s_max[s][g] - total_max);
        total_sum += s_sum[s][g] * weight;
        total_acc += s_acc[s][g][d] * weight;
      }
    }
    const float value = total_sum > 0.0f ? total_acc / total_sum * a.v_scale : 0.0f;
    const int64_t row = static_cast<int64_t>(batch) * a.q_heads + head0 + g;
    if (a.num_splits == 1) {
      a.out[row * kD + d] = __float2bfloat16_rn(value);
    } else {
      a.partial_out[(row * a.num_splits + split) * kD + d] = value;
      if (d == 0) {
        a.partial_lse[row * a.num_splits + split] =
            total_sum > 0.0f ? total_max + __log2f(total_sum) : -INFINITY;
      }
    }
  }
}

// Merges the splits of one (sequence, query head) per block, one thread per output element.
template <int kD>
__global__ void __launch_bounds__(kD)
    DecodeReduceKernel(const float* __restrict__ partial_out, const float* __restrict__ partial_lse,
                       __nv_bfloat16* __restrict__ out, int num_splits) {
  const int64_t row = blockIdx.x;
  const int d = threadIdx.x;
  const float* lse = partial_lse + row * num_splits;
  float total_max = -INFINITY;
  for (int s = 0; s < num_splits; ++s) total_max = fmaxf(total_max, lse[s]);
  float total_weight = 0.0f;
  float total = 0.0f;
  if (total_max != -INFINITY) {
    for (int s = 0; s < num_splits; ++s) {
      const float weight = Exp2(lse[s] - total_max);
      total_weight += weight;
      total += weight * partial_out[(row * num_splits + s) * kD + d];
    }
  }
  out[row * kD + d] = __float2bfloat16_rn(total_weight > 0.0f ? total / total_weight : 0.0f);
}

template <int kD, int kGroup, bool kFp8>
void LaunchKernels(const DecodeAttentionParams& p, const KernelArgs& args, cudaStream_t stream) {
  const dim3 grid(p.num_splits, p.kv_heads * args.group_blocks, p.batch);
  DecodeAttentionKernel<kD, kGroup, kFp8><<<grid, kThreads, 0, stream>>>(args);
  GPUPLAN_CHECK_LAUNCH("decode attention");
  if (p.num_splits > 1) {
    DecodeReduceKernel<kD><<<p.batch * p.q_heads, kD, 0, stream>>>(
        p.partial_out, p.partial_lse, static_cast<__nv_bfloat16*>(p.out), p.num_splits);
    GPUPLAN_CHECK_LAUNCH("decode attention reduce");
  }
}

template <int kD, bool kFp8>
void DispatchGroup(const DecodeAttentionParams& p, const KernelArgs& args, int group_size,
                   cudaStream_t stream) {
  switch (group_size) {
    case 1:
      return LaunchKernels<kD, 1, kFp8>(p, args, stream);
    case 2:
      return LaunchKernels<kD, 2, kFp8>(p, args, stream);
    case 4:
      return LaunchKernels<kD, 4, kFp8>(p, args, stream);
    default:
      return LaunchKernels<kD, 8, kFp8>(p, args, stream);
  }
}

}  // namespace

int64_t DecodeWorkUnits(int batch, int q_heads, int kv_heads) {
  const int group = q_heads / kv_heads;
  const int group_size = GroupBlockSize(group);
  return static_cast<int64_t>(batch) * kv_heads * ((group + group_size - 1) / group_size);
}

int64_t DecodeScratchFloats(int batch, int q_heads, int head_dim, int num_splits) {
  if (num_splits <= 1) return 0;
  return static_cast<int64_t>(batch) * q_heads * num_splits * (head_dim + 1);
}

void LaunchDecodeAttention(const DecodeAttentionParams& p, cudaStream_t stream) {
  const bool shape_ok = p.batch > 0 && p.batch <= 65535 && p.q_heads > 0 && p.kv_heads > 0 &&
                        p.q_heads % p.kv_heads == 0 && p.block_size > 0 && p.num_splits >= 1 &&
                        p.num_splits <= 65535 && p.max_pages_per_seq > 0;
  if (!shape_ok || (p.head_dim != 64 && p.head_dim != 128)) {
    throw CalibrateError("decode attention: unsupported parameters (batch " +
                         std::to_string(p.batch) + ", heads " + std::to_string(p.q_heads) + "/" +
                         std::to_string(p.kv_heads) + ", head_dim " + std::to_string(p.head_dim) +
                         ", splits " + std::to_string(p.num_splits) + ")");
  }
  if (p.num_splits > 1 && (p.partial_out == nullptr || p.partial_lse == nullptr)) {
    throw CalibrateError("decode attention: splits need scratch buffers");
  }
  const int group = p.q_heads / p.kv_heads;
  const int group_size = GroupBlockSize(group);
  const bool fp8 = p.kv_dtype == Dtype::kFp8;
  KernelArgs args{};
  args.q = static_cast<const __nv_bfloat16*>(p.q);
  args.k_cache = p.k_cache;
  args.v_cache = p.v_cache;
  args.block_tables = p.block_tables;
  args.seq_lens = p.seq_lens;
  args.out = static_cast<__nv_bfloat16*>(p.out);
  args.partial_out = p.partial_out;
  args.partial_lse = p.partial_lse;
  args.q_heads = p.q_heads;
  args.kv_heads = p.kv_heads;
  args.group_blocks = (group + group_size - 1) / group_size;
  args.block_size = p.block_size;
  args.max_pages_per_seq = p.max_pages_per_seq;
  args.num_splits = p.num_splits;
  args.q_scale = p.softmax_scale * 1.4426950408889634f * (fp8 ? p.k_scale : 1.0f);
  args.v_scale = fp8 ? p.v_scale : 1.0f;
  if (p.head_dim == 128) {
    fp8 ? DispatchGroup<128, true>(p, args, group_size, stream)
        : DispatchGroup<128, false>(p, args, group_size, stream);
  } else {
    fp8 ? DispatchGroup<64, true>(p, args, group_size, stream)
        : DispatchGroup<64, false>(p, args, group_size, stream);
  }
}

}  // namespace gpuplan::calibrate
