// Step 1 of a plan: what "fast enough" means. A per-user generation speed (tokens/s, by number or
// by a named grade) becomes a TPOT target, and SLO presets per use case give p95 targets a user
// can start from, at an ideal and an acceptable level. Every number is a starting point with its
// reason written beside it; the sources are in docs/planning-method.md. The tables themselves
// (SpeedGrades, SloPresets) live in sim/config/slo_presets.h, which a scenario's `slo:` reads too.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config/slo_presets.h"
#include "sim/plan/derivation.h"

namespace gpuplan {

// English words per token for current BPE tokenizers (OpenAI's rule of thumb: 100 tokens ~= 75
// words). Used only to turn reading and speaking speeds into tokens/s.
constexpr double kWordsPerToken = 0.75;

// A speed target with its TPOT: tpot_ms = 1000 / tokens_per_s.
struct SpeedTarget {
  std::string grade;  // the grade's name ("fast" also for "B"); "" when given as a number
  double tokens_per_s = 0;
  double tpot_ms = 0;
  DerivationStep step;  // "TPOT target = 1000 / speed = 1000 / 25 = 40 ms"
};

// Throws ConfigError unless tokens_per_s is finite and > 0.
SpeedTarget SpeedTargetFromTokensPerSecond(double tokens_per_s);
// A grade by name or by the guide's letter (C, B, A). Throws ConfigError naming the valid grades
// (and the nearest) for an unknown name.
SpeedTarget SpeedTargetFromGrade(std::string_view grade);

// Reading or speaking speed in words per minute -> tokens/s (wpm / 60 / kWordsPerToken).
double TokensPerSecondFromWordsPerMinute(double words_per_minute);

// The targets a plan sizes for: a preset at one level (its grade resolved into a TPOT target),
// explicit thresholds, or both.
struct SloTargets {
  std::string preset;
  SloThresholds thresholds;  // at the sized level
  double percentile = 95;
  std::optional<SpeedTarget> speed;  // set when the preset names a grade
  std::optional<SloLevels> levels;   // with a preset: both levels, for the verdict
};

// The preset at `level` (ResolveSloLevels, sim/config/slo_presets.h), each `given` number
// replacing the preset's at both levels. Throws ConfigError naming the valid presets (and the
// nearest) for an unknown name.
SloTargets ResolveSloPreset(std::string_view name, SloLevel level = SloLevel::kIdeal,
                            const SloThresholds& given = {});

}  // namespace gpuplan
