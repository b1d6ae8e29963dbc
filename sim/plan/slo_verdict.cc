#include "sim/plan/slo_verdict.h"

#include <fmt/format.h>

#include <optional>

#include "sim/plan/confidence.h"
#include "sim/plan/derivation.h"

namespace gpuplan {
namespace {

bool Meets(const ProbeResult& probe, const SloThresholds& limits, double latency_safety_factor) {
  if (probe.dropped > 0 || probe.unfinished > 0 || probe.overloaded_seeds > 0) return false;
  for (SloMetric m : kSloMetrics) {
    const ConfidenceInterval& ci = probe.metrics[m].ci;
    if (!limits[m] || ci.n == 0) continue;
    if (SloMargin(*limits[m] / latency_safety_factor, ci) < 0) return false;
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

std::string SloLimitsText(const SloThresholds& limits) {
  std::string text;
  for (SloMetric m : kSloMetrics) {
    if (!limits[m]) continue;
    text += fmt::format("{}{} {} ms", text.empty() ? "" : ", ", SloMetricLabel(m),
                        FormatNumber(*limits[m]));
  }
  return text.empty() ? "no limit" : text;
}

}  // namespace gpuplan
