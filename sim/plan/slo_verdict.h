// The three-level SLO verdict of a plan: which of its preset's levels (sim/config/slo_presets.h)
// the recommended fleet meets, "meets ideal", "meets acceptable" or "fails", judged on the same
// terms as every probe, whichever level the plan was sized for.
#pragma once

#include <string>
#include <string_view>

#include "sim/config/slo_presets.h"
#include "sim/plan/probe.h"

namespace gpuplan {

enum class SloLevelMet { kIdeal, kAcceptable, kNone };

std::string_view SloLevelMetName(SloLevelMet met);  // "ideal", "acceptable", "none"
std::string_view SloVerdictText(SloLevelMet met);   // "meets ideal", "meets acceptable", "fails"

// The best level whose every limit the probe meets: each metric's pessimistic end (the upper
// bound of its interval over the seeds) within the level's limit / latency_safety_factor. A
// metric no request had (ci.n == 0) violates nothing; a probe that dropped requests or fell
// behind its arrivals meets neither level.
SloLevelMet ProbeLevelMet(const ProbeResult& probe, const SloLevels& levels,
                          double latency_safety_factor);

// "TTFT 500 ms, TPOT 66.667 ms" ("no limit" when none is set).
std::string SloLimitsText(const SloThresholds& limits);

}  // namespace gpuplan
