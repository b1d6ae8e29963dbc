#include "reports/locale.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "sim/core/error.h"

namespace gpuplan::report {
namespace {

// Messages whose Japanese text may equal the English one: none today. A message lands here only
// when the identical text is the right Japanese (a proper noun, a symbol).
const std::set<std::string_view> kSameInBothLanguages = {};

int CountPlaceholders(std::string_view text, int index) {
  std::string needle = fmt::format("{{{}}}", index);
  int count = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(LocaleTest, EveryMessageHasEveryLanguage) {
  for (int i = 0; i < kMsgCount; ++i) {
    auto id = static_cast<Msg>(i);
    std::string_view key = MsgKey(id);
    EXPECT_FALSE(Tr(Lang::kEn, id).empty()) << key << ": English missing";
    EXPECT_FALSE(Tr(Lang::kJa, id).empty()) << key << ": Japanese missing";
    if (!kSameInBothLanguages.contains(key)) {
      EXPECT_NE(Tr(Lang::kEn, id), Tr(Lang::kJa, id)) << key << ": Japanese is a copy of English";
    }
  }
}

TEST(LocaleTest, KeysAreUniqueAndDotted) {
  std::set<std::string_view> keys;
  for (int i = 0; i < kMsgCount; ++i) {
    std::string_view key = MsgKey(static_cast<Msg>(i));
    EXPECT_TRUE(keys.insert(key).second) << "duplicate key " << key;
    EXPECT_NE(key.find('.'), std::string_view::npos) << key;
  }
}

TEST(LocaleTest, PlaceholdersMatchAcrossLanguages) {
  for (int i = 0; i < kMsgCount; ++i) {
    auto id = static_cast<Msg>(i);
    for (int p = 0; p < 4; ++p) {
      EXPECT_EQ(CountPlaceholders(Tr(Lang::kEn, id), p) > 0,
                CountPlaceholders(Tr(Lang::kJa, id), p) > 0)
          << MsgKey(id) << " placeholder {" << p << "}";
    }
    // Formatting must not throw: no stray braces.
    EXPECT_NO_THROW(TrFormat(Lang::kEn, id, "a", "b", "c", "d")) << MsgKey(id);
    EXPECT_NO_THROW(TrFormat(Lang::kJa, id, "a", "b", "c", "d")) << MsgKey(id);
  }
}

// English picks a noun's number by the count before it; Japanese has no plural.
TEST(LocaleTest, EnglishNounsFollowTheirCount) {
  EXPECT_EQ(TrFormat(Lang::kEn, Msg::kReplicasOf, 1, "H100"), "1 replica of H100");
  EXPECT_EQ(TrFormat(Lang::kEn, Msg::kReplicasOf, 2, "H100"), "2 replicas of H100");
  EXPECT_EQ(TrFormat(Lang::kEn, Msg::kReplicasOf, 0, "H100"), "0 replicas of H100");
  EXPECT_EQ(TrFormat(Lang::kEn, Msg::kReplicasOf, "11", "H100"), "11 replicas of H100");
  EXPECT_EQ(TrFormat(Lang::kJa, Msg::kReplicasOf, 1, "H100"), "H100を1レプリカ");
  EXPECT_EQ(TrFormat(Lang::kEn, Msg::kReasonDropped, 1), "1 request was dropped");
  EXPECT_EQ(TrFormat(Lang::kEn, Msg::kReasonDropped, 3), "3 requests were dropped");
}

TEST(LocaleTest, PluralChoicesLeaveFmtPlaceholdersAlone) {
  EXPECT_EQ(SelectPlurals("{0} {0|cat|cats} and {1:.1f} {{x}} {1|dog|dogs}", {"1", "2.5"}),
            "{0} cat and {1:.1f} {{x}} dogs");
  EXPECT_EQ(SelectPlurals("no choices {0}", {"1"}), "no choices {0}");
  EXPECT_EQ(SelectPlurals("{1|one|many}", {"1", "1"}), "one");
  EXPECT_THROW(SelectPlurals("{2|a|b}", {"1"}), InternalError);  // no argument 2
  EXPECT_THROW(SelectPlurals("{0|a|b", {"1"}), InternalError);   // not closed
}

TEST(LocaleTest, TranslatesLabels) {
  EXPECT_EQ(Tr(Lang::kEn, Msg::kKeyMonthlyCost), "Monthly cost");
  EXPECT_EQ(Tr(Lang::kJa, Msg::kKeyMonthlyCost), "月額費用");
  EXPECT_EQ(TrFormat(Lang::kJa, Msg::kFigureNumber, 3), "図3");
  EXPECT_EQ(TrFormat(Lang::kEn, Msg::kRejectedBecause, "it is slow"),
            "Rejected because it is slow");
  EXPECT_EQ(TrFormat(Lang::kJa, Msg::kLabelValue, "推奨", "L40S"), "推奨:L40S");
}

TEST(LocaleTest, ParsesLanguageCodes) {
  EXPECT_EQ(ParseLang("en"), Lang::kEn);
  EXPECT_EQ(ParseLang("JA"), Lang::kJa);
  EXPECT_EQ(ParseLang("fr"), std::nullopt);
  EXPECT_EQ(LangCode(Lang::kJa), "ja");
}

TEST(FormatNumberTest, GroupsThousands) {
  EXPECT_EQ(FormatNumber(1234567.8, 1, Lang::kEn), "1,234,567.8");
  EXPECT_EQ(FormatNumber(1234567.8, 1, Lang::kJa), "1,234,567.8");
  EXPECT_EQ(FormatNumber(999, 0, Lang::kEn), "999");
  EXPECT_EQ(FormatNumber(1000, 0, Lang::kEn), "1,000");
  EXPECT_EQ(FormatNumber(100000, 2, Lang::kEn), "100,000.00");
  EXPECT_EQ(FormatNumber(0.125, 3, Lang::kEn), "0.125");
}

TEST(FormatNumberTest, RoundsAndCarriesIntoANewGroup) {
  EXPECT_EQ(FormatNumber(999.96, 1, Lang::kEn), "1,000.0");
  EXPECT_EQ(FormatNumber(1234.5678, 0, Lang::kEn), "1,235");
}

TEST(FormatNumberTest, NegativesAndNegativeZero) {
  EXPECT_EQ(FormatNumber(-1234.5, 1, Lang::kEn), "-1,234.5");
  EXPECT_EQ(FormatNumber(-0.04, 1, Lang::kEn), "0.0");
  EXPECT_EQ(FormatNumber(-0.0, 0, Lang::kEn), "0");
}

TEST(FormatNumberTest, NonFiniteValues) {
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::quiet_NaN(), 1, Lang::kEn), "\u2014");
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::infinity(), 1, Lang::kEn), "\u221e");
}

TEST(FormatNumberTest, PercentCurrencyAndUnits) {
  EXPECT_EQ(FormatPercent(0.953, 1, Lang::kEn), "95.3%");
  EXPECT_EQ(FormatPercent(0.99626, 2, Lang::kJa), "99.63%");
  EXPECT_EQ(FormatUsd(1234.5, 2, Lang::kEn), "US$1,234.50");
  EXPECT_EQ(FormatUsd(1234.5, 2, Lang::kJa), "US$1,234.50");
  EXPECT_EQ(FormatUsd(-58000, 0, Lang::kEn), "-US$58,000");
  EXPECT_EQ(FormatWithUnit(250, 0, Msg::kUnitMs, Lang::kEn), "250 ms");
  EXPECT_EQ(FormatWithUnit(250, 0, Msg::kUnitMs, Lang::kJa), "250ミリ秒");
  EXPECT_EQ(FormatWithUnit(1500, 0, Msg::kUnitRequestsPerS, Lang::kJa), "1,500リクエスト/秒");
}

}  // namespace
}  // namespace gpuplan::report
