// Bit-exact number helpers shared by the CUDA kernels and the CPU references: a counter-based
// random generator (so the host can regenerate any element of a device buffer without copying it)
// and round-to-nearest-even conversions from float to bf16 and to fp8 e4m3.
//
// Everything here is plain integer and exact float arithmetic, so host and device produce the same
// bits. Compiled by nvcc the functions are __host__ __device__; by a host compiler, plain inline.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__CUDACC__)
#define GPUPLAN_HD __host__ __device__ __forceinline__
#else
#define GPUPLAN_HD inline
#endif

namespace gpuplan::calibrate {

GPUPLAN_HD uint32_t FloatBits(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof(u));
  return u;
}

GPUPLAN_HD float BitsToFloat(uint32_t u) {
  float f;
  memcpy(&f, &u, sizeof(f));
  return f;
}

// SplitMix64 finaliser: a bijective 64-bit mix.
GPUPLAN_HD uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Element `index` of the random stream `seed`: uniform on the 2^24 points k / 2^23 in [-1, 1).
// The conversion is exact, so the value is the same on every compiler and device.
GPUPLAN_HD float HashUniform(uint64_t seed, uint64_t index) {
  const uint64_t h = SplitMix64(SplitMix64(seed) + index);
  const int32_t k = static_cast<int32_t>(h >> 40) - (1 << 23);  // [-2^23, 2^23)
  return static_cast<float>(k) * (1.0f / 8388608.0f);
}

// Round-to-nearest-even float -> bf16 bits; NaN stays NaN (quiet).
GPUPLAN_HD uint16_t FloatToBf16Bits(float f) {
  uint32_t u = FloatBits(f);
  if ((u & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<uint16_t>((u >> 16) | 0x40u);
  u += 0x7FFFu + ((u >> 16) & 1u);
  return static_cast<uint16_t>(u >> 16);
}

GPUPLAN_HD float Bf16BitsToFloat(uint16_t bits) {
  return BitsToFloat(static_cast<uint32_t>(bits) << 16);
}

// The float that a bf16 store of `f` would hold.
GPUPLAN_HD float RoundToBf16(float f) { return Bf16BitsToFloat(FloatToBf16Bits(f)); }

// fp8 e4m3 (OCP "e4m3fn"): 1 sign, 4 exponent (bias 7), 3 mantissa bits; no infinities; the only
// NaN codes are 0x7F and 0xFF; the largest finite magnitude is 448 (0x7E).
inline constexpr float kFp8E4m3Max = 448.0f;

GPUPLAN_HD float Fp8E4m3ToFloat(uint8_t bits) {
  const uint32_t sign = (bits & 0x80u) ? 0x80000000u : 0u;
  const uint32_t exponent = (bits >> 3) & 0xFu;
  const uint32_t mantissa = bits & 0x7u;
  if (exponent == 0xFu && mantissa == 0x7u) return BitsToFloat(0x7FC00000u | sign);
  if (exponent == 0) {  // subnormal: mantissa x 2^-9, exact in float
    const float magnitude = static_cast<float>(mantissa) * (1.0f / 512.0f);
    return sign ? -magnitude : magnitude;
  }
  return BitsToFloat(sign | ((exponent - 7u + 127u) << 23) | (mantissa << 20));
}

// Round-to-nearest-even float -> e4m3 with saturation to +-448 (like cvt.satfinite); NaN -> 0x7F.
GPUPLAN_HD uint8_t FloatToFp8E4m3(float f) {
  const uint32_t u = FloatBits(f);
  const uint8_t sign = static_cast<uint8_t>((u >> 24) & 0x80u);
  const uint32_t magnitude_bits = u & 0x7FFFFFFFu;
  if (magnitude_bits > 0x7F800000u) return 0x7F;
  if (magnitude_bits >= 0x43E00000u) return static_cast<uint8_t>(sign | 0x7Eu);  // >= 448
  if (magnitude_bits < 0x3C800000u) {  // below 2^-6: the subnormal grid m x 2^-9, m in [0, 8]
    const float scaled = BitsToFloat(magnitude_bits) * 512.0f;  // exact
    uint32_t m = static_cast<uint32_t>(scaled);
    const float fraction = scaled - static_cast<float>(m);
    if (fraction > 0.5f || (fraction == 0.5f && (m & 1u))) ++m;
    return static_cast<uint8_t>(sign | m);  // m == 8 encodes 2^-6, the smallest normal
  }
  uint32_t exponent = (magnitude_bits >> 23) - 127u + 7u;  // in [1, 15]
  uint32_t mantissa = (magnitude_bits >> 20) & 0x7u;
  const uint32_t rest = magnitude_bits & 0xFFFFFu;
  if (rest > 0x80000u || (rest == 0x80000u && (mantissa & 1u))) {
    if (++mantissa == 8u) {
      mantissa = 0;
      ++exponent;
    }
  }
  if (exponent > 15u || (exponent == 15u && mantissa == 7u)) {
    return static_cast<uint8_t>(sign | 0x7Eu);
  }
  return static_cast<uint8_t>(sign | (exponent << 3) | mantissa);
}

// The value a buffer filled by FillUniformBf16(seed, scale) holds at `index`.
GPUPLAN_HD float UniformBf16(uint64_t seed, uint64_t index, float scale) {
  return RoundToBf16(HashUniform(seed, index) * scale);
}

// The fp8 code a buffer filled by FillUniformFp8(seed, scale) holds at `index`.
GPUPLAN_HD uint8_t UniformFp8(uint64_t seed, uint64_t index, float scale) {
  return FloatToFp8E4m3(HashUniform(seed, index) * scale);
}

}  // namespace gpuplan::calibrate
