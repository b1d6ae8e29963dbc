#include "reports/charts/svg_writer.h"

#include <gtest/gtest.h>

#include <limits>

#include "tests/reports/xml_check.h"

namespace gpuplan::report {
namespace {

TEST(SvgNumTest, FixedPrecisionWithoutNoise) {
  EXPECT_EQ(SvgNum(12.5), "12.5");
  EXPECT_EQ(SvgNum(3), "3");
  EXPECT_EQ(SvgNum(0.1 + 0.2), "0.3");
  EXPECT_EQ(SvgNum(-0.001), "0");
  EXPECT_EQ(SvgNum(-2.5), "-2.5");
  EXPECT_EQ(SvgNum(1234.5678), "1234.57");
  EXPECT_EQ(SvgNum(std::numeric_limits<double>::quiet_NaN()), "0");
}

TEST(SvgWriterTest, WritesAWellFormedEscapedDocument) {
  SvgWriter svg(200, 100, "a <title> & more");
  svg.Open("g", {{"class", "x\"y"}});
  svg.Line({0, 0}, {10, 10}, {.color = "#000000", .width = 1, .dash = "2 2"});
  svg.Text({5, 5}, "<script>alert(1)</script>", {.rotate = -90, .halo = true});
  svg.Close();
  std::string out = svg.Finish();
  EXPECT_EQ(testing::CheckXml(out), "") << out;
  EXPECT_NE(out.find("viewBox=\"0 0 200 100\""), std::string::npos);
  EXPECT_NE(out.find("<title>a &lt;title&gt; &amp; more</title>"), std::string::npos);
  EXPECT_NE(out.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(out.find("<script"), std::string::npos);
  EXPECT_NE(out.find("class=\"x&quot;y\""), std::string::npos);
}

TEST(SvgWriterTest, FinishClosesOpenGroups) {
  SvgWriter svg(10, 10, "t");
  svg.Open("g", {});
  svg.Open("g", {});
  std::string out = svg.Finish();
  EXPECT_EQ(testing::CheckXml(out), "") << out;
}

TEST(XmlCheckTest, CatchesBrokenMarkup) {
  // The checker itself must be able to fail, or the tests above prove nothing.
  EXPECT_NE(testing::CheckXml("<svg><g></svg>"), "");
  EXPECT_NE(testing::CheckXml("<svg><rect x=1/></svg>"), "");
  EXPECT_NE(testing::CheckXml("<svg><text>a & b</text></svg>"), "");
  EXPECT_NE(testing::CheckXml("<svg a=\"1\" a=\"2\"/>"), "");
  EXPECT_NE(testing::CheckXml("<svg/><svg/>"), "");
  EXPECT_NE(testing::CheckXml("<svg><text>x</text>"), "");
  EXPECT_NE(testing::CheckXml("<svg t=\"a<b\"/>"), "");
  EXPECT_EQ(testing::CheckXml("<svg a=\"1\"><g><text>&lt;&#39;</text></g></svg>"), "");
  EXPECT_NE(testing::CheckHtml("<html></html>"), "");  // no doctype
  EXPECT_EQ(testing::CheckHtml("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                               "<style>a > b {}</style></head></html>"),
            "");
}

}  // namespace
}  // namespace gpuplan::report
