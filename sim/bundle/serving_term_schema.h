// The vocabulary of serving_terms.csv (docs/calibration-format.md, section 6): which engine-level
// terms a calibration bundle may state, their names, units and documented bounds. The bundle's
// reader and writer check and spell the file with it; the calibrated latency model applies the
// terms (ServingTerms, sim/latency/serving_terms.h) and `gpuplan calibration fit-serving`
// searches them within these bounds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

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

// A value for every term: what a fit started from (the file's `default` column) and, as
// ServingTerms, the terms a latency model applies.
struct ServingTermValues {
  std::array<double, kNumServingTerms> values{};

  double operator[](ServingTerm t) const { return values[static_cast<size_t>(t)]; }
  double& operator[](ServingTerm t) { return values[static_cast<size_t>(t)]; }
  bool operator==(const ServingTermValues&) const = default;
};

}  // namespace gpuplan
