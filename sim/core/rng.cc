#include "sim/core/rng.h"

#include <cmath>
#include <numbers>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(uint64_t seed, uint64_t stream) {
  // Mix seed and stream so nearby seeds and streams give unrelated sequences.
  uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
  SplitMix64(x);
  for (uint64_t& s : s_) s = SplitMix64(x);
}

uint64_t Rng::NextU64() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Rng::Uniform01() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

double Rng::UniformOpen0() { return (static_cast<double>(NextU64() >> 11) + 1.0) * 0x1.0p-53; }

int64_t Rng::UniformInt(int64_t lo, int64_t hi) {
  GPUPLAN_CHECK(lo <= hi, "UniformInt({}, {})", lo, hi);
  const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  if (span == 0) return static_cast<int64_t>(NextU64());  // the full 64-bit range
  // Rejection sampling removes modulo bias.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  uint64_t r = NextU64();
  while (r >= limit) r = NextU64();
  return lo + static_cast<int64_t>(r % span);
}

double Rng::Exponential(double rate) { return -std::log(UniformOpen0()) / rate; }

double Rng::StandardNormal() {
  const double u1 = UniformOpen0();
  const double u2 = Uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::LogNormal(double mu, double sigma) { return std::exp(Normal(mu, sigma)); }

double Rng::Gamma(double shape, double scale) {
  GPUPLAN_CHECK(shape > 0 && scale > 0, "Gamma(shape={}, scale={})", shape, scale);
  if (shape < 1.0) {
    // Gamma(k) = Gamma(k + 1) * U^(1/k).
    const double u = UniformOpen0();
    return Gamma(shape + 1.0, scale) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  while (true) {
    double x = 0;
    double v = 0;
    do {
      x = StandardNormal();
      v = 1.0 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = UniformOpen0();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v * scale;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v * scale;
  }
}

double Rng::Weibull(double shape, double scale) {
  return scale * std::pow(-std::log(UniformOpen0()), 1.0 / shape);
}

}  // namespace gpuplan
