#include "reports/charts/time_series_chart.h"

#include <algorithm>
#include <map>

#include "reports/charts/chart_frame.h"
#include "reports/charts/chart_legend.h"

namespace gpuplan::report {
namespace {

using detail::Box;
using detail::ScaleAxis;

constexpr double kPanelGap = 28;  // clear of the tick labels at both panel edges

// Palette slots by series name, in order of first appearance, so "Autoscaling" is the same colour
// in every panel. An explicit Series::style wins.
class SlotsByName {
 public:
  explicit SlotsByName(const TimeSeriesChart& chart) {
    for (const TimePanel& panel : chart.panels) {
      for (const auto* list : {&panel.series, &panel.right_series}) {
        for (const Series& series : *list) {
          auto [it, inserted] = slots_.try_emplace(series.name, next_);
          if (inserted) {
            ++next_;
            order_.push_back(&series);
          }
        }
      }
    }
  }
  int SlotOf(const Series& series) const {
    return series.style >= 0 ? series.style : slots_.at(series.name);
  }
  // One entry per name, first appearance first.
  std::vector<detail::LegendEntry> Legend() const {
    std::vector<detail::LegendEntry> entries;
    for (const Series* series : order_) {
      if (series->name.empty()) continue;
      entries.push_back({.label = series->name,
                         .symbol = detail::LegendSymbol::kLine,
                         .style = StyleForSlot(SlotOf(*series)),
                         .marker = series->markers});
    }
    return entries;
  }

 private:
  std::map<std::string, int> slots_;
  std::vector<const Series*> order_;
  int next_ = 0;
};

std::vector<double> Values(const std::vector<Series>& list, bool want_x) {
  std::vector<double> values;
  for (const Series& series : list) {
    for (const Point& p : series.points) values.push_back(want_x ? p.x : p.y);
  }
  return values;
}

// One panel's axes resolved against its data.
struct PanelAxes {
  ScaleAxis left;
  ScaleAxis right;
  bool has_right;
  std::vector<std::string> left_title;
  std::vector<std::string> right_title;
};

PanelAxes ResolvePanel(const TimePanel& panel, double height) {
  std::vector<double> ys = Values(panel.series, false);
  for (const RefLine& line : panel.ref_lines) {
    if (line.orientation == RefOrientation::kHorizontal) ys.push_back(line.value);
  }
  bool has_right = !panel.right_series.empty();
  return {
      ScaleAxis(panel.y, ys), ScaleAxis(panel.y_right, Values(panel.right_series, false)),
      has_right, detail::WrapAxisTitle(panel.y.title, height),
      has_right ? detail::WrapAxisTitle(panel.y_right.title, height) : std::vector<std::string>{}};
}

std::vector<double> XValues(const TimeSeriesChart& chart) {
  std::vector<double> xs;
  for (const TimePanel& panel : chart.panels) {
    for (double v : Values(panel.series, true)) xs.push_back(v);
    for (double v : Values(panel.right_series, true)) xs.push_back(v);
    for (const RefLine& line : panel.ref_lines) {
      if (line.orientation == RefOrientation::kVertical) xs.push_back(line.value);
    }
  }
  return xs;
}

double Weight(const TimePanel& panel) { return std::max(0.01, panel.weight); }

// Every panel's axes, and the margins the widest of them need on each side (shared, so the
// panels line up).
std::vector<PanelAxes> ResolvePanels(const TimeSeriesChart& chart, double top,
                                     detail::AxisMargin* left, detail::AxisMargin* right) {
  double total_weight = 0;
  for (const TimePanel& panel : chart.panels) total_weight += Weight(panel);
  double rough_height = (chart.frame.height - top - 100) / std::max(1.0, total_weight);
  std::vector<PanelAxes> axes;
  for (const TimePanel& panel : chart.panels) {
    axes.push_back(ResolvePanel(panel, rough_height * Weight(panel)));
    const PanelAxes& a = axes.back();
    left->label_width = std::max(left->label_width, a.left.MaxLabelWidth(chart.frame.lang));
    left->title_lines = std::max(left->title_lines, a.left_title.size());
    if (a.has_right) {
      right->label_width = std::max(right->label_width, a.right.MaxLabelWidth(chart.frame.lang));
      right->title_lines = std::max(right->title_lines, a.right_title.size());
    }
  }
  return axes;
}

struct PanelContext {
  const ScaleAxis& x;
  const SlotsByName& slots;
  detail::AxisMargin left;
  detail::AxisMargin right;
  Lang lang;
};

void DrawPanel(SvgWriter& svg, const Box& plot, const TimePanel& panel, PanelAxes& a,
               const PanelContext& ctx, bool x_labels) {
  a.left.SetPixels(plot.bottom, plot.top);
  a.right.SetPixels(plot.bottom, plot.top);
  detail::DrawYAxis(svg, plot, a.left, detail::Side::kLeft, ctx.lang);
  detail::DrawXAxis(svg, plot, ctx.x, ctx.lang, x_labels);
  detail::DrawYTitle(svg, plot, a.left_title, detail::Side::kLeft, detail::YTitleOffset(ctx.left));
  if (a.has_right) {
    detail::DrawYAxis(svg, plot, a.right, detail::Side::kRight, ctx.lang);
    detail::DrawYTitle(svg, plot, a.right_title, detail::Side::kRight,
                       detail::YTitleOffset(ctx.right));
  }
  for (const Series& s : panel.series) {
    detail::DrawSeries(svg, plot, ctx.x, a.left, s, StyleForSlot(ctx.slots.SlotOf(s)));
  }
  for (const Series& s : panel.right_series) {
    detail::DrawSeries(svg, plot, ctx.x, a.right, s, StyleForSlot(ctx.slots.SlotOf(s)));
  }
  for (const RefLine& line : panel.ref_lines) detail::DrawRefLine(svg, plot, ctx.x, a.left, line);
}

}  // namespace

std::string RenderSvg(const TimeSeriesChart& chart) {
  const ChartFrame& frame = chart.frame;
  SlotsByName slots(chart);
  ScaleAxis x(chart.x, XValues(chart));
  std::vector<detail::LegendEntry> legend = slots.Legend();

  SvgWriter svg(frame.width, frame.height, frame.title);
  double top = detail::DrawTitle(svg, frame);
  detail::AxisMargin left, right;
  std::vector<PanelAxes> axes = ResolvePanels(chart, top, &left, &right);
  detail::PlotLayout layout =
      detail::LayoutPlot(frame, {.top = top,
                                 .left = left,
                                 .right = right,
                                 .x_overhang = detail::XOverhang(x, frame.lang),
                                 .x_title = !chart.x.title.empty(),
                                 .legend_height = detail::LegendHeight(legend, frame.width - 32)});
  const Box& area = layout.plot;
  x.SetPixels(area.left, area.right);

  double total_weight = 0;
  for (const TimePanel& panel : chart.panels) total_weight += Weight(panel);
  double gaps = kPanelGap * static_cast<double>(std::max<size_t>(1, chart.panels.size()) - 1);
  double unit = (area.height() - gaps) / std::max(0.01, total_weight);
  PanelContext ctx{x, slots, left, right, frame.lang};
  double panel_top = area.top;
  for (size_t i = 0; i < chart.panels.size(); ++i) {
    Box plot{area.left, panel_top, area.right, panel_top + unit * Weight(chart.panels[i])};
    DrawPanel(svg, plot, chart.panels[i], axes[i], ctx, i + 1 == chart.panels.size());
    panel_top = plot.bottom + kPanelGap;
  }
  detail::DrawXTitle(svg, area, chart.x.title, layout.x_title_baseline);
  detail::DrawLegend(svg, legend, 16, layout.legend_top, frame.width - 32);
  return svg.Finish();
}

}  // namespace gpuplan::report
