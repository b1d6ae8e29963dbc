// The comparison report: its sections, the table read back from the HTML, the CDF overlays when
// the result lists requests, and the verdict in each language.
#include "reports/compare_report.h"

#include <gtest/gtest.h>

#include "tests/reports/report_checks.h"
#include "tests/reports/xml_check.h"

namespace gpuplan::report {
namespace {

using testing::HtmlRows;
using testing::HtmlSection;

CompareReportData Data(bool with_requests) {
  CompareReportData d{.measured_file = "result.json",
                      .scenario = "s",
                      .regime = "3 requests, closed loop of 2 clients (--max-concurrency)",
                      .simulated_workload = "closed_loop 2 clients",
                      .median_abs_error = 0.125,
                      .gpu_busy = 0.95,
                      .kv_used_max = 0.4,
                      .near_saturation = true};
  d.rows = {{"mean_ttft_ms", 40, 30, -0.25}, {"request_throughput", 2, 2.1, 0.05}};
  if (with_requests) {
    d.measured_ttft_ms = {30, 40, 50};
    d.simulated_ttft_ms = {25, 30, 35};
    d.measured_tpot_ms = {9, 10};
    d.simulated_tpot_ms = {8, 9};
    d.measured_e2e_ms = {500, 900, 1500};
    d.simulated_e2e_ms = {400, 800, 1200};
  }
  return d;
}

TEST(CompareReportTest, SectionsTableAndFigures) {
  const Document doc = CompareDocument(Data(true), Lang::kEn, "footer");
  const std::string html = RenderHtml(doc);
  const std::vector<testing::HtmlRow> rows = HtmlRows(HtmlSection(html, "statistics"));
  ASSERT_EQ(rows.size(), 3u);  // header + 2
  // Latencies print to three figures, as in every report.
  EXPECT_EQ(rows[1], (testing::HtmlRow{"mean_ttft_ms", "40.0", "30.0", "-25.0%"}));
  EXPECT_EQ(rows[2], (testing::HtmlRow{"request_throughput", "2.000", "2.100", "+5.0%"}));
  EXPECT_NE(HtmlSection(html, "verdict")
                .find("Median absolute error 12.5% over 2 statistics; the simulated GPUs were "
                      "busy 95% of the time and the KV cache peaked at 40%. This is near "
                      "saturation"),
            std::string::npos);
  EXPECT_EQ(RenderMarkdown(doc).files.size(), 3u);  // TTFT, TPOT and E2E CDFs
  EXPECT_EQ(testing::CheckHtml(html), "");
  for (const OutputFile& f : RenderMarkdown(doc).files)
    EXPECT_EQ(testing::CheckXml(f.contents), "") << f.path;
}

TEST(CompareReportTest, WithoutRequestListsThereAreNoDistributions) {
  const Document doc = CompareDocument(Data(false), Lang::kEn, "");
  EXPECT_TRUE(RenderMarkdown(doc).files.empty());
  EXPECT_NE(RenderHtml(doc).find("only its summary statistics can be compared"), std::string::npos);
}

TEST(CompareReportTest, InJapanese) {
  const std::string html = RenderHtml(CompareDocument(Data(true), Lang::kJa, ""));
  EXPECT_NE(html.find("負荷試験とシミュレーションの比較"), std::string::npos);
  EXPECT_NE(html.find("2指標の絶対誤差の中央値は12.5%です。"), std::string::npos);
}

}  // namespace
}  // namespace gpuplan::report
