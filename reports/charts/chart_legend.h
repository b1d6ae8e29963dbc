// Chart legends: entries flow left to right in centred rows under the plot, wrapping as the
// width requires, so long Japanese names never run off the chart.
#pragma once

#include <string>
#include <vector>

#include "reports/charts/chart_style.h"
#include "reports/charts/svg_writer.h"

namespace gpuplan::report::detail {

enum class LegendSymbol {
  kLine,           // a line sample in the series' colour and dash (with its marker if any)
  kMarker,         // the series' marker alone (scatter groups)
  kSwatch,         // a filled box (bar segments)
  kHatchedSwatch,  // a pale hatched box (estimated bar segments)
  kRing,           // the highlight ring (chosen point)
  kRefLine,        // a grey dashed line (thresholds)
};

struct LegendEntry {
  std::string label;
  LegendSymbol symbol = LegendSymbol::kLine;
  SeriesStyle style;
  bool marker = false;  // kLine: draw the marker on the line sample
};

// Height the legend takes when laid out within `width` (0 for no entries).
double LegendHeight(const std::vector<LegendEntry>& entries, double width);
// Draws the legend with its first row's top at `top`, centred in [left, left + width].
void DrawLegend(SvgWriter& svg, const std::vector<LegendEntry>& entries, double left, double top,
                double width);

// Diagonal hatching inside a rectangle (estimated values), drawn over its fill.
void DrawHatch(SvgWriter& svg, double x, double y, double w, double h, std::string_view color);

}  // namespace gpuplan::report::detail
