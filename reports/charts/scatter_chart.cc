#include "reports/charts/scatter_chart.h"

#include <cmath>

#include "reports/charts/chart_frame.h"
#include "reports/charts/chart_legend.h"
#include "reports/charts/obstacle_grid.h"
#include "reports/text.h"

namespace gpuplan::report {
namespace {

using detail::Box;
using detail::ScaleAxis;

constexpr double kPointLabelSize = 11;
constexpr std::string_view kFrontierColor = "#333333";

void CollectData(const ScatterChart& chart, std::vector<double>* xs, std::vector<double>* ys) {
  for (const ScatterGroup& group : chart.groups) {
    for (const ScatterPoint& p : group.points) {
      xs->push_back(p.x);
      ys->push_back(p.y);
    }
  }
  for (const Point& p : chart.frontier.points) {
    xs->push_back(p.x);
    ys->push_back(p.y);
  }
  for (const RefLine& line : chart.ref_lines) {
    (line.orientation == RefOrientation::kHorizontal ? ys : xs)->push_back(line.value);
  }
  if (chart.chosen) {
    xs->push_back(chart.chosen->at.x);
    ys->push_back(chart.chosen->at.y);
  }
}

std::vector<detail::LegendEntry> LegendOf(const ScatterChart& chart) {
  std::vector<detail::LegendEntry> entries;
  for (size_t i = 0; i < chart.groups.size(); ++i) {
    const ScatterGroup& group = chart.groups[i];
    if (group.name.empty()) continue;
    int slot = group.style >= 0 ? group.style : static_cast<int>(i);
    entries.push_back({.label = group.name,
                       .symbol = detail::LegendSymbol::kMarker,
                       .style = StyleForSlot(slot)});
  }
  if (!chart.frontier.points.empty() && !chart.frontier.name.empty()) {
    entries.push_back({.label = chart.frontier.name,
                       .symbol = detail::LegendSymbol::kLine,
                       .style = {.color = kFrontierColor}});
  }
  if (chart.chosen && !chart.chosen_legend.empty()) {
    entries.push_back({.label = chart.chosen_legend, .symbol = detail::LegendSymbol::kRing});
  }
  return entries;
}

// Greedy label placement: each label tries right, left, above and below its point and takes the
// first spot inside the plot clear of every obstacle (markers, the frontier, labels placed
// before it). A label with no free spot is left out. The obstacles are kept in a grid so a chart
// of thousands of labelled points stays linear in the points.
class LabelPlacer {
 public:
  LabelPlacer(const Box& plot, const detail::Obstacles& obstacles)
      : plot_(plot), taken_(plot, kGridCellPx) {
    taken_.Add(obstacles);
  }

  // Draws `text` near `at` unless no spot is free.
  void Place(SvgWriter& svg, SvgPoint at, std::string_view text) {
    double w = EstimateTextWidth(text, kPointLabelSize);
    double h = kPointLabelSize;
    struct Spot {
      double x, baseline;
      std::string_view anchor;
      double left;
    };
    const Spot spots[] = {{at.x + 7, at.y + 4, "start", at.x + 7},
                          {at.x - 7, at.y + 4, "end", at.x - 7 - w},
                          {at.x, at.y - 8, "middle", at.x - w / 2},
                          {at.x, at.y + 8 + h, "middle", at.x - w / 2}};
    for (const Spot& spot : spots) {
      Box box{spot.left - 1, spot.baseline - h, spot.left + w + 1, spot.baseline + 3};
      bool inside = box.left >= plot_.left && box.right <= plot_.right && box.top >= plot_.top &&
                    box.bottom <= plot_.bottom;
      if (!inside || taken_.Blocked(box)) continue;
      taken_.AddBox(box);
      svg.Text({spot.x, spot.baseline}, text,
               {.size = kPointLabelSize, .anchor = spot.anchor, .color = kInkColor, .halo = true});
      return;
    }
  }

 private:
  // About two label heights: few obstacles share a cell, few cells make up a label.
  static constexpr double kGridCellPx = 24;
  Box plot_;
  detail::ObstacleGrid taken_;
};

void DrawPointsAndLabels(SvgWriter& svg, const ScatterChart& chart, const Box& plot,
                         const ScaleAxis& x, const ScaleAxis& y) {
  std::vector<Box> markers;
  struct Labelled {
    SvgPoint at;
    const std::string* label;
  };
  std::vector<Labelled> labels;
  for (size_t i = 0; i < chart.groups.size(); ++i) {
    const ScatterGroup& group = chart.groups[i];
    SeriesStyle style = StyleForSlot(group.style >= 0 ? group.style : static_cast<int>(i));
    for (const ScatterPoint& p : group.points) {
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
      SvgPoint at{x.Map(p.x), y.Map(p.y)};
      if (at.x < plot.left || at.x > plot.right || at.y < plot.top || at.y > plot.bottom) continue;
      detail::DrawMarker(svg, at, style.marker, style.color, 5);
      markers.push_back({at.x - 6, at.y - 6, at.x + 6, at.y + 6});
      if (!p.label.empty()) labels.push_back({at, &p.label});
    }
  }
  detail::Obstacles obstacles{.boxes = std::move(markers),
                              .lines = {detail::SeriesPixels(x, y, chart.frontier)}};
  if (chart.chosen) {
    // The chosen label avoids markers and the frontier; other labels then avoid it and its ring.
    obstacles.boxes.push_back(detail::DrawHighlight(svg, plot, x, y, *chart.chosen, obstacles));
    SvgPoint at{x.Map(chart.chosen->at.x), y.Map(chart.chosen->at.y)};
    obstacles.boxes.push_back({at.x - 12, at.y - 12, at.x + 12, at.y + 12});
  }
  if (!chart.label_points) return;
  LabelPlacer placer(plot, obstacles);
  for (const Labelled& l : labels) placer.Place(svg, l.at, *l.label);
}

}  // namespace

std::string RenderSvg(const ScatterChart& chart) {
  const ChartFrame& frame = chart.frame;
  std::vector<double> xs, ys;
  CollectData(chart, &xs, &ys);
  std::vector<detail::LegendEntry> legend = LegendOf(chart);

  SvgWriter svg(frame.width, frame.height, frame.title);
  const detail::XyPlot xy = detail::DrawXyFrame(svg, frame, chart.x, chart.y, xs, ys,
                                                detail::LegendHeight(legend, frame.width - 32));
  const ScaleAxis& x = xy.x;
  const ScaleAxis& y = xy.y;
  const detail::PlotLayout& layout = xy.layout;
  const detail::Box& plot = layout.plot;
  for (const RefLine& line : chart.ref_lines) detail::DrawRefLine(svg, plot, x, y, line);
  if (!chart.frontier.points.empty()) {
    detail::DrawSeries(svg, plot, x, y, chart.frontier, {.color = kFrontierColor});
  }
  DrawPointsAndLabels(svg, chart, plot, x, y);
  detail::DrawLegend(svg, legend, 16, layout.legend_top, frame.width - 32);
  return svg.Finish();
}

}  // namespace gpuplan::report
