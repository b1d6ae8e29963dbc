// Deterministic random numbers. xoshiro256** seeded through SplitMix64, with our own
// distribution code (not <random>'s, whose algorithms differ between standard libraries), so a
// scenario and seed give the same numbers on every build. Each consumer takes its own stream
// (seed, stream id), so adding draws in one place never shifts the numbers of another.
#pragma once

#include <cstdint>

namespace gpuplan {

// Named streams: one per independent consumer of randomness.
enum class RngStream : uint64_t {
  kArrivals = 1,
  kPromptLengths = 2,
  kOutputLengths = 3,
  kThinkTime = 4,
  kRouting = 5,
  kTraceJitter = 6,
  kPlanSeeds = 7,
  kTraceBootstrap = 8,
};

class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream);
  Rng(uint64_t seed, RngStream stream) : Rng(seed, static_cast<uint64_t>(stream)) {}

  uint64_t NextU64();
  // Uniform in [0, 1) with 53 random bits.
  double Uniform01();
  // Uniform in (0, 1]: safe for log().
  double UniformOpen0();
  // Uniform integer in [lo, hi] (inclusive), unbiased.
  int64_t UniformInt(int64_t lo, int64_t hi);
  double Exponential(double rate);
  double StandardNormal();  // Box-Muller; caches nothing, so the stream position is simple.
  double Normal(double mean, double stddev) { return mean + stddev * StandardNormal(); }
  double LogNormal(double mu, double sigma);
  // Gamma(shape k, scale theta) by Marsaglia-Tsang; shape < 1 handled by boosting.
  double Gamma(double shape, double scale);
  // Weibull(shape k, scale lambda) by inversion.
  double Weibull(double shape, double scale);

 private:
  uint64_t s_[4];
};

}  // namespace gpuplan
