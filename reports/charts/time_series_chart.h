// TimeSeriesChart: one or more panels stacked on a shared time axis (a day of traffic: offered
// load and replicas above, SLO attainment below). Each panel has a left axis and, optionally, a
// right axis for series on another scale (replicas as step lines). A series name keeps its colour
// in every panel, and the legend lists each name once.
#pragma once

#include <string>
#include <vector>

#include "reports/charts/chart_spec.h"

namespace gpuplan::report {

struct TimePanel {
  Axis y;
  std::vector<Series> series;
  std::vector<RefLine> ref_lines;  // drawn against the left axis (and the shared x axis)
  Axis y_right;                    // used only when right_series is not empty
  std::vector<Series> right_series;
  double weight = 1;  // share of the height, relative to the other panels
};

struct TimeSeriesChart {
  ChartFrame frame;
  Axis x;
  std::vector<TimePanel> panels;  // top to bottom
};

// The chart as a standalone SVG document (deterministic: same chart, same bytes).
std::string RenderSvg(const TimeSeriesChart& chart);

}  // namespace gpuplan::report
