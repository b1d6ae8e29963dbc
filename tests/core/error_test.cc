// Diagnostics as printed: long words cut, long lists of problems capped.
#include "sim/core/error.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gpuplan {
namespace {

TEST(ElideLongWords, KeepsWordsUpToTheLimit) {
  const std::string word(kMaxEchoedWord - 2, 'x');  // with its quotes, exactly the limit
  EXPECT_EQ(ElideLongWords("unknown key '" + word + "'"), "unknown key '" + word + "'");
  EXPECT_EQ(ElideLongWords("a  b "), "a  b ");  // spaces kept as written
  EXPECT_EQ(ElideLongWords(""), "");
}

TEST(ElideLongWords, CutsAWordOneCharacterOverTheLimit) {
  // "'" + 120 x's is 121 characters: one over, so cut to its first 40 and its length.
  const std::string word = "'" + std::string(kMaxEchoedWord, 'x');
  EXPECT_EQ(ElideLongWords("got " + word + " here"),
            "got '" + std::string(39, 'x') + "...(121 characters) here");
}

TEST(ElideLongWords, NeverCutsInsideAUtf8Sequence) {
  // 39 ASCII bytes, then 2-byte characters: byte 40 is the second byte of one, so 39 are kept.
  std::string word(39, 'a');
  for (int i = 0; i < 60; ++i) word += "\xc3\xa9";  // U+00E9
  EXPECT_EQ(ElideLongWords(word), std::string(39, 'a') + "...(159 characters)");
}

TEST(Diagnostic, ToStringShortensPathAndMessage) {
  const std::string key(200, 'k');
  Diagnostic d{{"s.yaml", 6, 1}, key, "unknown key '" + key + "'; valid keys: a, b"};
  EXPECT_EQ(d.ToString(),
            "s.yaml:6:1: " + std::string(40, 'k') + "...(200 characters): " + "unknown key '" +
                std::string(39, 'k') +
                "...(203 characters) valid keys: a, b");  // 203: the quotes and ';' too
}

TEST(ConfigError, ShowsAtMostTheCapAndCountsTheRest) {
  std::vector<Diagnostic> many;
  for (size_t i = 0; i < kMaxShownDiagnostics + 5; ++i) {
    many.push_back({{"f.yaml", static_cast<int>(i + 1), 1}, "k", "bad"});
  }
  const std::string text = ConfigError(many).what();
  EXPECT_NE(text.find("f.yaml:100:1: k: bad"), std::string::npos);
  EXPECT_EQ(text.find("f.yaml:101:1"), std::string::npos);
  EXPECT_NE(text.find("... and 5 more problems not shown (the first 100 are above)"),
            std::string::npos);
  EXPECT_EQ(ConfigError(many).diagnostics().size(), kMaxShownDiagnostics + 5);  // all kept
}

TEST(ConfigError, AtTheCapNothingIsCounted) {
  std::vector<Diagnostic> exactly(kMaxShownDiagnostics, Diagnostic{{"f.yaml", 1, 1}, "k", "bad"});
  EXPECT_EQ(std::string(ConfigError(exactly).what()).find("not shown"), std::string::npos);
}

}  // namespace
}  // namespace gpuplan
