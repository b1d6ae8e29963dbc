#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <regex>
#include <string>
#include <vector>

#include "reports/charts/svg_chart.h"
#include "reports/text.h"
#include "tests/reports/sample_report.h"
#include "tests/reports/xml_check.h"

namespace gpuplan::report {
namespace {

constexpr std::string_view kEvil = "<script>alert(1)</script>";

int Count(std::string_view haystack, std::string_view needle) {
  int count = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// The text nodes of an SVG, unescaped only for &amp; (enough for the labels tested here).
std::vector<std::string> Texts(const std::string& svg) {
  std::vector<std::string> texts;
  std::regex text_re("<text[^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text_re);
       it != std::sregex_iterator(); ++it) {
    texts.push_back((*it)[1]);
  }
  return texts;
}

bool HasText(const std::string& svg, std::string_view text) {
  for (const std::string& t : Texts(svg)) {
    if (t == text) return true;
  }
  return false;
}

double Attr(const std::string& element, const std::string& name) {
  std::smatch m;
  std::regex re(fmt::format(" {}=\"([-0-9.]+)\"", name));
  if (!std::regex_search(element, m, re)) return std::nan("");
  return std::stod(m[1]);
}

// The first element of `tag` whose text contains `marker`.
std::string FindElement(const std::string& svg, std::string_view tag, std::string_view marker) {
  std::regex re(fmt::format("<{}[^>]*>", tag));
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
       ++it) {
    if (it->str().find(marker) != std::string::npos) return it->str();
  }
  return "";
}

std::vector<std::string> AllSampleSvgs(Lang lang) {
  return {RenderSvg(testing::SampleCdfChart(lang)),
          RenderSvg(testing::SampleLoadSweepChart(lang)),
          RenderSvg(testing::SampleParetoChart(lang)),
          RenderSvg(testing::SampleDayChart(lang)),
          RenderSvg(testing::SampleKvQueueChart(lang)),
          RenderSvg(testing::SampleStepBreakdownChart(lang))};
}

TEST(ChartsTest, EverySampleChartIsWellFormedInEveryLanguage) {
  for (Lang lang : kAllLangs) {
    for (const std::string& svg : AllSampleSvgs(lang)) {
      EXPECT_EQ(testing::CheckXml(svg), "") << svg.substr(0, 300);
      EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
      EXPECT_EQ(svg.find("nan"), std::string::npos);
      EXPECT_EQ(svg.find("inf"), std::string::npos);
    }
  }
}

// Every unrotated label's estimated extent lies inside the viewBox: nothing is clipped at the
// chart's edges (the layout reserves room from the same width estimates).
void ExpectTextInsideViewBox(const std::string& svg) {
  double width = Attr(FindElement(svg, "svg", "viewBox"), "width");
  std::regex text_re("<text ([^>]*)>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text_re);
       it != std::sregex_iterator(); ++it) {
    std::string attrs = fmt::format(" {}", (*it)[1].str());
    if (attrs.find("rotate(") != std::string::npos) continue;
    std::string text = std::regex_replace((*it)[2].str(), std::regex("&[a-z#0-9]+;"), "x");
    double w = EstimateTextWidth(text, Attr(attrs, "font-size"));
    double x = Attr(attrs, "x");
    double left = attrs.find("text-anchor=\"end\"") != std::string::npos      ? x - w
                  : attrs.find("text-anchor=\"middle\"") != std::string::npos ? x - w / 2
                                                                              : x;
    EXPECT_GE(left, 0) << text;
    EXPECT_LE(left + w, width) << text;
    double y = Attr(attrs, "y");
    EXPECT_GT(y, 0) << text;
  }
}

TEST(ChartsTest, LabelsStayInsideTheChart) {
  for (Lang lang : kAllLangs) {
    for (const std::string& svg : AllSampleSvgs(lang)) ExpectTextInsideViewBox(svg);
  }
  LineChart wide{.x = {.title = "Tokens"},
                 .series = {{.name = "s", .points = {{0, 0}, {987654321, 1}}}}};
  ExpectTextInsideViewBox(RenderSvg(wide));
}

TEST(ChartsTest, LogAxisIgnoresANonPositiveFixedEnd) {
  LineChart chart{.x = {.scale = AxisScale::kLog, .min = 0},
                  .series = {{.name = "s", .points = {{0.5, 1}, {80, 2}}}}};
  std::string svg = RenderSvg(chart);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
  EXPECT_TRUE(HasText(svg, "0.1"));
  EXPECT_TRUE(HasText(svg, "100"));
}

TEST(ChartsTest, SameInputGivesTheSameBytes) {
  for (Lang lang : kAllLangs) EXPECT_EQ(AllSampleSvgs(lang), AllSampleSvgs(lang));
}

TEST(ChartsTest, EscapesTextEverywhere) {
  std::string evil(kEvil);
  LineChart line{.frame = {.title = evil},
                 .x = {.title = evil},
                 .y = {.title = evil},
                 .series = {{.name = evil, .points = {{1, 1}, {2, 3}}}},
                 .ref_lines = {{.value = 2, .label = evil}},
                 .highlight = Highlight{{2, 3}, evil},
                 .highlight_legend = evil};
  ScatterChart scatter{.frame = {.title = evil},
                       .groups = {{.name = evil, .points = {{1, 2, evil}}}},
                       .chosen = Highlight{{1, 2}, evil}};
  // Filled member by member: GCC 12 warns falsely about designated initializers here.
  StackedBarChart bars;
  bars.frame.title = evil;
  bars.categories = {evil};
  bars.category_title = evil;
  bars.value_axis.title = evil;
  bars.segments.push_back({.name = evil, .values = {3}});
  TimeSeriesChart time;
  time.frame.title = evil;
  time.x.title = evil;
  time.panels.emplace_back();
  time.panels[0].y.title = evil;
  time.panels[0].series.push_back({.name = evil, .points = {{0, 1}, {1, 2}}});
  for (const std::string& svg :
       {RenderSvg(line), RenderSvg(scatter), RenderSvg(bars), RenderSvg(time)}) {
    EXPECT_EQ(svg.find("<script"), std::string::npos) << svg;
    EXPECT_GE(Count(svg, "&lt;script&gt;alert(1)&lt;/script&gt;"), 3) << svg;
    EXPECT_EQ(testing::CheckXml(svg), "") << svg;
  }
}

ScatterChart ChosenAt(double x, double y) {
  ScatterChart chart{.x = {.title = "p95 (ms)", .min = 0, .max = 100},
                     .y = {.title = "cost", .min = 0, .max = 100}};
  chart.groups = {{"A", {{10, 10, "a1"}, {x + 2, y + 1, "near"}, {90, 90, "a2"}}}};
  chart.chosen = Highlight{{x, y}, "Chosen: 6x H100"};
  return chart;
}

TEST(ChartsTest, ChosenPointIsRingedAndLabelledBesideIt) {
  std::string low = RenderSvg(ChosenAt(25, 25));
  std::string high = RenderSvg(ChosenAt(75, 75));
  for (const std::string& svg : {low, high}) {
    std::string ring = FindElement(svg, "circle", "r=\"9\"");
    ASSERT_FALSE(ring.empty()) << svg;
    std::string label = FindElement(svg, "text", "font-weight=\"bold\"");
    ASSERT_TRUE(HasText(svg, "Chosen: 6x H100")) << svg;
    double dx = Attr(label, "x") - Attr(ring, "cx");
    double dy = Attr(label, "y") - Attr(ring, "cy");
    EXPECT_LT(std::hypot(dx, dy), 40) << ring << "\n" << label;
  }
  // The ring moves with the data: right and up for larger x and y.
  std::string ring_low = FindElement(low, "circle", "r=\"9\"");
  std::string ring_high = FindElement(high, "circle", "r=\"9\"");
  EXPECT_GT(Attr(ring_high, "cx"), Attr(ring_low, "cx") + 100);
  EXPECT_LT(Attr(ring_high, "cy"), Attr(ring_low, "cy") - 100);
}

TEST(ChartsTest, ChosenLabelWinsOverCrowdedPointLabels) {
  ScatterChart chart = ChosenAt(50, 50);
  for (int i = 0; i < 30; ++i) {
    chart.groups[0].points.push_back({48.0 + i * 0.2, 49.0 + (i % 5), "crowd" + std::to_string(i)});
  }
  std::string svg = RenderSvg(chart);
  EXPECT_TRUE(HasText(svg, "Chosen: 6x H100"));
  EXPECT_LT(Count(svg, ">crowd"), 30);  // most crowd labels had no free spot
  EXPECT_EQ(testing::CheckXml(svg), "");
}

TEST(ChartsTest, LogAxisLabelsEveryDecadeWithSeparators) {
  LineChart chart{.x = {.title = "TTFT (ms)", .scale = AxisScale::kLog},
                  .series = {{.name = "s", .points = {{1, 0}, {10000, 100}}}}};
  std::string svg = RenderSvg(chart);
  for (std::string_view tick : {"1", "10", "100", "1,000", "10,000"}) {
    EXPECT_TRUE(HasText(svg, tick)) << tick;
  }
}

TEST(ChartsTest, LinesAreClippedToAFixedAxisRange) {
  LineChart chart{.y = {.min = 0, .max = 10},
                  .series = {{.name = "spike", .points = {{0, 1}, {1, 1000}, {2, 2}}}}};
  std::string svg = RenderSvg(chart);
  // The plot's top edge is the highest horizontal grid line (the tick at 10).
  double top = 1e9;
  std::regex grid_re(
      "<line x1=\"[-0-9.]+\" y1=\"([-0-9.]+)\" x2=\"[-0-9.]+\" y2=\"\\1\" "
      "stroke=\"#e4e4e4\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), grid_re);
       it != std::sregex_iterator(); ++it) {
    top = std::min(top, std::stod((*it)[1]));
  }
  ASSERT_LT(top, 1e9);
  std::regex polyline_re("<polyline points=\"([^\"]+)\"");
  std::regex pair_re("[-0-9.]+,([-0-9.]+)");
  int polylines = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), polyline_re);
       it != std::sregex_iterator(); ++it, ++polylines) {
    std::string list = (*it)[1];
    for (auto p = std::sregex_iterator(list.begin(), list.end(), pair_re);
         p != std::sregex_iterator(); ++p) {
      EXPECT_GE(std::stod((*p)[1]), top - 0.01) << list;
    }
  }
  EXPECT_EQ(polylines, 2);  // the spike splits the line in two runs
}

TEST(ChartsTest, NonFiniteValuesAreSkipped) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  double inf = std::numeric_limits<double>::infinity();
  LineChart chart{.series = {{.name = "s", .points = {{0, 1}, {1, nan}, {inf, 2}, {3, 4}}}}};
  std::string svg = RenderSvg(chart);
  EXPECT_EQ(testing::CheckXml(svg), "");
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
}

TEST(ChartsTest, EmptyChartsStillRender) {
  EXPECT_EQ(testing::CheckXml(RenderSvg(LineChart{})), "");
  EXPECT_EQ(testing::CheckXml(RenderSvg(ScatterChart{})), "");
  EXPECT_EQ(testing::CheckXml(RenderSvg(StackedBarChart{})), "");
  EXPECT_EQ(testing::CheckXml(RenderSvg(TimeSeriesChart{})), "");
}

TEST(ChartsTest, LegendNamesEverySeriesAndThresholdsAreLabelled) {
  std::string svg = RenderSvg(testing::SampleLoadSweepChart(Lang::kEn));
  for (std::string_view name : {"6x H100 TP4", "10x L40S TP2", "4x H200 TP4", "Knee"}) {
    EXPECT_TRUE(HasText(svg, name)) << name;
  }
  EXPECT_TRUE(HasText(svg, "SLO threshold 500 ms"));
  EXPECT_TRUE(HasText(svg, "Knee: 53 requests/s"));
}

TEST(ChartsTest, TimeSeriesKeepsOneColourPerNameAcrossPanels) {
  std::string svg = RenderSvg(testing::SampleDayChart(Lang::kEn));
  EXPECT_EQ(Count(svg, ">Autoscaling</text>"), 1);  // the legend lists it once
  // Autoscaling is the second name seen, slot 1 (vermillion), in both panels.
  std::regex vermillion("<polyline[^>]*stroke=\"#D55E00\"");
  auto lines = std::distance(std::sregex_iterator(svg.begin(), svg.end(), vermillion),
                             std::sregex_iterator());
  EXPECT_GE(lines, 2);
  EXPECT_TRUE(HasText(svg, "Replicas"));  // the right axis title
  EXPECT_TRUE(HasText(svg, "24"));        // hours every 3 up to 24
  EXPECT_TRUE(HasText(svg, "21"));
}

TEST(ChartsTest, StackedBarsHatchEstimatesAndPrintTotals) {
  std::string svg = RenderSvg(testing::SampleStepBreakdownChart(Lang::kEn));
  EXPECT_TRUE(HasText(svg, "56.2"));   // 38 + 9.5 + 4.1 + 2.2 + 0.9 + 1.5
  EXPECT_TRUE(HasText(svg, "278.7"));  // the prefill 8192 bar
  EXPECT_TRUE(HasText(svg, "Hatched: estimated (roofline)"));
  // Attention is estimated in some bars: pale vermillion (D55E00 + 60% white) under the hatching.
  EXPECT_GT(Count(svg, "fill=\"#eebe99\""), 0);
  // Linear layers are always measured: never pale blue (0072B2 + 60% white).
  EXPECT_EQ(Count(svg, "fill=\"#99c6e0\""), 0);
  for (std::string_view op : {"Attention", "All-reduce", "CPU and launch overhead"}) {
    EXPECT_TRUE(HasText(svg, op)) << op;
  }
}

TEST(ChartsTest, JapaneseChartsUseJapaneseLabels) {
  std::string svg = RenderSvg(testing::SampleDayChart(Lang::kJa));
  EXPECT_TRUE(HasText(svg, "オートスケーリング"));
  EXPECT_TRUE(HasText(svg, "時刻(時)"));
  EXPECT_FALSE(HasText(svg, "Autoscaling"));
}

TEST(CdfSeriesTest, StepsFromZeroToOneHundredPercent) {
  Series s = CdfSeries("ttft", {30, 10, 20, 40});
  EXPECT_EQ(s.shape, LineShape::kStep);
  ASSERT_EQ(s.points.size(), 5u);
  EXPECT_DOUBLE_EQ(s.points[0].x, 10);
  EXPECT_DOUBLE_EQ(s.points[0].y, 0);
  EXPECT_DOUBLE_EQ(s.points[1].y, 25);
  EXPECT_DOUBLE_EQ(s.points[3].x, 30);
  EXPECT_DOUBLE_EQ(s.points[3].y, 75);
  EXPECT_DOUBLE_EQ(s.points[4].x, 40);
  EXPECT_DOUBLE_EQ(s.points[4].y, 100);
}

TEST(CdfSeriesTest, ThinsLargeSamplesButKeepsTheMaximum) {
  std::vector<double> samples;
  for (int i = 1; i <= 100000; ++i) samples.push_back(i);
  samples.push_back(std::numeric_limits<double>::quiet_NaN());
  Series s = CdfSeries("x", samples, 200);
  EXPECT_EQ(s.points.size(), 201u);
  EXPECT_DOUBLE_EQ(s.points.back().x, 100000);
  EXPECT_DOUBLE_EQ(s.points.back().y, 100);
  EXPECT_DOUBLE_EQ(s.points[1].x, 1);
  EXPECT_TRUE(CdfSeries("empty", {}).points.empty());
}

}  // namespace
}  // namespace gpuplan::report
