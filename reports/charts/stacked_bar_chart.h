// StackedBarChart: one bar per category (say, a batch shape), stacked from named segments (say,
// operations), with a legend. A segment's value in one category can be flagged as estimated: it is
// drawn pale and hatched, so "how much of this came from measurements" is visible at a glance.
#pragma once

#include <string>
#include <vector>

#include "reports/charts/chart_spec.h"

namespace gpuplan::report {

struct BarSegment {
  std::string name;             // legend text
  std::vector<double> values;   // one per category; missing entries count as 0, negatives as 0
  std::vector<bool> estimated;  // one per category; missing entries count as measured
  int style = -1;               // palette slot; -1 = the segment's position
};

struct StackedBarChart {
  ChartFrame frame;
  std::vector<std::string> categories;
  std::string category_title;        // the category axis title, under the bars
  Axis value_axis;                   // vertical; include_zero is implied
  std::vector<BarSegment> segments;  // bottom to top
  bool show_totals = true;           // the total above each bar
  int total_decimals = 1;
  // Legend text for the hatching (e.g. "hatched: estimated"); empty = no entry.
  std::string estimated_legend;
};

// The chart as a standalone SVG document (deterministic: same chart, same bytes).
std::string RenderSvg(const StackedBarChart& chart);

}  // namespace gpuplan::report
