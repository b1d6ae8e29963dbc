// Readers of plan.json's repeated pieces (derivations, intervals, probes, fleet costs, memory),
// shared by the plan codec's files. Internal to sim/documents/.
#pragma once

#include <limits>
#include <optional>
#include <vector>

#include "sim/documents/plan_document.h"

namespace gpuplan::plan_codec {

// Values gpuplan never writes outside [0, kInf): an edited file is refused at the value.
inline constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<PlanDerivationStep> ReadDerivation(const JsonCursor& c);
PlanInterval ReadInterval(const JsonCursor& c);
PlanProbe ReadProbe(const JsonCursor& c);
std::optional<PlanProbe> ReadOptionalProbe(const JsonCursor& c);
PlanFleetCost ReadFleetCost(const JsonCursor& c);
std::optional<PlanFleetCost> ReadOptionalFleetCost(const JsonCursor& c);
std::optional<PlanCandidateMemory> ReadMemory(const JsonCursor& c);
std::optional<int> ReadOptionalCount(const JsonCursor& c);
std::vector<double> ReadNumbers(const JsonCursor& c);
std::vector<std::string> ReadStrings(const JsonCursor& c);
// One member per metric ("ttft_ms" with `ms_keys`, else "ttft"): a limit in ms, nullopt for null.
SloThresholds ReadThresholds(const JsonCursor& c, bool ms_keys);

}  // namespace gpuplan::plan_codec
