// SLO presets and speed grades: named latency targets per use case, each at two levels, ideal and
// acceptable (the provisioning guide's pairs), and named per-user generation speeds. One table
// for a scenario's `slo: {preset: ...}` (config/) and a plan's (plan/), so both resolve a preset
// the same way. Every number has its reason beside it; the sources are in
// docs/planning-method.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/slo.h"

namespace gpuplan {

// Which of a preset's two target sets a run is counted against, or a plan is sized for.
enum class SloLevel { kIdeal, kAcceptable };

std::string_view SloLevelName(SloLevel level);  // "ideal", "acceptable"
const std::vector<std::string>& SloLevelNames();
// The presets' names in their table's order (SloPresets() is declared below).
std::vector<std::string> SloPresetNames();
// nullopt for anything but "ideal" and "acceptable".
std::optional<SloLevel> SloLevelFromName(std::string_view name);

// A named per-user generation speed.
struct SpeedGrade {
  std::string_view name;
  std::string_view letter;  // the provisioning guide's grade (C, B, A), "" when it has none
  double tokens_per_s = 0;
  std::string_view rationale;  // one line: why this speed
};

// The grades, slowest first: relaxed 5, reading (C) 15, fast (B) 30, instant (A) 70 tokens/s.
const std::vector<SpeedGrade>& SpeedGrades();
// The grade named or lettered `name`; throws ConfigError naming the valid grades (and the
// nearest) for anything else.
const SpeedGrade& FindSpeedGrade(std::string_view name);

// One level of a preset: a first-token and a whole-response target (absent: not constrained).
struct SloPresetLevel {
  std::optional<double> ttft_ms;
  std::optional<double> e2e_ms;
};

// Targets for one use case at the preset's percentile.
struct SloPreset {
  std::string_view name;
  SloPresetLevel ideal;
  SloPresetLevel acceptable;
  std::string_view speed_grade;  // the TPOT target at both levels; "" = no TPOT target
  double percentile = 95;
  std::string_view rationale;             // one line: why these numbers
  std::string_view acceptable_rationale;  // one line: why the acceptable level is what it is
};

// chatbot, search, code_completion, streaming_captions, translation, summarisation,
// backend_batch, batch.
const std::vector<SloPreset>& SloPresets();
// Throws ConfigError naming the valid presets (and the nearest) for an unknown name.
const SloPreset& FindSloPreset(std::string_view name);

// A preset resolved at both levels: what a scenario's or a plan's `slo: {preset: ...}` means.
struct SloLevels {
  std::string preset;
  SloLevel level = SloLevel::kIdeal;  // what the run is counted against / the plan sized for
  SloThresholds ideal;                // the preset's p-th percentile targets with `given` applied
  SloThresholds acceptable;
  SloThresholds given;     // the numbers written beside the preset: each replaces it at both levels
  double percentile = 95;  // the preset's

  const SloThresholds& AtLevel() const { return level == SloLevel::kIdeal ? ideal : acceptable; }
};

// The one resolution of a preset, for scenarios and plans alike: the preset's targets at both
// levels (its grade turned into TPOT = 1000 / tokens/s), each given number replacing the preset's
// at both levels. Throws ConfigError for an unknown preset.
SloLevels ResolveSloLevels(std::string_view preset, SloLevel level, const SloThresholds& given);

}  // namespace gpuplan
