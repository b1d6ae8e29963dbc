#include "reports/charts/stacked_bar_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reports/charts/chart_frame.h"
#include "reports/charts/chart_legend.h"
#include "reports/text.h"

namespace gpuplan::report {
namespace {

using detail::Box;
using detail::ScaleAxis;

double ValueAt(const BarSegment& segment, size_t category) {
  if (category >= segment.values.size()) return 0;
  double v = segment.values[category];
  return std::isfinite(v) && v > 0 ? v : 0;
}

bool EstimatedAt(const BarSegment& segment, size_t category) {
  return category < segment.estimated.size() && segment.estimated[category];
}

double Total(const StackedBarChart& chart, size_t category) {
  double total = 0;
  for (const BarSegment& segment : chart.segments) total += ValueAt(segment, category);
  return total;
}

int SlotOf(const BarSegment& segment, size_t index) {
  return segment.style >= 0 ? segment.style : static_cast<int>(index);
}

// `color` ("#RRGGBB") mixed with white: the pale fill under the hatching of estimated values.
std::string Pale(std::string_view color) {
  if (color.size() != 7 || color[0] != '#') return "#dddddd";
  std::string out = "#";
  for (int i = 0; i < 3; ++i) {
    int c = std::stoi(std::string(color.substr(1 + 2 * i, 2)), nullptr, 16);
    out += fmt::format("{:02x}", c + (255 - c) * 6 / 10);
  }
  return out;
}

// Category labels, wrapped to the width of a bar slot; rotated when even that is too wide.
struct CategoryLabels {
  std::vector<std::vector<std::string>> lines;
  bool rotated = false;
  double height = 24;  // room they need under the plot
};

CategoryLabels LayoutCategories(const std::vector<std::string>& categories, double slot) {
  CategoryLabels labels;
  size_t most_lines = 1;
  double widest = 0;
  for (const std::string& category : categories) {
    labels.lines.push_back(WrapText(category, kTickFontSize, slot - 6));
    most_lines = std::max(most_lines, labels.lines.back().size());
    for (const std::string& line : labels.lines.back()) {
      widest = std::max(widest, EstimateTextWidth(line, kTickFontSize));
    }
  }
  if (most_lines <= 2 && widest <= slot - 4) {
    labels.height = 10 + kTickFontSize * 1.25 * static_cast<double>(most_lines);
    return labels;
  }
  labels.rotated = true;  // -35 degrees, one line each
  widest = 0;
  labels.lines.clear();
  for (const std::string& category : categories) {
    labels.lines.push_back({category});
    widest = std::max(widest, EstimateTextWidth(category, kTickFontSize));
  }
  labels.height = 14 + widest * 0.58 + kTickFontSize;  // sin(35 deg) of the text, plus a line
  return labels;
}

void DrawCategoryLabels(SvgWriter& svg, const CategoryLabels& labels, const Box& plot,
                        double slot) {
  for (size_t i = 0; i < labels.lines.size(); ++i) {
    double centre = plot.left + slot * (static_cast<double>(i) + 0.5);
    if (labels.rotated) {
      svg.Text({centre + 4, plot.bottom + 14}, labels.lines[i][0],
               {.size = kTickFontSize, .anchor = "end", .color = kInkColor, .rotate = -35});
      continue;
    }
    double y = plot.bottom + 8 + kTickFontSize;
    for (const std::string& line : labels.lines[i]) {
      svg.Text({centre, y}, line, {.size = kTickFontSize, .anchor = "middle", .color = kInkColor});
      y += kTickFontSize * 1.25;
    }
  }
}

void DrawBars(SvgWriter& svg, const StackedBarChart& chart, const Box& plot, const ScaleAxis& y,
              double slot) {
  double bar = std::min(slot * 0.62, 90.0);
  StrokeStyle separator{.color = "#ffffff", .width = 1};
  for (size_t c = 0; c < chart.categories.size(); ++c) {
    double left = plot.left + slot * static_cast<double>(c) + (slot - bar) / 2;
    double base = 0;
    for (size_t s = 0; s < chart.segments.size(); ++s) {
      double value = ValueAt(chart.segments[s], c);
      if (value <= 0) continue;
      double y0 = std::min(plot.bottom, y.Map(base));
      double y1 = std::max(plot.top, y.Map(base + value));
      base += value;
      if (y0 - y1 < 0.05) continue;
      SeriesStyle style = StyleForSlot(SlotOf(chart.segments[s], s));
      bool estimated = EstimatedAt(chart.segments[s], c);
      svg.Rect(left, y1, bar, y0 - y1, estimated ? Pale(style.color) : std::string(style.color),
               &separator);
      if (estimated) detail::DrawHatch(svg, left, y1, bar, y0 - y1, style.color);
    }
    if (chart.show_totals && base > 0) {
      std::string total = FormatNumber(Total(chart, c), chart.total_decimals, chart.frame.lang);
      svg.Text({left + bar / 2, std::max(plot.top + 10, y.Map(base) - 5)}, total,
               {.size = kTickFontSize, .anchor = "middle", .color = kInkColor, .halo = true});
    }
  }
}

std::vector<detail::LegendEntry> LegendOf(const StackedBarChart& chart) {
  std::vector<detail::LegendEntry> entries;
  for (size_t s = 0; s < chart.segments.size(); ++s) {
    if (chart.segments[s].name.empty()) continue;
    entries.push_back({.label = chart.segments[s].name,
                       .symbol = detail::LegendSymbol::kSwatch,
                       .style = StyleForSlot(SlotOf(chart.segments[s], s))});
  }
  if (!chart.estimated_legend.empty()) {
    entries.push_back(
        {.label = chart.estimated_legend, .symbol = detail::LegendSymbol::kHatchedSwatch});
  }
  return entries;
}

}  // namespace

std::string RenderSvg(const StackedBarChart& chart) {
  const ChartFrame& frame = chart.frame;
  // Totals print above their bars: leave them room when a bar would end at the top tick.
  const double headroom = chart.show_totals ? 1.06 : 1.0;
  std::vector<double> totals;
  for (size_t c = 0; c < chart.categories.size(); ++c) {
    totals.push_back(Total(chart, c) * headroom);
  }
  Axis value_axis = chart.value_axis;
  value_axis.include_zero = true;
  value_axis.scale = AxisScale::kLinear;  // stacking on a log axis would mislead
  ScaleAxis y(value_axis, totals);
  std::vector<detail::LegendEntry> legend = LegendOf(chart);

  SvgWriter svg(frame.width, frame.height, frame.title);
  double top = detail::DrawTitle(svg, frame);
  std::vector<std::string> y_title =
      detail::WrapAxisTitle(value_axis.title, frame.height - top - 90);
  detail::AxisMargin left{.label_width = y.MaxLabelWidth(frame.lang),
                          .title_lines = y_title.size()};
  // The slot width depends on the margins only through the y labels, known already.
  double plot_width =
      frame.width - 34 - detail::YTitleOffset(left) - static_cast<double>(y_title.size()) * 16;
  double slot = plot_width / static_cast<double>(std::max<size_t>(1, chart.categories.size()));
  CategoryLabels labels = LayoutCategories(chart.categories, slot);
  detail::PlotLayout layout =
      detail::LayoutPlot(frame, {.top = top + (chart.show_totals ? 6 : 0),
                                 .left = left,
                                 .x_label_height = labels.height,
                                 .x_title = !chart.category_title.empty(),
                                 .legend_height = detail::LegendHeight(legend, frame.width - 32)});
  const Box& plot = layout.plot;
  slot = plot.width() / static_cast<double>(std::max<size_t>(1, chart.categories.size()));
  y.SetPixels(plot.bottom, plot.top);

  detail::DrawYAxis(svg, plot, y, detail::Side::kLeft, frame.lang);
  svg.Line({plot.left, plot.bottom}, {plot.right, plot.bottom}, {.color = kMutedColor});
  detail::DrawYTitle(svg, plot, y_title, detail::Side::kLeft, detail::YTitleOffset(left));
  DrawCategoryLabels(svg, labels, plot, slot);
  detail::DrawXTitle(svg, plot, chart.category_title, layout.x_title_baseline);
  DrawBars(svg, chart, plot, y, slot);
  detail::DrawLegend(svg, legend, 16, layout.legend_top, frame.width - 32);
  return svg.Finish();
}

}  // namespace gpuplan::report
