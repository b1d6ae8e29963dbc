// The vocabulary shared by every chart: points, axes, named series, reference lines, a
// highlighted point, and the frame (title, size, language). Charts are plain data: fill a struct,
// call RenderSvg(chart) (see svg_chart.h); nothing is drawn until then and rendering has no side
// effects, so the same struct always gives the same bytes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/locale.h"

namespace gpuplan::report {

struct Point {
  double x = 0;
  double y = 0;
};

enum class AxisScale { kLinear, kLog };

struct Axis {
  std::string title;  // with its unit: "TTFT (ms)"
  AxisScale scale = AxisScale::kLinear;
  // Fixed ends of the axis. Unset ends follow the data, widened to the nearest nice tick.
  std::optional<double> min;
  std::optional<double> max;
  // Linear axes over positive data start at 0 (bars and latencies read honestly from zero).
  bool include_zero = true;
  // Distance between ticks on a linear axis (e.g. 6 for hours of a day); 0 = nice 1-2-5 steps.
  double tick_step = 0;
  // Digits after the point in tick labels; -1 = the fewest that tell every tick apart.
  int decimals = -1;
};

// How consecutive points of a series are joined.
enum class LineShape {
  kStraight,
  kStep,  // the value holds until the next point: replica counts, empirical CDFs
};

struct Series {
  std::string name;  // legend text; a series with an empty name has no legend entry
  std::vector<Point> points;
  LineShape shape = LineShape::kStraight;
  bool markers = false;  // draw a marker at every point (the shape also tells series apart)
  // Palette slot (colour, dash, marker shape). -1 = the series' position; set it to keep a
  // series' colour when the same name appears in several charts.
  int style = -1;
};

enum class RefOrientation { kHorizontal, kVertical };
// Where a threshold's label sits: kEnd = the right end of a horizontal line, the top of a vertical
// one; kStart = the left end, the bottom. Pick the end the data leave free (a CDF's SLO line is
// crowded at the top, where the curves flatten).
enum class RefLabelAt { kEnd, kStart };

// A threshold drawn across the whole plot, e.g. the SLO at 500 ms or the 95% line of a CDF.
struct RefLine {
  RefOrientation orientation = RefOrientation::kHorizontal;
  double value = 0;
  std::string label;  // drawn inside the plot, beside the line
  RefLabelAt label_at = RefLabelAt::kEnd;
};

// One point singled out with a ring and a label: the knee of a load sweep, the chosen fleet.
struct Highlight {
  Point at;
  std::string label;
};

struct ChartFrame {
  std::string title;
  // The viewBox: the chart scales as a whole, so these fix proportions and text size relative to
  // the chart, not the size on screen or paper.
  double width = 760;
  double height = 420;
  Lang lang = Lang::kEn;  // number formatting of tick labels
};

// The empirical CDF of `samples` as a step series with y in percent (0..100), thinned to at most
// `max_points` points evenly spaced in probability (the last point, the maximum, is always kept).
// Non-finite samples are ignored.
Series CdfSeries(std::string name, std::vector<double> samples, size_t max_points = 500);

}  // namespace gpuplan::report
