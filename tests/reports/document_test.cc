#include "reports/document.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "reports/charts/svg_chart.h"
#include "sim/core/error.h"
#include "tests/reports/report_checks.h"
#include "tests/reports/sample_report.h"
#include "tests/reports/xml_check.h"

namespace gpuplan::report {
namespace {

int Count(std::string_view haystack, std::string_view needle) {
  int count = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Cells of a Markdown table row: split on '|' not preceded by a backslash.
int CountCells(std::string_view row) {
  int pipes = 0;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) ++pipes;
  }
  return pipes - 1;
}

// Every Markdown table: a header row, a separator row of ---, then rows of the same width.
void ExpectTablesWellFormed(const std::string& markdown) {
  std::vector<std::string> lines = Lines(markdown);
  int tables = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].starts_with("|") || (i > 0 && lines[i - 1].starts_with("|"))) continue;
    ++tables;
    ASSERT_LT(i + 1, lines.size());
    int columns = CountCells(lines[i]);
    EXPECT_GE(columns, 2) << lines[i];
    EXPECT_TRUE(lines[i].ends_with(" |")) << lines[i];
    EXPECT_EQ(CountCells(lines[i + 1]), columns) << lines[i + 1];
    for (size_t c = 0; c < lines[i + 1].size(); ++c) {
      EXPECT_NE(std::string_view("|-: ").find(lines[i + 1][c]), std::string_view::npos)
          << "separator row: " << lines[i + 1];
    }
    for (size_t j = i + 2; j < lines.size() && lines[j].starts_with("|"); ++j) {
      EXPECT_EQ(CountCells(lines[j]), columns) << lines[j];
    }
    EXPECT_TRUE(i == 0 || lines[i - 1].empty()) << "a table needs a blank line before it";
  }
  EXPECT_GT(tables, 0);
}

// No network, no code: what "self-contained" means for the HTML report.
void ExpectSelfContained(const std::string& html) {
  for (std::string_view banned :
       {"http://", "https://", "//www", "<script", "javascript:", "<link", "<img", "<iframe",
        "<object", "<embed", " src=", "url(", "@import", "<base"}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << "found " << banned;
  }
  // No event handler in a tag, no URL inside a tag, in-page anchors only (the shared check).
  testing::ExpectNoNetworkReferences(html);
}

// Longer than the small-string buffer, so a dangling copy would show as garbage, not pass.
constexpr std::string_view kLongCell = "Rejected because p95 TTFT of 1,100 ms is over the SLO";

Document SmallDocument(Lang lang) {
  Document doc(lang, "Title <b>&</b>");
  doc.set_subtitle("sub");
  Section& s = doc.AddSection("one", "First | section");
  s.AddParagraph("Para with <script>alert(1)</script> and *stars*.");
  s.AddKeyValues({{"Monthly cost", "US$1,234"}, {"a|b", "c"}}, "Summary");
  s.AddTable(
      {.caption = "Candidates",
       .header = {"Name", "p95 (ms)"},
       .align = {Align::kLeft, Align::kRight},
       .rows = {{"a", "1"}, {"b | c", "2", "extra"}, {"short"}, {std::string(kLongCell), "3"}},
       .highlight_row = 1});
  LineChart chart{.frame = {.title = "Chart"},
                  .series = {{.name = "s", .points = {{0, 0}, {1, 1}}}}};
  s.AddFigure("chart-one", RenderSvg(chart), "Caption <i>");
  doc.AddSection("two", "Second").AddCallout(Verdict::kFail, "Too slow", "p95 over the SLO");
  return doc;
}

TEST(DocumentHtmlTest, IsOneWellFormedSelfContainedPage) {
  for (Lang lang : kAllLangs) {
    std::string html = RenderHtml(SmallDocument(lang));
    EXPECT_EQ(testing::CheckHtml(html), "") << html;
    ExpectSelfContained(html);
    EXPECT_TRUE(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"" + std::string(LangCode(lang)) + "\">"));
    EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
    EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"),
              std::string::npos);
    EXPECT_NE(html.find("@media print"), std::string::npos);
    EXPECT_NE(html.find("section { break-before: page; }"), std::string::npos);
  }
}

TEST(DocumentHtmlTest, EscapesAllText) {
  std::string html = RenderHtml(SmallDocument(Lang::kEn));
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<h1>Title &lt;b&gt;&amp;&lt;/b&gt;</h1>"), std::string::npos);
  EXPECT_NE(html.find("Caption &lt;i&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
}

TEST(DocumentHtmlTest, InlinesFiguresNumbersThemAndHighlightsRows) {
  std::string html = RenderHtml(SmallDocument(Lang::kEn));
  EXPECT_EQ(Count(html, "<svg "), 1);
  EXPECT_NE(html.find("<figure id=\"chart-one\">\n<svg viewBox="), std::string::npos);
  EXPECT_NE(html.find("<span class=\"label\">Figure 1.</span> Caption"), std::string::npos);
  EXPECT_NE(html.find("<caption>Table 1. Candidates</caption>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"highlight\"><td>b | c</td><td class=\"num\">2</td><td>extra"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td>Rejected because p95 TTFT of 1,100 ms is over the SLO</td>"
                      "<td class=\"num\">3</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find("<span class=\"verdict\">FAIL</span>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#two\">Second</a>"), std::string::npos);
}

TEST(DocumentHtmlTest, JapaneseFurnitureIsTranslated) {
  std::string html = RenderHtml(SmallDocument(Lang::kJa));
  EXPECT_NE(html.find("<h2>目次</h2>"), std::string::npos);
  EXPECT_NE(html.find("図1."), std::string::npos);
  EXPECT_NE(html.find("表1."), std::string::npos);
  EXPECT_NE(html.find("不合格"), std::string::npos);
}

TEST(DocumentMarkdownTest, TablesAreWellFormedAndEscaped) {
  MarkdownOutput md = RenderMarkdown(SmallDocument(Lang::kEn));
  ExpectTablesWellFormed(md.markdown);
  EXPECT_NE(md.markdown.find("| a\\|b | c |"), std::string::npos) << md.markdown;
  EXPECT_NE(md.markdown.find("| **b \\| c** | **2** | **extra** |"), std::string::npos);
  EXPECT_NE(md.markdown.find("| --- | ---: | --- |"), std::string::npos);
  EXPECT_NE(md.markdown.find("| Rejected because p95 TTFT of 1,100 ms is over the SLO | 3 |  |"),
            std::string::npos);
  EXPECT_NE(md.markdown.find("\\<script\\>"), std::string::npos);
  for (size_t at = md.markdown.find('<'); at != std::string::npos;
       at = md.markdown.find('<', at + 1)) {
    EXPECT_EQ(md.markdown[at - 1], '\\') << "unescaped '<' at " << at;
  }
  EXPECT_NE(md.markdown.find("## 1\\. First \\| section"), std::string::npos);
  EXPECT_NE(md.markdown.find("> **FAIL** Too slow"), std::string::npos);
}

TEST(DocumentMarkdownTest, FiguresAreSeparateSvgFilesWithRelativePaths) {
  MarkdownOutput md = RenderMarkdown(SmallDocument(Lang::kEn), "figs");
  ASSERT_EQ(md.files.size(), 1u);
  EXPECT_EQ(md.files[0].path, "figs/chart-one.svg");
  EXPECT_TRUE(md.files[0].contents.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_NE(md.markdown.find("](figs/chart-one.svg)"), std::string::npos);
  EXPECT_NE(md.markdown.find("*Figure 1.* Caption \\<i\\>"), std::string::npos);
}

TEST(DocumentTest, RejectsBadAndRepeatedIds) {
  Document doc(Lang::kEn, "t");
  EXPECT_THROW(doc.AddSection("Bad Id", "x"), InternalError);
  Section& s = doc.AddSection("ok", "x");
  EXPECT_THROW(doc.AddSection("ok", "again"), InternalError);
  EXPECT_THROW(s.AddFigure("a/b", "<svg></svg>", "c"), InternalError);
  EXPECT_THROW(s.AddFigure("fig", "<div></div>", "c"), InternalError);
  EXPECT_THROW(s.AddTable({.rows = {{"a"}}, .highlight_row = 3}), InternalError);
  s.AddFigure("fig", "<svg></svg>", "c");
  doc.AddSection("other", "y").AddFigure("fig", "<svg></svg>", "again");
  EXPECT_THROW(RenderHtml(doc), InternalError);
  EXPECT_THROW(RenderMarkdown(doc), InternalError);
}

TEST(DocumentTest, RenderingIsDeterministic) {
  EXPECT_EQ(RenderHtml(SmallDocument(Lang::kJa)), RenderHtml(SmallDocument(Lang::kJa)));
  EXPECT_EQ(RenderMarkdown(SmallDocument(Lang::kEn)).markdown,
            RenderMarkdown(SmallDocument(Lang::kEn)).markdown);
}

TEST(WriteReportTest, WritesHtmlMarkdownAndFigureFiles) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("gpuplan_report_test_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::vector<std::filesystem::path> written = WriteReport(SmallDocument(Lang::kEn), dir / "out");
  EXPECT_EQ(written.size(), 3u);
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "report.html"));
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "report.md"));
  std::ifstream svg(dir / "out" / "figures" / "chart-one.svg");
  std::string first_line;
  std::getline(svg, first_line);
  EXPECT_TRUE(first_line.starts_with("<svg xmlns="));
  std::filesystem::remove_all(dir);
}

TEST(SampleReportTest, HasEveryChartAndIsSelfContainedInBothLanguages) {
  for (Lang lang : kAllLangs) {
    Document doc = testing::SampleReport(lang);
    std::string html = RenderHtml(doc);
    EXPECT_EQ(testing::CheckHtml(html), "");
    ExpectSelfContained(html);
    EXPECT_EQ(Count(html, "<svg "), testing::kSampleFigureCount);
    EXPECT_EQ(Count(html, "<figcaption>"), testing::kSampleFigureCount);
    MarkdownOutput md = RenderMarkdown(doc);
    EXPECT_EQ(md.files.size(), static_cast<size_t>(testing::kSampleFigureCount));
    ExpectTablesWellFormed(md.markdown);
    for (const OutputFile& file : md.files) EXPECT_EQ(testing::CheckXml(file.contents), "");
  }
}

TEST(SampleReportTest, JapaneseReportHasNoEnglishLabels) {
  std::string html = RenderHtml(testing::SampleReport(Lang::kJa));
  for (int i = 0; i < kMsgCount; ++i) {
    std::string_view english = Tr(Lang::kEn, static_cast<Msg>(i));
    if (english.size() < 6 || english.find('{') != std::string_view::npos) continue;
    EXPECT_EQ(html.find(english), std::string::npos)
        << "English text in the ja report: " << english;
  }
  EXPECT_NE(html.find("月額費用"), std::string::npos);
  EXPECT_NE(html.find("US$58,000"), std::string::npos);
}

}  // namespace
}  // namespace gpuplan::report
