// The three-level verdict of an SLO preset ("meets ideal", "meets acceptable", "fails"), worded
// for the run report (summary.json slo.level_met) and the plan report (plan.json
// recommendation.level_met) alike.
#pragma once

#include <optional>
#include <string>

#include "reports/document.h"
#include "reports/locale.h"

namespace gpuplan::report {

struct SloLevelCallout {
  Verdict verdict = Verdict::kNote;  // pass for ideal, warn for acceptable, fail for none
  std::string text;
};

// nullopt when `level_met` is not "ideal", "acceptable" or "none" (no preset: "").
std::optional<SloLevelCallout> SloLevelVerdict(const std::string& level_met,
                                               const std::string& preset, Lang lang);

// "ideal" / "理想", "acceptable" / "許容"; any other text as it is.
std::string SloLevelWord(const std::string& level, Lang lang);

}  // namespace gpuplan::report
