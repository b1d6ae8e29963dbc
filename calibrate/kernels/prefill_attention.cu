// FlashAttention-2 style causal prefill kernel on mma.sync (sm_80+).
//
// One block of 8 warps computes a 128-query tile of one (batch, query head); each warp owns 16
// query rows, keeps its Q fragment in registers and walks the key/value tiles of 64 rows, which
// are double-buffered in shared memory with cp.async. Per tile: S = Q K^T on tensor cores, causal
// and tail masking where the tile can cross the diagonal or the end of the keys, online softmax in
// base 2, then O += P V with P converted to bf16 in registers. Shared-memory rows are XOR-swizzled
// in 16-byte chunks so ldmatrix reads are conflict-free. The heaviest query tiles (the last ones
// under the causal mask) are scheduled first.
#include <cuda_bf16.h>

#include <cmath>
#include <string>

#include "calibrate/harness/cuda_check.h"
#include "calibrate/kernels/mma.cuh"
#include "calibrate/kernels/prefill_attention.h"

namespace gpuplan::calibrate {
namespace {

constexpr int kWarps = 8;
constexpr int kThreads = kWarps * 32;
constexpr int kBlockQ = kWarps * 16;  // 128 query rows per block
constexpr int kBlockK = 64;           // key rows per tile

template <int kD>
struct Tile {
  static constexpr int kChunks = kD / 8;  // 16-byte chunks per row
  static constexpr int kQElements = kBlockQ * kD;
  static constexpr int kKvElements = kBlockK * kD;
  static constexpr int kSharedBytes = (kQElements + 4 * kKvElements) * 2;  // Q, 2 x K, 2 x V

  // Element offset of (row, chunk) in a swizzled tile.
  static __device__ __forceinline__ int Offset(int row, int chunk) {
    return row * kD + ((chunk ^ (row & 7)) << 3);
  }
};

// Copies `kRows` rows of kD bf16 (global row stride `stride` elements) into a swizzled tile; rows
// at or beyond `valid_rows` are zero-filled without being read.
template <int kD, int kRows>
__device__ __forceinline__ void LoadTile(__nv_bfloat16* tile, const __nv_bfloat16* source,
                                         int64_t stride, int valid_rows) {
  constexpr int kChunks = Tile<kD>::kChunks;
  for (int i = threadIdx.x; i < kRows * kChunks; i += kThreads) {
    const int row = i / kChunks;
    const int chunk = i % kChunks;
    const bool valid = row < valid_rows;
    const __nv_bfloat16* from = valid ? source + row * stride + chunk * 8 : source;
    mma::CpAsync16(mma::SharedAddress(tile + Tile<kD>::Offset(row, chunk)), from, valid ? 16 : 0);
  }
}

template <int kD>
__global__ void __launch_bounds__(kThreads, 1)
    PrefillAttentionKernel(const __nv_bfloat16* __restrict__ q, const __nv_bfloat16* __restrict__ k,
                           const __nv_bfloat16* __restrict__ v, __nv_bfloat16* __restrict__ out,
                           int q_len, int kv_len, int q_heads, int kv_heads, float scale_log2) {
  using T = Tile<kD>;
  extern __shared__ uint4 shared_raw[];
  __nv_bfloat16* s_q = reinterpret_cast<__nv_bfloat16*>(shared_raw);
  __nv_bfloat16* s_k = s_q + T::kQElements;       // two buffers
  __nv_bfloat16* s_v = s_k + 2 * T::kKvElements;  // two buffers

  const int warp = threadIdx.x / 32;
  const int lane = threadIdx.x % 32;
  const int head = blockIdx.x;
  const int batch = blockIdx.y;
  const int q_tile = gridDim.z - 1 - blockIdx.z;  // heaviest tiles first
  const int kv_head = head / (q_heads / kv_heads);
  const int q_offset = kv_len - q_len;  // absolute position of query 0
  const int q_start = q_tile * kBlockQ;
  const int q_rows = min(kBlockQ, q_len - q_start);

  const int64_t q_stride = static_cast<int64_t>(q_heads) * kD;
  const int64_t kv_stride = static_cast<int64_t>(kv_heads) * kD;
  const __nv_bfloat16* q_base = q + (static_cast<int64_t>(batch) * q_len + q_start) * q_stride +
                                static_cast<int64_t>(head) * kD;
  const int64_t kv_batch =
      static_cast<int64_t>(batch) * kv_len * kv_stride + static_cast<int64_t>(kv_head) * kD;
  const __nv_bfloat16* k_base = k + kv_batch;
  const __nv_bfloat16* v_base = v + kv_batch;

  // Keys this tile needs: up to the last query's position.
  const int kv_end = min(kv_len, q_offset + q_start + q_rows);
  const int num_tiles = (kv_end + kBlockK - 1) / kBlockK;

  LoadTile<kD, kBlockQ>(s_q, q_base, q_stride, q_rows);
  LoadTile<kD, kBlockK>(s_k, k_base, kv_stride, min(kBlockK, kv_len));
  LoadTile<kD, kBlockK>(s_v, v_base, kv_stride, min(kBlockK, kv_len));
  mma::CpAsyncCommit();
  mma::CpAsyncWait<0>();
  __syncthreads();

  // This warp's 16 query rows as A fragments, one per 16-column step of the head dimension.
  uint32_t q_frag[kD / 16][4];
#pragma unroll
  for (int step = 0; step < kD / 16; ++step) {
    const int row = warp * 16 + (lane % 16);
    const int chunk = step * 2 + lane / 16;
    mma::LdMatrixX4(q_frag[step], mma::SharedAddress(s_q + T::Offset(row, chunk)));
  }

  float o_acc[kD / 8][4];
#pragma unroll
  for (int i = 0; i < kD / 8; ++i) o_acc[i][0] = o_acc[i][1] = o_acc[i][2] = o_acc[i][3] = 0.0f;
  float row_max[2] = {-INFINITY, -INFINITY};
  float row_sum[2] = {0.0f, 0.0f};  // this thread's columns only; summed over the quad at the end
  const int q_pos0 = q_offset + q_start + warp * 16 + lane / 4;  // rows g and g + 8
  const int first_q_pos = q_offset + q_start;

  for (int tile = 0; tile < num_tiles; ++tile) {
    const int buffer = tile & 1;
    if (tile + 1 < num_tiles) {
      const int next = (tile + 1) * kBlockK;
      const int valid = min(kBlockK, kv_len - next);
      LoadTile<kD, kBlockK>(s_k + (buffer ^ 1) * T::kKvElements, k_base + next * kv_stride,
                            kv_stride, valid);
      LoadTile<kD, kBlockK>(s_v + (buffer ^ 1) * T::kKvElements, v_base + next * kv_stride,
                            kv_stride, valid);
    }
    mma::CpAsyncCommit();
    const __nv_bfloat16* tile_k = s_k + buffer * T::kKvElements;
    const __nv_bfloat16* tile_v = s_v + buffer * T::kKvElements;

    // S = Q K^T: 16 x 64 per warp, as 8 n-tiles of 8 keys.
    float s[kBlockK / 8][4];
#pragma unroll
    for (int i = 0; i < kBlockK / 8; ++i) s[i][0] = s[i][1] = s[i][2] = s[i][3] = 0.0f;
#pragma unroll
    for (int step = 0; step < kD / 16; ++step) {
#pragma unroll
      for (int pair = 0; pair < kBlockK / 16; ++pair) {
        // Matrices: keys +0..7 / +8..15 (lane bit 4) x dims +0..7 / +8..15 (lane bit 3).
        const int key = pair * 16 + ((lane >> 4) << 3) + (lane & 7);
        const int chunk = step * 2 + ((lane >> 3) & 1);
        uint32_t b[4];
        mma::LdMatrixX4(b, mma::SharedAddress(tile_k + T::Offset(key, chunk)));
        mma::MmaBf16(s[2 * pair], q_frag[step], b[0], b[1]);
        mma::MmaBf16(s[2 * pair + 1], q_frag[step], b[2], b[3]);
      }
    }

    // Mask keys past the diagonal or past the end where this tile can have any.
    const int key_base = tile * kBlockK;
    if (key_base + kBlockK - 1 > first_q_pos || key_base + kBlockK > kv_len) {
#pragma unroll
      for (int nt = 0; nt < kBlockK / 8; ++nt) {
#pragma unroll
        for (int e = 0; e < 4; ++e) {
          const int key = key_base + nt * 8 + 2 * (lane % 4) + (e & 1);
          const int q_pos = q_pos0 + (e >= 2 ? 8 : 0);
          if (key > q_pos || key >= kv_len) s[nt][e] = -INFINITY;
        }
      }
    }

    // Online softmax in base 2 for rows g (r = 0) and g + 8 (r = 1).
#pragma unroll
    for (int r = 0; r < 2; ++r) {
      float tile_max = -INFINITY;
#pragma unroll
      for (int nt = 0; nt < kBlockK / 8; ++nt) {
        tile_max = fmaxf(tile_max, fmaxf(s[nt][2 * r], s[nt][2 * r + 1]));
      }
      tile_max = fmaxf(tile_max, __shfl_xor_sync(0xFFFFFFFFu, tile_max, 1));
      tile_max = fmaxf(tile_max, __shfl_xor_sync(0xFFFFFFFFu, tile_max, 2));
      const float new_max = fmaxf(row_max[r], tile_max * scale_log2);
      const float base = new_max == -INFINITY ? 0.0f : new_max;
      const float correction = mma::FastExp2(row_max[r] - base);
      row_max[r] = new_max;
      float sum = 0.0f;
#pragma unroll
      for (int nt = 0; nt < kBlockK / 8; ++nt) {
        s[nt][2 * r] = mma::FastExp2(s[nt][2 * r] * scale_log2 - base);
        s[nt][2 * r + 1] = mma::FastExp2(s[nt][2 * r + 1] * scale_log2 - base);
        sum += s[nt][2 * r] + s[nt][2 * r + 1];
      }
      row_sum[r] = row_sum[r] * correction + sum;
#pragma unroll
      for (int dt = 0; dt < kD / 8; ++dt) {
        o_acc[dt][2 * r] *= correction;
        o_acc[dt][2 * r + 1] *= correction;
      }
    }

    // O += P V: P (16 x 64) from registers as 4 A fragments of 16 keys.
#pragma unroll
    for (int kk = 0; kk < kBlockK / 16; ++kk) {
      uint32_t p[4];
      p[0] = mma::PackBf16(s[2 * kk][0], s[2 * kk][1]);
      p[1] = mma::PackBf16(s[2 * kk][2], s[2 * kk][3]);
      p[2] = mma::PackBf16(s[2 * kk + 1][0], s[2 * kk + 1][1]);
      p[3] = mma::PackBf16(s[2 * kk + 1][2], s[2 * kk + 1][3]);
#pragma unroll
      for (int pair = 0; pair < kD / 16; ++pair) {
        // Transposed matrices: keys +0..7 / +8..15 (lane bit 3) x dims +0..7 / +8..15 (bit 4).
        const int key = kk * 16 + (((lane >> 3) & 1) << 3) + (lane & 7);
        const int chunk = pair * 2 + (lane >> 4);
        uint32_t b[4];
        mma::LdMatrixX4Trans(b, mma::SharedAddress(tile_v + T::Offset(key, chunk)));
        mma::MmaBf16(o_acc[2 * pair], p, b[0], b[1]);
        mma::MmaBf16(o_acc[2 * pair + 1], p, b[2], b[3]);
      }
    }

    mma::CpAsyncWait<0>();
    __syncthreads();
  }

  // Normalise and store rows g and g + 8 of this warp.
#pragma unroll
  for (int r = 0; r < 2; ++r) {
    float sum = row_sum[r];
    sum += __shfl_xor_sync(0xFFFFFFFFu, sum, 1);
    sum += __shfl_xor_sync(0xFFFFFFFFu, sum, 2);
    const float inverse = sum > 0.0f ? 1.0f / sum : 0.0f;
    const int row = q_start + warp * 16 + lane / 4 + 8 * r;
    if (row >= q_len) continue;
    __nv_bfloat16* out_row = out + (static_cast<int64_t>(batch) * q_len + row) * q_stride +
                             static_cast<int64_t>(head) * kD;
#pragma unroll
    for (int dt = 0; dt < kD / 8; ++dt) {
      const int column = dt * 8 + 2 * (lane % 4);
      *reinterpret_cast<uint32_t*>(out_row + column) =
          mma::PackBf16(o_acc[dt][2 * r] * inverse, o_acc[dt][2 * r + 1] * inverse);
    }
  }
}

template <int kD>
void Launch(const PrefillAttentionParams& p, cudaStream_t stream) {
  constexpr int kShared = Tile<kD>::kSharedBytes;
  static bool configured = false;
  if (!configured) {
    GPUPLAN_CUDA_CHECK(cudaFuncSetAttribute(PrefillAttentionKernel<kD>,
                                            cudaFuncAttributeMaxDynamicSharedMemorySize, kShared));
    configured = true;
  }
  const dim3 grid(p.q_heads, p.batch, (p.q_len + kBlockQ - 1) / kBlockQ);
  const float scale_log2 = p.softmax_scale * 1.4426950408889634f;
  PrefillAttentionKernel<kD><<<grid, kThreads, kShared, stream>>>(
      static_cast<const __nv_bfloat16*>(p.q), static_cast<const __nv_bfloat16*>(p.k),
      static_cast<const __nv_bfloat16*>(p.v), static_cast<__nv_bfloat16*>(p.out), p.q_len, p.kv_len,
      p.q_heads, p.kv_heads, scale_log2);
  GPUPLAN_CHECK_LAUNCH("prefill attention");
}

}  // namespace

void LaunchPrefillAttention(const PrefillAttentionParams& p, cudaStream_t stream) {
  if (p.batch <= 0 || p.q_len <= 0 || p.kv_len < p.q_len || p.q_heads <= 0 || p.kv_heads <= 0 ||
      p.q_heads % p.kv_heads != 0 || p.batch > 65535 || p.q_len > 65535 * kBlockQ) {
    throw CalibrateError("prefill attention: unsupported shape (batch " + std::to_string(p.batch) +
                         ", q_len " + std::to_string(p.q_len) + ", kv_len " +
                         std::to_string(p.kv_len) + ", heads " + std::to_string(p.q_heads) + "/" +
                         std::to_string(p.kv_heads) + ")");
  }
  if (p.head_dim == 128) {
    Launch<128>(p, stream);
  } else if (p.head_dim == 64) {
    Launch<64>(p, stream);
  } else {
    throw CalibrateError("prefill attention: head_dim " + std::to_string(p.head_dim) +
                         " (supported: 64, 128)");
  }
}

double PrefillAttentionFlops(int batch, int q_len, int kv_len, int q_heads, int head_dim) {
  const double offset = static_cast<double>(kv_len) - q_len;
  const double pairs = q_len * offset + static_cast<double>(q_len) * (q_len + 1) / 2.0;
  return 4.0 * batch * q_heads * head_dim * pairs;
}

}  // namespace gpuplan::calibrate
