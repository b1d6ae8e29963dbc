#include "sim/plan/speed_target.h"

#include <fmt/format.h>

#include <cmath>

#include "sim/core/error.h"

namespace gpuplan {

SpeedTarget SpeedTargetFromTokensPerSecond(double tokens_per_s) {
  if (!std::isfinite(tokens_per_s) || tokens_per_s <= 0) {
    throw ConfigError(
        fmt::format("generation speed {} tokens/s is not a positive number; expected tokens/s > 0",
                    tokens_per_s));
  }
  SpeedTarget target;
  target.tokens_per_s = tokens_per_s;
  target.tpot_ms = 1000.0 / tokens_per_s;
  target.step = {"TPOT target", fmt::format("1000 / speed = 1000 / {}", FormatNumber(tokens_per_s)),
                 target.tpot_ms, "ms"};
  return target;
}

SpeedTarget SpeedTargetFromGrade(std::string_view grade) {
  const SpeedGrade& g = FindSpeedGrade(grade);
  SpeedTarget target = SpeedTargetFromTokensPerSecond(g.tokens_per_s);
  target.grade = std::string(g.name);
  const std::string named =
      g.name == grade ? std::string(grade) : fmt::format("{} = {}", grade, g.name);
  target.step.formula =
      fmt::format("1000 / speed ({}) = 1000 / {}", named, FormatNumber(g.tokens_per_s));
  return target;
}

double TokensPerSecondFromWordsPerMinute(double words_per_minute) {
  return words_per_minute / 60.0 / kWordsPerToken;
}

SloTargets ResolveSloPreset(std::string_view name, SloLevel level, const SloThresholds& given) {
  const SloLevels levels = ResolveSloLevels(name, level, given);
  SloTargets targets;
  targets.preset = std::string(name);
  targets.thresholds = levels.AtLevel();
  targets.percentile = levels.percentile;
  const std::string_view grade = FindSloPreset(name).speed_grade;
  if (!grade.empty() && !given.tpot_ms()) targets.speed = SpeedTargetFromGrade(grade);
  targets.levels = levels;
  return targets;
}

}  // namespace gpuplan
