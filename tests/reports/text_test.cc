#include "reports/text.h"

#include <gtest/gtest.h>

#include <string>

namespace gpuplan::report {
namespace {

TEST(EscapeXmlTest, EscapesMarkupCharacters) {
  EXPECT_EQ(EscapeXml("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
}

TEST(EscapeXmlTest, KeepsUtf8AndDropsControlBytes) {
  EXPECT_EQ(EscapeXml("月額費用\t\n"), "月額費用\t\n");
  EXPECT_EQ(EscapeXml(std::string("a\x01"
                                  "b\x1f",
                                  4)),
            "ab");
}

TEST(EscapeXmlTest, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(EscapeXml("a\xff"
                      "b"),
            "a\xef\xbf\xbd"
            "b");
  EXPECT_EQ(EscapeXml("\xe6\x9c"), "\xef\xbf\xbd\xef\xbf\xbd");  // truncated sequence
  EXPECT_EQ(EscapeXml("\xc0\xaf"), "\xef\xbf\xbd");              // overlong '/'
}

TEST(EscapeMarkdownTest, EscapesInlineMarkup) {
  EXPECT_EQ(EscapeMarkdown("a|b *c* _d_ [e](f) <g> `h` ~i~ &j"),
            "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> \\`h\\` \\~i\\~ \\&j");
}

TEST(EscapeMarkdownTest, EscapesLineStartsOnlyWhereTheyMatter) {
  EXPECT_EQ(EscapeMarkdown("# not a heading"), "\\# not a heading");
  EXPECT_EQ(EscapeMarkdown("- not a list"), "\\- not a list");
  EXPECT_EQ(EscapeMarkdown("2024. not a list"), "2024\\. not a list");
  EXPECT_EQ(EscapeMarkdown("p95 - p50 = 3.5 #1"), "p95 - p50 = 3.5 #1");
  EXPECT_EQ(EscapeMarkdown("two\nlines"), "two lines");
}

TEST(EstimateTextWidthTest, JapaneseIsWiderThanLatin) {
  double latin = EstimateTextWidth("Monthly", 12);
  double japanese = EstimateTextWidth("月額費用", 12);
  EXPECT_GT(latin, 30);
  EXPECT_LT(latin, 60);
  EXPECT_DOUBLE_EQ(japanese, 48);  // four full-width glyphs at 1 em
}

TEST(WrapTextTest, BreaksLatinTextAtSpaces) {
  std::vector<std::string> lines = WrapText("Time to first token cumulative distribution", 12, 120);
  ASSERT_GE(lines.size(), 2u);
  std::string joined;
  for (const std::string& line : lines) {
    EXPECT_LE(EstimateTextWidth(line, 12), 120) << line;
    EXPECT_FALSE(line.starts_with(' ') || line.ends_with(' ')) << line;
    joined += (joined.empty() ? "" : " ") + line;
  }
  EXPECT_EQ(joined, "Time to first token cumulative distribution");
}

TEST(WrapTextTest, BreaksJapaneseBetweenCharactersButNotBeforeClosingMarks) {
  std::vector<std::string> lines = WrapText("最初のトークンまでの時間、累積分布", 10, 60);
  ASSERT_GE(lines.size(), 2u);
  std::string joined;
  for (const std::string& line : lines) {
    EXPECT_FALSE(line.starts_with("、")) << line;
    joined += line;
  }
  EXPECT_EQ(joined, "最初のトークンまでの時間、累積分布");
}

TEST(WrapTextTest, ShortTextAndOverlongWordsStayWhole) {
  EXPECT_EQ(WrapText("short", 12, 500), std::vector<std::string>{"short"});
  EXPECT_EQ(WrapText("Supercalifragilistic", 12, 20),
            std::vector<std::string>{"Supercalifragilistic"});
  EXPECT_TRUE(WrapText("", 12, 100).empty());
}

}  // namespace
}  // namespace gpuplan::report
