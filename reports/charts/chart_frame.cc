#include "reports/charts/chart_frame.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "reports/text.h"

namespace gpuplan::report::detail {
namespace {

constexpr double kOuterPad = 10;         // blank border around everything
constexpr double kTickGap = 8;           // from the axis line to its tick labels
constexpr double kTitleGap = 8;          // from tick labels to the axis title
constexpr double kTitleLineHeight = 16;  // one line of an axis title

// The fewest decimals (at most `limit`) that print `value` exactly.
int FewestDecimals(double value, int limit) {
  for (int decimals = 0; decimals < limit; ++decimals) {
    double scaled = value * std::pow(10.0, decimals);
    if (std::abs(scaled - std::round(scaled)) <= 1e-6 * std::max(1.0, std::abs(scaled))) {
      return decimals;
    }
  }
  return limit;
}

}  // namespace

ScaleAxis::ScaleAxis(const Axis& spec, const std::vector<double>& data) : spec_(spec) {
  bool log = spec.scale == AxisScale::kLog;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (double v : data) {
    if (!std::isfinite(v) || (log && v <= 0)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo > hi) {  // no usable data
    lo = log ? 1 : 0;
    hi = log ? 10 : 1;
  }
  if (spec.min && (!log || *spec.min > 0)) lo = *spec.min;
  if (spec.max && (!log || *spec.max > 0)) hi = *spec.max;
  if (!log && spec.include_zero) {
    if (!spec.min && lo > 0) lo = 0;
    if (!spec.max && hi < 0) hi = 0;
  }
  ticks_ = log                  ? LogTicks(lo, hi)
           : spec.tick_step > 0 ? StepTicks(lo, hi, spec.tick_step)
                                : NiceTicks(lo, hi);
  // A fixed end of a log axis must be positive to count.
  min_ = spec.min && (!log || *spec.min > 0) ? *spec.min : ticks_.min;
  max_ = spec.max && (!log || *spec.max > 0) ? *spec.max : ticks_.max;
  if (!(max_ > min_)) max_ = log ? min_ * 10 : min_ + 1;
  // Fixed ends may cut the nice range: keep only the ticks inside the axis.
  double eps = (max_ - min_) * 1e-9;
  std::erase_if(ticks_.values, [&](double t) { return t < min_ - eps || t > max_ + eps; });
  decimals_ = spec.decimals >= 0 ? spec.decimals : ticks_.decimals;
}

void ScaleAxis::SetPixels(double at_min, double at_max) {
  px_min_ = at_min;
  px_max_ = at_max;
}

double ScaleAxis::Map(double value) const {
  double t;
  if (spec_.scale == AxisScale::kLog) {
    double v = value > 0 ? value : min_;
    t = std::log10(v / min_) / std::log10(max_ / min_);
  } else {
    t = (value - min_) / (max_ - min_);
  }
  return px_min_ + t * (px_max_ - px_min_);
}

std::string ScaleAxis::Label(double value, Lang lang) const {
  // Log ticks span orders of magnitude: "0.1, 1, 10", not "0.1, 1.0, 10.0".
  bool per_tick = spec_.scale == AxisScale::kLog && spec_.decimals < 0;
  return FormatNumber(value, per_tick ? FewestDecimals(value, decimals_) : decimals_, lang);
}

double ScaleAxis::MaxLabelWidth(Lang lang) const {
  double widest = 0;
  for (double t : ticks_.values) {
    widest = std::max(widest, EstimateTextWidth(Label(t, lang), kTickFontSize));
  }
  return widest;
}

double YTitleOffset(const AxisMargin& margin) {
  return kTickGap + std::max(0.0, margin.label_width) + kTitleGap;
}

std::vector<std::string> WrapAxisTitle(std::string_view title, double length) {
  return WrapText(title, kAxisTitleFontSize, std::max(60.0, length - 8));
}

PlotLayout LayoutPlot(const ChartFrame& frame, const PlotNeeds& needs) {
  auto side_room = [](const AxisMargin& m) {
    if (m.label_width < 0) return 0.0;
    return kTickGap + m.label_width + kTitleGap +
           static_cast<double>(m.title_lines) * kTitleLineHeight;
  };
  PlotLayout layout;
  Box& plot = layout.plot;
  plot.top = needs.top + 12;
  plot.left = kOuterPad + side_room(needs.left);
  // Without a right axis, the last x tick label still needs room.
  plot.right =
      frame.width - kOuterPad -
      (needs.right.label_width < 0 ? std::max(4.0, needs.x_overhang) : side_room(needs.right));
  double below = needs.x_label_height + (needs.x_title ? kTitleLineHeight + 8 : 0) +
                 (needs.legend_height > 0 ? needs.legend_height + 8 : 0);
  plot.bottom = frame.height - kOuterPad - below;
  if (plot.bottom < plot.top + 40) plot.bottom = plot.top + 40;  // tiny frames: keep a plot
  layout.x_title_baseline = plot.bottom + needs.x_label_height + kTitleLineHeight - 2;
  layout.legend_top = frame.height - kOuterPad - needs.legend_height;
  return layout;
}

double XOverhang(const ScaleAxis& x, Lang lang) {
  if (x.ticks().values.empty()) return 4;
  double last = x.ticks().values.back();
  return EstimateTextWidth(x.Label(last, lang), kTickFontSize) / 2 + 4;
}

double DrawTitle(SvgWriter& svg, const ChartFrame& frame) {
  if (frame.title.empty()) return 16;
  TextStyle style{.size = kTitleFontSize, .color = kInkColor, .bold = true};
  double y = 26;
  for (const std::string& line : WrapText(frame.title, kTitleFontSize, frame.width - 32)) {
    svg.Text({16, y}, line, style);
    y += kTitleFontSize * 1.3;
  }
  return y - 4;
}

void DrawYAxis(SvgWriter& svg, const Box& plot, const ScaleAxis& y, Side side, Lang lang) {
  bool left = side == Side::kLeft;
  double edge = left ? plot.left : plot.right;
  double out = left ? -1 : 1;  // direction away from the plot
  StrokeStyle grid{.color = kGridColor, .width = 1};
  StrokeStyle tick{.color = kMutedColor, .width = 1};
  TextStyle label{.size = kTickFontSize, .anchor = left ? "end" : "start", .color = kMutedColor};
  for (double t : y.ticks().values) {
    double py = y.Map(t);
    if (left) svg.Line({plot.left, py}, {plot.right, py}, grid);
    svg.Line({edge, py}, {edge + out * 5, py}, tick);
    svg.Text({edge + out * 8, py + kTickFontSize * 0.35}, y.Label(t, lang), label);
  }
  svg.Line({edge, plot.top}, {edge, plot.bottom}, tick);
}

void DrawYTitle(SvgWriter& svg, const Box& plot, const std::vector<std::string>& lines, Side side,
                double offset) {
  bool left = side == Side::kLeft;
  TextStyle style{.size = kAxisTitleFontSize,
                  .anchor = "middle",
                  .color = kInkColor,
                  .rotate = left ? -90.0 : 90.0};
  for (size_t k = 0; k < lines.size(); ++k) {
    // Rotated either way, a glyph's baseline faces the plot: the last line sits innermost.
    double distance = offset + static_cast<double>(lines.size() - 1 - k) * kTitleLineHeight;
    double x = left ? plot.left - distance : plot.right + distance;
    svg.Text({x, (plot.top + plot.bottom) / 2}, lines[k], style);
  }
}

void DrawXAxis(SvgWriter& svg, const Box& plot, const ScaleAxis& x, Lang lang, bool labels) {
  StrokeStyle grid{.color = kGridColor, .width = 1};
  StrokeStyle tick{.color = kMutedColor, .width = 1};
  TextStyle label{.size = kTickFontSize, .anchor = "middle", .color = kMutedColor};
  double last_right = -std::numeric_limits<double>::infinity();
  for (double t : x.ticks().values) {
    double px = x.Map(t);
    svg.Line({px, plot.top}, {px, plot.bottom}, grid);
    svg.Line({px, plot.bottom}, {px, plot.bottom + 5}, tick);
    if (!labels) continue;
    std::string text = x.Label(t, lang);
    double half = EstimateTextWidth(text, kTickFontSize) / 2;
    if (px - half < last_right + 6) continue;  // would touch the previous label: thin out
    svg.Text({px, plot.bottom + 8 + kTickFontSize}, text, label);
    last_right = px + half;
  }
  svg.Line({plot.left, plot.bottom}, {plot.right, plot.bottom}, tick);
}

void DrawXTitle(SvgWriter& svg, const Box& plot, std::string_view title, double y) {
  if (title.empty()) return;
  TextStyle style{.size = kAxisTitleFontSize, .anchor = "middle", .color = kInkColor};
  svg.Text({(plot.left + plot.right) / 2, y}, title, style);
}

XyPlot DrawXyFrame(SvgWriter& svg, const ChartFrame& frame, const Axis& x_spec, const Axis& y_spec,
                   const std::vector<double>& xs, const std::vector<double>& ys,
                   double legend_height) {
  XyPlot out{ScaleAxis(x_spec, xs), ScaleAxis(y_spec, ys), {}};
  ScaleAxis& x = out.x;
  ScaleAxis& y = out.y;
  const double top = DrawTitle(svg, frame);
  const std::vector<std::string> y_title = WrapAxisTitle(y_spec.title, frame.height - top - 90);
  const AxisMargin left{.label_width = y.MaxLabelWidth(frame.lang), .title_lines = y_title.size()};
  out.layout = LayoutPlot(frame, {.top = top,
                                  .left = left,
                                  .x_overhang = XOverhang(x, frame.lang),
                                  .x_title = !x_spec.title.empty(),
                                  .legend_height = legend_height});
  const Box& plot = out.layout.plot;
  x.SetPixels(plot.left, plot.right);
  y.SetPixels(plot.bottom, plot.top);
  DrawYAxis(svg, plot, y, Side::kLeft, frame.lang);
  DrawXAxis(svg, plot, x, frame.lang, true);
  DrawYTitle(svg, plot, y_title, Side::kLeft, YTitleOffset(left));
  DrawXTitle(svg, plot, x_spec.title, out.layout.x_title_baseline);
  return out;
}

}  // namespace gpuplan::report::detail
