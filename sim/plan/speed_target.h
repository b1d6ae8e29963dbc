// Step 1 of a plan: what "fast enough" means. A per-user generation speed (tokens/s, by number or
// by a named grade) becomes a TPOT target, and SLO presets per use case give p95 targets a user
// can start from. Every number here is a starting point with its reason written beside it; the
// sources are in docs/planning-method.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/plan/derivation.h"

namespace gpuplan {

// English words per token for current BPE tokenizers (OpenAI's rule of thumb: 100 tokens ~= 75
// words). Used only to turn reading and speaking speeds into tokens/s.
constexpr double kWordsPerToken = 0.75;

// A named per-user generation speed.
struct SpeedGrade {
  std::string_view name;
  double tokens_per_s = 0;
  std::string_view rationale;  // one line: why this speed
};

// The grades, slowest first: relaxed 5, reading 15, fast 30, instant 70 tokens/s.
const std::vector<SpeedGrade>& SpeedGrades();

// A speed target with its TPOT: tpot_ms = 1000 / tokens_per_s.
struct SpeedTarget {
  std::string grade;  // "" when given as a number
  double tokens_per_s = 0;
  double tpot_ms = 0;
  DerivationStep step;  // "TPOT target = 1000 / speed = 1000 / 25 = 40 ms"
};

// Throws ConfigError unless tokens_per_s is finite and > 0.
SpeedTarget SpeedTargetFromTokensPerSecond(double tokens_per_s);
// Throws ConfigError naming the valid grades (and the nearest) for an unknown name.
SpeedTarget SpeedTargetFromGrade(std::string_view grade);

// Reading or speaking speed in words per minute -> tokens/s (wpm / 60 / kWordsPerToken).
double TokensPerSecondFromWordsPerMinute(double words_per_minute);

// p95 targets for one use case. Absent fields are not constrained by the preset.
struct SloPreset {
  std::string_view name;
  std::optional<double> ttft_ms;
  std::string_view speed_grade;  // the TPOT target comes from this grade; "" = no TPOT target
  std::optional<double> e2e_ms;
  double percentile = 95;
  std::string_view rationale;  // one line: why these numbers
};

// chatbot, search, code_completion, streaming_captions, translation, summarisation, batch.
const std::vector<SloPreset>& SloPresets();

// A preset with its grade resolved into a TPOT target.
struct SloTargets {
  std::string preset;
  std::optional<double> ttft_ms;
  std::optional<double> tpot_ms;
  std::optional<double> e2e_ms;
  double percentile = 95;
  std::optional<SpeedTarget> speed;  // set when the preset names a grade
};

// Throws ConfigError naming the valid presets (and the nearest) for an unknown name.
SloTargets ResolveSloPreset(std::string_view name);

}  // namespace gpuplan
