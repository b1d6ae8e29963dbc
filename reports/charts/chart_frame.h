// Internals shared by the chart types (not for use outside reports/): an axis resolved against
// its data, the plot box, and the drawing of axes, series, markers, thresholds, highlights and
// titles. The chart files compose these; the legend lives in chart_legend.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reports/charts/chart_spec.h"
#include "reports/charts/chart_style.h"
#include "reports/charts/nice_ticks.h"
#include "reports/charts/svg_writer.h"

namespace gpuplan::report::detail {

// A rectangle in SVG pixels.
struct Box {
  double left = 0;
  double top = 0;
  double right = 0;
  double bottom = 0;
  double width() const { return right - left; }
  double height() const { return bottom - top; }
};

// An axis resolved against the values it must show: ticks, range, and mapping to pixels.
class ScaleAxis {
 public:
  // `data` holds every value plotted along this axis (series, thresholds, highlights).
  ScaleAxis(const Axis& spec, const std::vector<double>& data);

  // Where min() and max() land in pixels (for a y axis: bottom, then top).
  void SetPixels(double at_min, double at_max);
  // Pixel position of `value`; on log axes, values <= 0 map to min().
  double Map(double value) const;
  // Tick label text of `value`.
  std::string Label(double value, Lang lang) const;
  // The widest tick label, in px at kTickFontSize.
  double MaxLabelWidth(Lang lang) const;

  const Axis& spec() const { return spec_; }
  const Ticks& ticks() const { return ticks_; }
  double min() const { return min_; }
  double max() const { return max_; }

 private:
  Axis spec_;
  Ticks ticks_;
  double min_ = 0;
  double max_ = 1;
  int decimals_ = 0;
  double px_min_ = 0;
  double px_max_ = 1;
};

enum class Side { kLeft, kRight };

// What one side of the plot needs room for.
struct AxisMargin {
  double label_width = -1;  // widest tick label; < 0 when there is no axis on this side
  size_t title_lines = 0;   // lines of the (wrapped) axis title
};

struct PlotLayout {
  Box plot;
  double x_title_baseline = 0;
  double legend_top = 0;
};

// What the space around the plot must hold.
struct PlotNeeds {
  double top = 0;  // where the title ends
  AxisMargin left;
  AxisMargin right;
  double x_label_height = 24;  // x tick labels (category labels may need more)
  double x_overhang = 14;      // how far the last x tick label reaches past the plot's right edge
  bool x_title = false;
  double legend_height = 0;
};

// Places the plot box inside the frame: room on the left and right for tick labels and rotated
// titles, below for x tick labels, the x title and the legend.
PlotLayout LayoutPlot(const ChartFrame& frame, const PlotNeeds& needs);

// Half the width of the x axis' last tick label (plus a little): what it needs past the plot.
double XOverhang(const ScaleAxis& x, Lang lang);

// Distance from the plot edge to the baseline of the innermost y-title line (for DrawYTitle).
double YTitleOffset(const AxisMargin& margin);

// The axis title wrapped to fit along a plot of height `length` (rotated titles run vertically).
std::vector<std::string> WrapAxisTitle(std::string_view title, double length);

// The chart title, top left; returns the y below it where the plot may start.
double DrawTitle(SvgWriter& svg, const ChartFrame& frame);
// Horizontal grid lines (left axis only), tick marks and labels, and the axis line.
void DrawYAxis(SvgWriter& svg, const Box& plot, const ScaleAxis& y, Side side, Lang lang);
// The y-axis title lines, rotated, centred on the plot; the innermost line's baseline lies
// `offset` px outside the plot edge and earlier lines stack outwards.
void DrawYTitle(SvgWriter& svg, const Box& plot, const std::vector<std::string>& lines, Side side,
                double offset);
// Vertical grid lines, tick marks, and (when `labels`) tick labels under the plot.
void DrawXAxis(SvgWriter& svg, const Box& plot, const ScaleAxis& x, Lang lang, bool labels);
// The x-axis title centred under the plot at baseline `y`.
void DrawXTitle(SvgWriter& svg, const Box& plot, std::string_view title, double y);

// A chart with one x axis and a left y axis (line and scatter charts), framed: the chart title,
// the plot laid out around the tick labels, both axis titles and a legend `legend_height` tall,
// both axes and their titles drawn, and the axes mapped to the plot's pixels. `xs` and `ys` hold
// every value plotted along each axis.
struct XyPlot {
  ScaleAxis x;
  ScaleAxis y;
  PlotLayout layout;
};
XyPlot DrawXyFrame(SvgWriter& svg, const ChartFrame& frame, const Axis& x_spec, const Axis& y_spec,
                   const std::vector<double>& xs, const std::vector<double>& ys,
                   double legend_height);

// A series' points in pixels, with the corners of the staircase for step series; points that
// cannot be drawn (non-finite, <= 0 on a log axis) are skipped.
std::vector<SvgPoint> SeriesPixels(const ScaleAxis& x, const ScaleAxis& y, const Series& series);
// A series' line (clipped to the plot box) and, when asked, its markers.
void DrawSeries(SvgWriter& svg, const Box& plot, const ScaleAxis& x, const ScaleAxis& y,
                const Series& series, const SeriesStyle& style);
void DrawMarker(SvgWriter& svg, SvgPoint at, MarkerShape shape, std::string_view color,
                double radius);
// A threshold across the plot, dashed, with its label inside the plot near one end.
void DrawRefLine(SvgWriter& svg, const Box& plot, const ScaleAxis& x, const ScaleAxis& y,
                 const RefLine& line);
// Things a label should not cover: boxes (markers, other labels) and polylines (series lines).
struct Obstacles {
  std::vector<Box> boxes;
  std::vector<std::vector<SvgPoint>> lines;
  // How many obstacles `box` touches.
  int Hits(const Box& box) const;
};

// A ring around the point and its label, placed beside it inside the plot where it touches the
// fewest `avoid` obstacles. Returns the box the label covers (empty when there is none), so other
// labels can keep clear of it.
Box DrawHighlight(SvgWriter& svg, const Box& plot, const ScaleAxis& x, const ScaleAxis& y,
                  const Highlight& highlight, const Obstacles& avoid);

// Splits a polyline into the runs that lie inside `box`, cutting segments at its edges
// (Liang-Barsky), so a fixed axis range never lets lines spill over labels.
std::vector<std::vector<SvgPoint>> ClipPolyline(const std::vector<SvgPoint>& points,
                                                const Box& box);

// The slot of series i: its own `style` when set, else i.
inline int SlotOf(const Series& series, int index) {
  return series.style >= 0 ? series.style : index;
}

}  // namespace gpuplan::report::detail
