#include "reports/slo_level_text.h"

#include "reports/report_text.h"

namespace gpuplan::report {

std::optional<SloLevelCallout> SloLevelVerdict(const std::string& level_met,
                                               const std::string& preset, Lang lang) {
  if (level_met == "ideal")
    return SloLevelCallout{Verdict::kPass, TrFormat(lang, Msg::kSloLevelIdeal, preset)};
  if (level_met == "acceptable") {
    return SloLevelCallout{Verdict::kWarn, TrFormat(lang, Msg::kSloLevelAcceptable, preset)};
  }
  if (level_met == "none")
    return SloLevelCallout{Verdict::kFail, TrFormat(lang, Msg::kSloLevelFails, preset)};
  return std::nullopt;
}

std::string SloLevelWord(const std::string& level, Lang lang) {
  if (level == "ideal") return Str(lang, Msg::kSloLevelNameIdeal);
  if (level == "acceptable") return Str(lang, Msg::kSloLevelNameAcceptable);
  return level;
}

}  // namespace gpuplan::report
