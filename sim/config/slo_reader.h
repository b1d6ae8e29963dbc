// Reading an `slo:` section's preset and level (sim/config/slo_presets.h): a scenario's whole
// section, and a plan's level (plan/ resolves a plan's preset in its second pass).
#pragma once

#include <optional>

#include "sim/config/scenario.h"
#include "sim/config/slo_presets.h"
#include "sim/config/yaml_reader.h"

namespace gpuplan::detail {

// `level:`: "ideal" or "acceptable". Reported, and nullopt, for anything else or without a preset
// beside it.
std::optional<SloLevel> ReadSloLevel(const YamlNode& node, bool has_preset);

// The thresholds written in an `slo:` map (ttft_ms, tpot_ms, e2e_ms), each > 0 when given.
SloThresholds ReadSloThresholds(YamlMap& map);

// A scenario's `slo:` map: thresholds, percentile, and a preset at a level, the thresholds
// written beside it winning at both levels. Problems are reported at their keys.
SloSpec ReadScenarioSlo(YamlMap& map);

}  // namespace gpuplan::detail
