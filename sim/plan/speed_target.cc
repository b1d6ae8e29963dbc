#include "sim/plan/speed_target.h"

#include <fmt/format.h>

#include <cmath>

#include "sim/core/error.h"
#include "sim/core/suggest.h"

namespace gpuplan {

const std::vector<SpeedGrade>& SpeedGrades() {
  static const std::vector<SpeedGrade> kGrades = {
      {"relaxed", 5,
       "about the average adult silent reading pace (238 words/min ~= 5.3 tokens/s); fast readers "
       "catch up with the text"},
      {"reading", 15,
       "about twice the fast end of normal reading (300 words/min ~= 6.7 tokens/s), so the text "
       "stays ahead of a reader who skims"},
      {"fast", 30,
       "a 300-token answer streams in 10 s, the attention limit; near the 30-40 ms TPOT bounds of "
       "MLPerf's interactive LLM benchmarks"},
      {"instant", 70,
       "a 100-token block appears in ~1.4 s, close to the 1 s flow limit; for output consumed "
       "whole (code, tool calls, hidden reasoning)"},
  };
  return kGrades;
}

namespace {

std::vector<std::string> GradeNames() {
  std::vector<std::string> names;
  for (const SpeedGrade& g : SpeedGrades()) names.emplace_back(g.name);
  return names;
}

std::vector<std::string> PresetNames() {
  std::vector<std::string> names;
  for (const SloPreset& p : SloPresets()) names.emplace_back(p.name);
  return names;
}

}  // namespace

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
  for (const SpeedGrade& g : SpeedGrades()) {
    if (g.name != grade) continue;
    SpeedTarget target = SpeedTargetFromTokensPerSecond(g.tokens_per_s);
    target.grade = std::string(grade);
    target.step.formula =
        fmt::format("1000 / speed ({}) = 1000 / {}", grade, FormatNumber(g.tokens_per_s));
    return target;
  }
  const std::vector<std::string> names = GradeNames();
  throw ConfigError(fmt::format("unknown speed grade '{}'{}; expected one of: {}", grade,
                                DidYouMean(grade, names), JoinNames(names)));
}

double TokensPerSecondFromWordsPerMinute(double words_per_minute) {
  return words_per_minute / 60.0 / kWordsPerToken;
}

const std::vector<SloPreset>& SloPresets() {
  // Percentile 95 throughout: the issue plans for p95. Sources in docs/planning-method.md.
  static const std::vector<SloPreset> kPresets = {
      {"chatbot", 500, "reading", std::nullopt, 95,
       "first token well inside the 1 s flow-of-thought limit; text streams faster than people "
       "read"},
      {"search", 300, "fast", 2'000, 95,
       "an answer on a results page, where 100-400 ms of added delay measurably cut searches; "
       "short answers (<= ~50 tokens) done in 2 s"},
      {"code_completion", 200, "instant", 1'000, 95,
       "an inline suggestion helps only if it lands before the developer types on: the whole "
       "completion (<= ~55 tokens) within the 1 s flow limit"},
      {"streaming_captions", 300, "fast", 1'000, 95,
       "each caption segment on screen within ~1 s of its speech; speech (~3 words/s) is far "
       "slower than any grade, so latency is the limit"},
      {"translation", 1'000, "fast", std::nullopt, 95,
       "the output is as long as the input, so speed dominates: a 300-token paragraph streams in "
       "10 s"},
      {"summarisation", 3'000, "reading", std::nullopt, 95,
       "long prompts make prefill dominate; MLPerf allows 2 s (Llama-2-70B) to 6 s (128k-context "
       "Llama-3.1-405B) TTFT at p99"},
      {"batch", std::nullopt, "", 86'400'000, 95,
       "offline jobs: batch APIs promise completion within 24 h, so only throughput and cost "
       "matter"},
  };
  return kPresets;
}

SloTargets ResolveSloPreset(std::string_view name) {
  for (const SloPreset& p : SloPresets()) {
    if (p.name != name) continue;
    SloTargets targets;
    targets.preset = std::string(name);
    targets.ttft_ms = p.ttft_ms;
    targets.e2e_ms = p.e2e_ms;
    targets.percentile = p.percentile;
    if (!p.speed_grade.empty()) {
      targets.speed = SpeedTargetFromGrade(p.speed_grade);
      targets.tpot_ms = targets.speed->tpot_ms;
    }
    return targets;
  }
  const std::vector<std::string> names = PresetNames();
  throw ConfigError(fmt::format("unknown SLO preset '{}'{}; expected one of: {}", name,
                                DidYouMean(name, names), JoinNames(names)));
}

}  // namespace gpuplan
