// The request-length histograms of the run and plan reports (reports/run_charts.h): bins derived
// by hand, both sides of a bin edge, and what the report says about the lengths.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "reports/run_charts.h"

namespace gpuplan::report {
namespace {

// Top 250 over at most 3 bins: 250 / 3 = 83.3, whose smallest nice number at or above is 100, so
// bins [0, 100), [100, 200), [200, 300). 99 is in the first bin and 100 opens the second.
TEST(LengthHistogramTest, BinsAreNiceWidthsFromZero) {
  const Histogram h = BinCounts({0, 1, 99, 100, 250}, 3);
  EXPECT_EQ(h.width, 100);
  EXPECT_EQ(h.counts, (std::vector<int64_t>{3, 1, 1}));
}

// A top exactly on max_bins x width opens one more bin: 300 / 3 = 100 -> width 100, and 300 is
// the first value of [300, 400).
TEST(LengthHistogramTest, ATopOnAnEdgeOpensTheNextBin) {
  const Histogram h = BinCounts({0, 300}, 3);
  EXPECT_EQ(h.width, 100);
  EXPECT_EQ(h.counts, (std::vector<int64_t>{1, 0, 0, 1}));
}

// Short lengths get one-token bins (the width never drops below 1); negative and non-finite
// values are left out; no value at all gives one empty bin.
TEST(LengthHistogramTest, SmallNegativeAndMissingValues) {
  const Histogram h = BinCounts({1, 2, 2, -1, std::nan("")}, 12);
  EXPECT_EQ(h.width, 1);
  EXPECT_EQ(h.counts, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(BinCounts({}, 12).counts, (std::vector<int64_t>{0}));
}

TEST(LengthHistogramTest, TheChartLabelsEachBinWithItsTokenRange) {
  const StackedBarChart chart =
      LengthHistogramChart(Lang::kEn, Msg::kChartPromptLengths, {10, 1500, 2400});
  // 2400 / 12 = 200 -> width 200: bins 0-199 ... 2400-2599.
  ASSERT_EQ(chart.categories.size(), 13u);
  EXPECT_EQ(chart.categories.front(), "0-199");
  EXPECT_EQ(chart.categories.back(), "2,400-2,599");
  ASSERT_EQ(chart.segments.size(), 1u);
  EXPECT_EQ(chart.segments[0].values[0], 1);
  EXPECT_EQ(chart.segments[0].values[7], 1);   // 1500 in [1400, 1600)
  EXPECT_EQ(chart.segments[0].values[12], 1);  // 2400 opens the last bin
}

}  // namespace
}  // namespace gpuplan::report
