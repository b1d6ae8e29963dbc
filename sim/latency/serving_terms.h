// ServingTerms: the engine-level terms that per-kernel measurements cannot reveal, as a real load
// test shows them: the host's preparation time per step and per request in the batch, how much of
// it hides behind the previous step's GPU work, and a time multiplier per op family (what a
// kernel costs inside the real engine against what the latency model predicts for it alone:
// fusions, stream overlap, clocks under sustained load). `gpuplan calibration fit-serving` fits
// them to measured runs (sim/loadtest/terms_fit.h) and stores them in a calibration bundle's
// serving_terms.csv (docs/calibration-format.md, section 6); the calibrated latency model applies
// them. At their defaults they change nothing: the host terms are the engine preset's and every
// multiplier is 1.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/catalog/specs.h"
#include "sim/latency/host_time.h"
#include "sim/latency/latency_model.h"

namespace gpuplan {

enum class ServingTerm : uint8_t {
  kHostPerStepUs,
  kHostPerRequestUs,
  kHostOverlap,
  kGemmTimeScale,
  kAttentionTimeScale,
  kCollectiveTimeScale,
  kMemoryTimeScale,
  kCount,
};
inline constexpr size_t kNumServingTerms = static_cast<size_t>(ServingTerm::kCount);

// How a fit searches a term: multipliers in log space, the others linearly between the bounds.
enum class TermScale : uint8_t { kLinear, kLog };

struct ServingTermInfo {
  ServingTerm term;
  std::string_view name;  // serving_terms.csv `term`
  std::string_view unit;
  double lower;  // documented bounds: a fit never leaves them, a bundle outside them is refused
  double upper;
  TermScale scale;
  std::string_view help;
};

// Every term in enum order.
const std::array<ServingTermInfo, kNumServingTerms>& ServingTermInfos();
const ServingTermInfo& InfoOf(ServingTerm term);
std::optional<ServingTerm> ServingTermByName(std::string_view name);

// Terms a bundle states; the others keep the engine's defaults.
using ServingTermOverrides = std::array<std::optional<double>, kNumServingTerms>;

struct ServingTerms {
  std::array<double, kNumServingTerms> values{};

  double operator[](ServingTerm t) const { return values[static_cast<size_t>(t)]; }
  double& operator[](ServingTerm t) { return values[static_cast<size_t>(t)]; }
  bool operator==(const ServingTerms&) const = default;

  // The engine preset's host costs, overlap 1 when it schedules ahead (else 0), multipliers 1.
  static ServingTerms Defaults(const EngineSpec& engine);
  // Defaults(engine) with the stated overrides.
  static ServingTerms Resolve(const EngineSpec& engine, const ServingTermOverrides& overrides);

  // The host model with these host terms and the latency model's launch settings.
  HostTimeModel Host(double launch_s, int cuda_graph_max_tokens) const;
  // Multiplies every GPU op of `step` by its family's multiplier and re-sums total_s.
  void ScaleGpuOps(StepTime& step) const;
};

}  // namespace gpuplan
