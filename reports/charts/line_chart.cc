#include "reports/charts/line_chart.h"

#include "reports/charts/chart_frame.h"
#include "reports/charts/chart_legend.h"

namespace gpuplan::report {
namespace {

using detail::ScaleAxis;

// Everything that must be visible along each axis.
void CollectData(const LineChart& chart, std::vector<double>* xs, std::vector<double>* ys) {
  for (const Series& series : chart.series) {
    for (const Point& p : series.points) {
      xs->push_back(p.x);
      ys->push_back(p.y);
    }
  }
  for (const RefLine& line : chart.ref_lines) {
    (line.orientation == RefOrientation::kHorizontal ? ys : xs)->push_back(line.value);
  }
  if (chart.highlight) {
    xs->push_back(chart.highlight->at.x);
    ys->push_back(chart.highlight->at.y);
  }
}

std::vector<detail::LegendEntry> LegendOf(const LineChart& chart) {
  std::vector<detail::LegendEntry> entries;
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const Series& series = chart.series[i];
    if (series.name.empty()) continue;
    entries.push_back({.label = series.name,
                       .symbol = detail::LegendSymbol::kLine,
                       .style = StyleForSlot(detail::SlotOf(series, static_cast<int>(i))),
                       .marker = series.markers});
  }
  if (chart.highlight && !chart.highlight_legend.empty()) {
    entries.push_back({.label = chart.highlight_legend, .symbol = detail::LegendSymbol::kRing});
  }
  return entries;
}

}  // namespace

std::string RenderSvg(const LineChart& chart) {
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
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const Series& series = chart.series[i];
    detail::DrawSeries(svg, plot, x, y, series,
                       StyleForSlot(detail::SlotOf(series, static_cast<int>(i))));
  }
  // Thresholds over the data, so their labels are never hidden by a line.
  for (const RefLine& line : chart.ref_lines) detail::DrawRefLine(svg, plot, x, y, line);
  if (chart.highlight) {
    detail::Obstacles lines;  // the label keeps off the curves where it can
    for (const Series& series : chart.series) {
      lines.lines.push_back(detail::SeriesPixels(x, y, series));
    }
    detail::DrawHighlight(svg, plot, x, y, *chart.highlight, lines);
  }
  detail::DrawLegend(svg, legend, 16, layout.legend_top, frame.width - 32);
  return svg.Finish();
}

}  // namespace gpuplan::report
