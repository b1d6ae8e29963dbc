// SLO presets at two levels (sim/config/slo_presets.h) and a scenario's `slo: {preset: ...}`:
// every guide preset's pair by hand, the grade letters, explicit numbers over a preset, located
// errors, and the resolved YAML keeping the preset.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sim/config/scenario.h"
#include "sim/config/slo_presets.h"
#include "tests/common/slo_thresholds.h"
#include "tests/config/config_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::ErrorsOf;
using ::gpuplan::testing::LoadText;
using ::gpuplan::testing::TtftTpotE2e;
using ::gpuplan::testing::ValidScenarioText;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

constexpr double kReadingTpot = 1000.0 / 15;  // grade C
constexpr double kFastTpot = 1000.0 / 30;     // grade B

// ValidScenarioText with its slo line (line 13) replaced by `slo`.
std::string WithSlo(const std::string& slo) {
  std::string text = ValidScenarioText();
  const std::string line = "slo: {ttft_ms: 500, tpot_ms: 50}";
  text.replace(text.find(line), line.size(), slo);
  return text;
}

struct Pair {
  const char* preset;
  SloThresholds ideal;
  SloThresholds acceptable;
};

TEST(SloPresetLevelsTest, EveryGuidePresetHasTheGuidesPairAtBothLevels) {
  // The provisioning guide: chatbot 500 ms / 1 s TTFT, search 200 / 500 ms TTFT, streaming
  // 300 / 700 ms TTFT, backend batch 10 s / 15 s E2E, summarisation and translation 2 s / 5 s
  // E2E. The grades give TPOT at both levels; search's and streaming_captions' E2E budgets move
  // with the first token: 2,000 + (500 - 200) = 2,300 and 1,000 + (700 - 300) = 1,400 ms.
  const Pair pairs[] = {
      {"chatbot", TtftTpotE2e(500, kReadingTpot, std::nullopt),
       TtftTpotE2e(1'000, kReadingTpot, std::nullopt)},
      {"search", TtftTpotE2e(200, kFastTpot, 2'000), TtftTpotE2e(500, kFastTpot, 2'300)},
      {"streaming_captions", TtftTpotE2e(300, kFastTpot, 1'000),
       TtftTpotE2e(700, kFastTpot, 1'400)},
      {"backend_batch", TtftTpotE2e(std::nullopt, std::nullopt, 10'000),
       TtftTpotE2e(std::nullopt, std::nullopt, 15'000)},
      {"summarisation", TtftTpotE2e(std::nullopt, std::nullopt, 2'000),
       TtftTpotE2e(std::nullopt, std::nullopt, 5'000)},
      {"translation", TtftTpotE2e(std::nullopt, std::nullopt, 2'000),
       TtftTpotE2e(std::nullopt, std::nullopt, 5'000)},
  };
  for (const Pair& p : pairs) {
    for (SloLevel level : {SloLevel::kIdeal, SloLevel::kAcceptable}) {
      const SloLevels l = ResolveSloLevels(p.preset, level, {});
      EXPECT_EQ(l.preset, p.preset);
      EXPECT_EQ(l.level, level);
      EXPECT_EQ(l.ideal.ttft_ms(), p.ideal.ttft_ms()) << p.preset;
      EXPECT_EQ(l.ideal.tpot_ms(), p.ideal.tpot_ms()) << p.preset;
      EXPECT_EQ(l.ideal.e2e_ms(), p.ideal.e2e_ms()) << p.preset;
      EXPECT_EQ(l.acceptable.ttft_ms(), p.acceptable.ttft_ms()) << p.preset;
      EXPECT_EQ(l.acceptable.tpot_ms(), p.acceptable.tpot_ms()) << p.preset;
      EXPECT_EQ(l.acceptable.e2e_ms(), p.acceptable.e2e_ms()) << p.preset;
      EXPECT_EQ(&l.AtLevel(), level == SloLevel::kIdeal ? &l.ideal : &l.acceptable);
      EXPECT_EQ(l.percentile, 95);
    }
  }
}

TEST(SloPresetLevelsTest, ProjectPresetsKeepTheirNumbersAndAcceptableEqualsIdeal) {
  // code_completion: TTFT 200, instant (A) TPOT 1000 / 70, E2E 1 s; batch: 24 h E2E.
  const SloLevels code = ResolveSloLevels("code_completion", SloLevel::kAcceptable, {});
  EXPECT_EQ(code.acceptable.ttft_ms(), 200);
  EXPECT_EQ(code.acceptable.tpot_ms(), 1000.0 / 70);
  EXPECT_EQ(code.acceptable.e2e_ms(), 1'000);
  EXPECT_EQ(code.ideal.ttft_ms(), code.acceptable.ttft_ms());
  EXPECT_EQ(code.ideal.e2e_ms(), code.acceptable.e2e_ms());
  const SloLevels batch = ResolveSloLevels("batch", SloLevel::kIdeal, {});
  EXPECT_EQ(batch.ideal.e2e_ms(), 86'400'000);
  EXPECT_EQ(batch.acceptable.e2e_ms(), 86'400'000);
  EXPECT_FALSE(batch.ideal.ttft_ms().has_value());
  for (const SloPreset& p : SloPresets()) {
    EXPECT_FALSE(p.acceptable_rationale.empty()) << p.name;
  }
}

TEST(SloPresetLevelsTest, GivenNumbersReplaceThePresetAtBothLevels) {
  const SloLevels l = ResolveSloLevels("chatbot", SloLevel::kAcceptable,
                                       SloThresholds().Set(SloMetric::kTtft, 800));
  EXPECT_EQ(l.ideal.ttft_ms(), 800);
  EXPECT_EQ(l.acceptable.ttft_ms(), 800);
  EXPECT_EQ(l.acceptable.tpot_ms(), kReadingTpot);  // not given: the preset's grade
  EXPECT_EQ(l.given.ttft_ms(), 800);
  EXPECT_FALSE(l.given.tpot_ms().has_value());
}

TEST(SloPresetLevelsTest, GradeLettersAreTheGuidesCBA) {
  EXPECT_EQ(FindSpeedGrade("C").name, "reading");
  EXPECT_EQ(FindSpeedGrade("C").tokens_per_s, 15);
  EXPECT_EQ(FindSpeedGrade("B").name, "fast");
  EXPECT_EQ(FindSpeedGrade("B").tokens_per_s, 30);
  EXPECT_EQ(FindSpeedGrade("A").name, "instant");
  EXPECT_EQ(FindSpeedGrade("A").tokens_per_s, 70);
  EXPECT_EQ(&FindSpeedGrade("fast"), &FindSpeedGrade("B"));
  try {
    FindSpeedGrade("D");
    FAIL() << "accepted grade D";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown speed grade 'D'; expected one of: relaxed, reading, "
                                    "fast, instant (or the letter: C = reading, B = fast, A = "
                                    "instant)"));
  }
}

TEST(SloPresetLevelsTest, UnknownPresetSuggestsTheNearest) {
  try {
    ResolveSloLevels("backend_bach", SloLevel::kIdeal, {});
    FAIL() << "accepted an unknown preset";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown SLO preset 'backend_bach'; did you mean "
                                    "'backend_batch'?"));
  }
}

TEST(ScenarioSloPresetTest, APresetGivesItsIdealLevelByDefault) {
  const Scenario s = LoadText(WithSlo("slo: {preset: chatbot}"));
  ASSERT_TRUE(s.slo.has_value());
  EXPECT_EQ(s.slo->thresholds.ttft_ms(), 500);
  EXPECT_EQ(s.slo->thresholds.tpot_ms(), kReadingTpot);
  EXPECT_FALSE(s.slo->thresholds.e2e_ms().has_value());
  EXPECT_EQ(s.slo->percentile, 95);
  ASSERT_TRUE(s.slo->levels.has_value());
  EXPECT_EQ(s.slo->levels->preset, "chatbot");
  EXPECT_EQ(s.slo->levels->level, SloLevel::kIdeal);
  EXPECT_EQ(s.slo->levels->acceptable.ttft_ms(), 1'000);
}

TEST(ScenarioSloPresetTest, LevelAcceptableCountsAgainstTheAcceptableTargets) {
  const Scenario s = LoadText(WithSlo("slo: {preset: search, level: acceptable}"));
  EXPECT_EQ(s.slo->thresholds.ttft_ms(), 500);
  EXPECT_EQ(s.slo->thresholds.tpot_ms(), kFastTpot);
  EXPECT_EQ(s.slo->thresholds.e2e_ms(), 2'300);
  EXPECT_EQ(s.slo->levels->level, SloLevel::kAcceptable);
  EXPECT_EQ(s.slo->levels->ideal.ttft_ms(), 200);
}

TEST(ScenarioSloPresetTest, ExplicitNumbersAndPercentileWinOverThePreset) {
  const Scenario s =
      LoadText(WithSlo("slo: {preset: chatbot, tpot_ms: 40, e2e_ms: 9000, percentile: 90}"));
  EXPECT_EQ(s.slo->thresholds.ttft_ms(), 500);
  EXPECT_EQ(s.slo->thresholds.tpot_ms(), 40);
  EXPECT_EQ(s.slo->thresholds.e2e_ms(), 9'000);
  EXPECT_EQ(s.slo->percentile, 90);
  EXPECT_EQ(s.slo->levels->acceptable.tpot_ms(), 40);
  EXPECT_EQ(s.slo->levels->acceptable.ttft_ms(), 1'000);
}

TEST(ScenarioSloPresetTest, WithoutAPresetNothingChanges) {
  const Scenario s = LoadText(ValidScenarioText());
  EXPECT_EQ(s.slo->thresholds.ttft_ms(), 500);
  EXPECT_EQ(s.slo->thresholds.tpot_ms(), 50);
  EXPECT_FALSE(s.slo->levels.has_value());
}

TEST(ScenarioSloPresetTest, UnknownPresetAndLevelAreLocatedWithSuggestions) {
  // Line 13, "slo: {preset: chatbto, level: idael}": the values start at columns 15 and 31.
  EXPECT_THAT(ErrorsOf([] { LoadText(WithSlo("slo: {preset: chatbto, level: idael}")); }),
              ElementsAre("scn.yaml:13:15: slo.preset: unknown SLO preset 'chatbto'; did you mean "
                          "'chatbot'?; expected one of: chatbot, search, code_completion, "
                          "streaming_captions, translation, summarisation, backend_batch, batch",
                          "scn.yaml:13:31: slo.level: 'idael' is not a valid choice; did you mean "
                          "'ideal'?; expected one of: ideal, acceptable"));
}

TEST(ScenarioSloPresetTest, ALevelNeedsAPreset) {
  EXPECT_THAT(ErrorsOf([] { LoadText(WithSlo("slo: {ttft_ms: 500, level: acceptable}")); }),
              ElementsAre("scn.yaml:13:28: slo.level: given without a preset; expected "
                          "slo.preset beside it (a level picks one of the preset's two target "
                          "sets)"));
}

TEST(ScenarioSloPresetTest, ResolvedYamlKeepsThePresetAndOnlyTheGivenNumbers) {
  const Scenario s = LoadText(WithSlo("slo: {preset: chatbot, level: acceptable, e2e_ms: 9000}"));
  const std::string yaml = ToResolvedYaml(s);
  EXPECT_THAT(yaml, HasSubstr("slo:\n  preset: chatbot\n  level: acceptable\n  e2e_ms: 9000\n  "
                              "percentile: 95\n"));
  const Scenario again =
      LoadScenarioFromString(yaml, "resolved_scenario.yaml", {}, ::gpuplan::testing::TestCatalog(),
                             ::gpuplan::testing::FakeValidators());
  EXPECT_EQ(again.slo->thresholds.ttft_ms(), 1'000);
  EXPECT_EQ(again.slo->thresholds.e2e_ms(), 9'000);
  EXPECT_EQ(again.slo->levels->ideal.ttft_ms(), 500);  // a re-read keeps both levels
  EXPECT_EQ(again.slo->levels->ideal.e2e_ms(), 9'000);
  EXPECT_EQ(ToResolvedYaml(again), yaml);
}

}  // namespace
}  // namespace gpuplan
