// LineChart: named series of (x, y) on linear or log axes, drawn as lines or steps (CDFs), with
// optional markers, threshold lines (an SLO) and one highlighted, labelled point (the knee).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/charts/chart_spec.h"

namespace gpuplan::report {

struct LineChart {
  ChartFrame frame;
  Axis x;
  Axis y;
  std::vector<Series> series;
  std::vector<RefLine> ref_lines;
  std::optional<Highlight> highlight;
  // Legend text for the highlight ring (e.g. "Knee"); empty = the ring's own label suffices.
  std::string highlight_legend;
};

// The chart as a standalone SVG document (deterministic: same chart, same bytes).
std::string RenderSvg(const LineChart& chart);

}  // namespace gpuplan::report
