#include "sim/plan/speed_target.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

using ::testing::HasSubstr;

TEST(SpeedTargetTest, TokensPerSecondToTpot) {
  // TPOT = 1000 / 25 = 40 ms.
  SpeedTarget t = SpeedTargetFromTokensPerSecond(25);
  EXPECT_DOUBLE_EQ(t.tpot_ms, 40);
  EXPECT_EQ(t.grade, "");
  EXPECT_EQ(t.step.ToString(), "TPOT target = 1000 / speed = 1000 / 25 = 40 ms");
}

TEST(SpeedTargetTest, GradesGiveTheirTpot) {
  // 1000 / 5 = 200, 1000 / 15 = 66.667, 1000 / 30 = 33.333, 1000 / 70 = 14.286 ms.
  EXPECT_DOUBLE_EQ(SpeedTargetFromGrade("relaxed").tpot_ms, 200);
  EXPECT_NEAR(SpeedTargetFromGrade("reading").tpot_ms, 66.667, 1e-3);
  EXPECT_NEAR(SpeedTargetFromGrade("fast").tpot_ms, 33.333, 1e-3);
  EXPECT_NEAR(SpeedTargetFromGrade("instant").tpot_ms, 14.286, 1e-3);
  SpeedTarget fast = SpeedTargetFromGrade("fast");
  EXPECT_EQ(fast.grade, "fast");
  EXPECT_EQ(fast.step.ToString(), "TPOT target = 1000 / speed (fast) = 1000 / 30 = 33.333 ms");
}

TEST(SpeedTargetTest, GradesAreOrderedSlowestFirstAndExplained) {
  const auto& grades = SpeedGrades();
  ASSERT_EQ(grades.size(), 4u);
  for (size_t i = 1; i < grades.size(); ++i) {
    EXPECT_LT(grades[i - 1].tokens_per_s, grades[i].tokens_per_s);
  }
  for (const SpeedGrade& g : grades) EXPECT_FALSE(g.rationale.empty()) << g.name;
}

TEST(SpeedTargetTest, WordsPerMinuteToTokensPerSecond) {
  // 238 words/min (Brysbaert's silent-reading mean) / 60 / 0.75 words per token = 5.289 tokens/s.
  EXPECT_NEAR(TokensPerSecondFromWordsPerMinute(238), 5.289, 1e-3);
  // 300 words/min / 60 / 0.75 = 6.667 tokens/s, the fast end of normal reading.
  EXPECT_NEAR(TokensPerSecondFromWordsPerMinute(300), 6.667, 1e-3);
  // The reading grade stays at least twice ahead of that.
  EXPECT_GE(SpeedTargetFromGrade("reading").tokens_per_s,
            2 * TokensPerSecondFromWordsPerMinute(300));
}

TEST(SpeedTargetTest, RejectsNonPositiveSpeeds) {
  for (double bad : {0.0, -3.0, std::numeric_limits<double>::infinity()}) {
    try {
      SpeedTargetFromTokensPerSecond(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const ConfigError& e) {
      EXPECT_THAT(e.what(), HasSubstr("expected tokens/s > 0"));
    }
  }
}

TEST(SpeedTargetTest, UnknownGradeListsTheValidOnesAndTheNearest) {
  try {
    SpeedTargetFromGrade("instnat");
    FAIL() << "accepted an unknown grade";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown speed grade 'instnat'; did you mean 'instant'?"));
    EXPECT_THAT(e.what(), HasSubstr("expected one of: relaxed, reading, fast, instant"));
  }
}

TEST(SloPresetTest, ChatbotResolvesItsGrade) {
  SloTargets chat = ResolveSloPreset("chatbot");
  EXPECT_EQ(chat.preset, "chatbot");
  EXPECT_EQ(chat.thresholds.ttft_ms(), 500);
  ASSERT_TRUE(chat.thresholds.tpot_ms().has_value());
  EXPECT_NEAR(*chat.thresholds.tpot_ms(), 66.667, 1e-3);  // reading: 1000 / 15
  ASSERT_TRUE(chat.speed.has_value());
  EXPECT_EQ(chat.speed->grade, "reading");
  EXPECT_FALSE(chat.thresholds.e2e_ms().has_value());
  EXPECT_EQ(chat.percentile, 95);
}

TEST(SloPresetTest, BatchHasOnlyATwentyFourHourDeadline) {
  SloTargets batch = ResolveSloPreset("batch");
  EXPECT_FALSE(batch.thresholds.ttft_ms().has_value());
  EXPECT_FALSE(batch.thresholds.tpot_ms().has_value());
  EXPECT_EQ(batch.thresholds.e2e_ms(), 24 * 3600 * 1000.0);
}

TEST(SloPresetTest, EveryPresetIsResolvableConstrainedAndExplained) {
  std::vector<std::string> names;
  for (const SloPreset& p : SloPresets()) {
    names.emplace_back(p.name);
    SloTargets t = ResolveSloPreset(p.name);
    EXPECT_TRUE(t.thresholds.ttft_ms() || t.thresholds.tpot_ms() || t.thresholds.e2e_ms())
        << p.name;
    EXPECT_FALSE(p.rationale.empty()) << p.name;
    EXPECT_EQ(t.percentile, 95) << p.name;
  }
  EXPECT_THAT(names,
              ::testing::ElementsAre("chatbot", "search", "code_completion", "streaming_captions",
                                     "translation", "summarisation", "backend_batch", "batch"));
}

TEST(SloPresetTest, E2eBudgetsLeaveRoomForTheirStatedAnswerLengths) {
  // search: 200 ms + 50 tokens x 33.333 ms = 1,866.7 ms <= 2,000 ms (ideal), and
  // 500 + 50 x 33.333 = 2,166.7 ms <= 2,300 ms (acceptable).
  SloTargets search = ResolveSloPreset("search");
  EXPECT_LE(*search.thresholds.ttft_ms() + 50 * *search.thresholds.tpot_ms(),
            *search.thresholds.e2e_ms());
  SloTargets acceptable = ResolveSloPreset("search", SloLevel::kAcceptable);
  EXPECT_LE(*acceptable.thresholds.ttft_ms() + 50 * *acceptable.thresholds.tpot_ms(),
            *acceptable.thresholds.e2e_ms());
  // code_completion: 200 ms + 55 tokens x 14.286 ms = 985.7 ms <= 1,000 ms.
  SloTargets code = ResolveSloPreset("code_completion");
  EXPECT_LE(*code.thresholds.ttft_ms() + 55 * *code.thresholds.tpot_ms(),
            *code.thresholds.e2e_ms());
}

TEST(SloPresetTest, UnknownPresetSuggests) {
  try {
    ResolveSloPreset("chatbto");
    FAIL() << "accepted an unknown preset";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown SLO preset 'chatbto'; did you mean 'chatbot'?"));
  }
}

}  // namespace
}  // namespace gpuplan
