// ScatterChart: labelled points in named groups (say, one per GPU type), a frontier polyline
// through the best of them (the cost/latency Pareto frontier), and one chosen point ringed and
// labelled. Point labels are placed where they overlap nothing; those that cannot be are left out
// (the chosen point's label always wins).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/charts/chart_spec.h"

namespace gpuplan::report {

struct ScatterPoint {
  double x = 0;
  double y = 0;
  std::string label;  // e.g. "4x H100 TP2"; empty = unlabelled
};

struct ScatterGroup {
  std::string name;  // legend text
  std::vector<ScatterPoint> points;
  int style = -1;  // palette slot; -1 = the group's position
};

struct ScatterChart {
  ChartFrame frame;
  Axis x;
  Axis y;
  std::vector<ScatterGroup> groups;
  // Drawn as a dark line under the points; `frontier.name` is its legend text.
  Series frontier;
  std::optional<Highlight> chosen;
  std::string chosen_legend;  // legend text for the ring; empty = no entry
  std::vector<RefLine> ref_lines;
  bool label_points = true;
};

// The chart as a standalone SVG document (deterministic: same chart, same bytes).
std::string RenderSvg(const ScatterChart& chart);

}  // namespace gpuplan::report
