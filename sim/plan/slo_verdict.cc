#include "sim/plan/slo_verdict.h"

#include <fmt/format.h>

#include <array>
#include <optional>

#include "sim/plan/confidence.h"
#include "sim/plan/derivation.h"

namespace gpuplan {
namespace {

// ttft, tpot, e2e: the order of ProbeResult::metrics.
std::array<std::optional<double>, kNumSloMetrics> ByMetric(const SloLimits& limits) {
  return {limits.ttft_ms, limits.tpot_ms, limits.e2e_ms};
}

bool Meets(const ProbeResult& probe, const SloLimits& limits, double latency_safety_factor) {
  if (probe.dropped > 0 || probe.unfinished > 0 || probe.overloaded_seeds > 0) return false;
  const auto limit = ByMetric(limits);
  for (int m = 0; m < kNumSloMetrics; ++m) {
    const ConfidenceInterval& ci = probe.metrics[m].ci;
    if (!limit[m] || ci.n == 0) continue;
    if (SloMargin(*limit[m] / latency_safety_factor, ci) < 0) return false;
  }
  return true;
}

}  // namespace

std::string_view SloLevelMetName(SloLevelMet met) {
  switch (met) {
    case SloLevelMet::kIdeal:
      return "ideal";
    case SloLevelMet::kAcceptable:
      return "acceptable";
    case SloLevelMet::kNone:
      return "none";
  }
  return "none";
}

std::string_view SloVerdictText(SloLevelMet met) {
  switch (met) {
    case SloLevelMet::kIdeal:
      return "meets ideal";
    case SloLevelMet::kAcceptable:
      return "meets acceptable";
    case SloLevelMet::kNone:
      return "fails";
  }
  return "fails";
}

SloLevelMet ProbeLevelMet(const ProbeResult& probe, const SloLevels& levels,
                          double latency_safety_factor) {
  if (Meets(probe, levels.ideal, latency_safety_factor)) return SloLevelMet::kIdeal;
  if (Meets(probe, levels.acceptable, latency_safety_factor)) return SloLevelMet::kAcceptable;
  return SloLevelMet::kNone;
}

std::string SloLimitsText(const SloLimits& limits) {
  constexpr std::array<const char*, kNumSloMetrics> kTitles = {"TTFT", "TPOT", "E2E"};
  const auto limit = ByMetric(limits);
  std::string text;
  for (int m = 0; m < kNumSloMetrics; ++m) {
    if (!limit[m]) continue;
    text +=
        fmt::format("{}{} {} ms", text.empty() ? "" : ", ", kTitles[m], FormatNumber(*limit[m]));
  }
  return text.empty() ? "no limit" : text;
}

}  // namespace gpuplan
