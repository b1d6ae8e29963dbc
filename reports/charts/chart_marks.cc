// Marks drawn inside the plot box: series lines and markers, thresholds, highlights, clipping.
#include <algorithm>
#include <cmath>

#include "reports/charts/chart_frame.h"
#include "reports/text.h"

namespace gpuplan::report::detail {
namespace {

// Liang-Barsky: clips segment a->b to `box`; false when nothing is left.
bool ClipSegment(const Box& box, SvgPoint* a, SvgPoint* b) {
  double dx = b->x - a->x;
  double dy = b->y - a->y;
  double t0 = 0;
  double t1 = 1;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {a->x - box.left, box.right - a->x, a->y - box.top, box.bottom - a->y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;  // parallel to this edge and outside it
      continue;
    }
    double t = q[i] / p[i];
    if (p[i] < 0) {
      t0 = std::max(t0, t);
    } else {
      t1 = std::min(t1, t);
    }
    if (t0 > t1) return false;
  }
  SvgPoint start{a->x + t0 * dx, a->y + t0 * dy};
  SvgPoint end{a->x + t1 * dx, a->y + t1 * dy};
  *a = start;
  *b = end;
  return true;
}

bool Inside(const Box& box, SvgPoint p) {
  return p.x >= box.left - 0.01 && p.x <= box.right + 0.01 && p.y >= box.top - 0.01 &&
         p.y <= box.bottom + 0.01;
}

}  // namespace

std::vector<std::vector<SvgPoint>> ClipPolyline(const std::vector<SvgPoint>& points,
                                                const Box& box) {
  std::vector<std::vector<SvgPoint>> runs;
  bool joined = false;  // the last run ends at the previous point, unclipped
  for (size_t i = 1; i < points.size(); ++i) {
    SvgPoint a = points[i - 1];
    SvgPoint b = points[i];
    if (!ClipSegment(box, &a, &b)) {
      joined = false;
      continue;
    }
    bool start_cut = a.x != points[i - 1].x || a.y != points[i - 1].y;
    if (!joined || start_cut) runs.push_back({a});
    runs.back().push_back(b);
    joined = b.x == points[i].x && b.y == points[i].y;
  }
  return runs;
}

std::vector<SvgPoint> SeriesPixels(const ScaleAxis& x, const ScaleAxis& y, const Series& series) {
  bool log_x = x.spec().scale == AxisScale::kLog;
  bool log_y = y.spec().scale == AxisScale::kLog;
  std::vector<SvgPoint> pixels;
  for (const Point& p : series.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    if ((log_x && p.x <= 0) || (log_y && p.y <= 0)) continue;
    SvgPoint px{x.Map(p.x), y.Map(p.y)};
    if (series.shape == LineShape::kStep && !pixels.empty()) {
      pixels.push_back({px.x, pixels.back().y});
    }
    pixels.push_back(px);
  }
  return pixels;
}

void DrawMarker(SvgWriter& svg, SvgPoint at, MarkerShape shape, std::string_view color,
                double radius) {
  StrokeStyle outline{.color = "#ffffff", .width = 1};
  double r = radius;
  switch (shape) {
    case MarkerShape::kCircle:
      svg.Circle(at, r, color, &outline);
      break;
    case MarkerShape::kSquare:
      r *= 0.9;
      svg.Polygon(
          {{at.x - r, at.y - r}, {at.x + r, at.y - r}, {at.x + r, at.y + r}, {at.x - r, at.y + r}},
          color, &outline);
      break;
    case MarkerShape::kTriangle:
      r *= 1.2;
      svg.Polygon(
          {{at.x, at.y - r}, {at.x + r * 0.87, at.y + r * 0.5}, {at.x - r * 0.87, at.y + r * 0.5}},
          color, &outline);
      break;
    case MarkerShape::kDiamond:
      r *= 1.2;
      svg.Polygon({{at.x, at.y - r}, {at.x + r, at.y}, {at.x, at.y + r}, {at.x - r, at.y}}, color,
                  &outline);
      break;
  }
}

void DrawSeries(SvgWriter& svg, const Box& plot, const ScaleAxis& x, const ScaleAxis& y,
                const Series& series, const SeriesStyle& style) {
  std::vector<SvgPoint> pixels = SeriesPixels(x, y, series);
  StrokeStyle stroke{.color = style.color, .width = 2.2, .dash = style.dash};
  for (const std::vector<SvgPoint>& run : ClipPolyline(pixels, plot)) svg.Polyline(run, stroke);
  if (!series.markers) return;
  for (const Point& p : series.points) {
    SvgPoint at{x.Map(p.x), y.Map(p.y)};
    if (std::isfinite(p.x) && std::isfinite(p.y) && Inside(plot, at)) {
      DrawMarker(svg, at, style.marker, style.color, 4);
    }
  }
}

void DrawRefLine(SvgWriter& svg, const Box& plot, const ScaleAxis& x, const ScaleAxis& y,
                 const RefLine& line) {
  StrokeStyle stroke{.color = kRefColor, .width = 1.3, .dash = "5 4"};
  TextStyle label{.size = 11, .color = kRefColor, .halo = true};
  bool at_end = line.label_at == RefLabelAt::kEnd;
  if (line.orientation == RefOrientation::kHorizontal) {
    double py = y.Map(line.value);
    if (py < plot.top - 0.5 || py > plot.bottom + 0.5) return;
    svg.Line({plot.left, py}, {plot.right, py}, stroke);
    if (line.label.empty()) return;
    label.anchor = at_end ? "end" : "start";
    // Above the line, unless that would leave the plot.
    double baseline = py - plot.top < 16 ? py + 14 : py - 5;
    svg.Text({at_end ? plot.right - 4 : plot.left + 4, baseline}, line.label, label);
    return;
  }
  double px = x.Map(line.value);
  if (px < plot.left - 0.5 || px > plot.right + 0.5) return;
  svg.Line({px, plot.top}, {px, plot.bottom}, stroke);
  if (line.label.empty()) return;
  bool room_right = px + 6 + EstimateTextWidth(line.label, label.size) < plot.right;
  label.anchor = room_right ? "start" : "end";
  double baseline = at_end ? plot.top + 13 : plot.bottom - 6;
  svg.Text({room_right ? px + 5 : px - 5, baseline}, line.label, label);
}

int Obstacles::Hits(const Box& box) const {
  int hits = 0;
  for (const Box& other : boxes) {
    bool overlap = box.left < other.right && other.left < box.right && box.top < other.bottom &&
                   other.top < box.bottom;
    hits += overlap ? 1 : 0;
  }
  for (const std::vector<SvgPoint>& line : lines) hits += ClipPolyline(line, box).empty() ? 0 : 1;
  return hits;
}

Box DrawHighlight(SvgWriter& svg, const Box& plot, const ScaleAxis& x, const ScaleAxis& y,
                  const Highlight& highlight, const Obstacles& avoid) {
  SvgPoint at{x.Map(highlight.at.x), y.Map(highlight.at.y)};
  if (!Inside(plot, at)) return {};
  StrokeStyle ring{.color = kHighlightColor, .width = 2.2};
  svg.Circle(at, 9, "none", &ring);
  svg.Circle(at, 3, kHighlightColor, nullptr);
  if (highlight.label.empty()) return {};
  TextStyle label{.size = 12.5, .color = kInkColor, .bold = true, .halo = true};
  double w = EstimateTextWidth(highlight.label, label.size);
  double h = label.size;
  // Spots around the ring (baseline offset, anchored left or right), best first; the first one
  // inside the plot that touches the fewest obstacles wins.
  const struct {
    double dx, dy;
    bool to_left;
  } spots[] = {{13, -13, false}, {-13, -13, true}, {13, 24, false}, {-13, 24, true},
               {15, 4, false},   {-15, 4, true},   {0, -34, false}, {0, 44, false}};
  Box best;
  bool best_to_left = false;
  int best_hits = -1;
  for (const auto& spot : spots) {
    double left = spot.to_left ? at.x + spot.dx - w : at.x + spot.dx;
    double baseline = at.y + spot.dy;
    Box box{left - 2, baseline - h, left + w + 2, baseline + 4};
    if (box.left < plot.left || box.right > plot.right || box.top < plot.top ||
        box.bottom > plot.bottom) {
      continue;
    }
    int hits = avoid.Hits(box);
    if (best_hits < 0 || hits < best_hits) {
      best = box;
      best_to_left = spot.to_left;
      best_hits = hits;
    }
  }
  if (best_hits < 0) {  // no spot fits inside the plot: right of the ring, as far as it goes
    double left = std::min(at.x + 13, plot.right - w - 2);
    best = {left - 2, at.y - 13 - h, left + w + 2, at.y - 9};
  }
  // Anchored on the side nearest the ring, so the text grows away from the point.
  label.anchor = best_to_left ? "end" : "start";
  svg.Text({best_to_left ? best.right - 2 : best.left + 2, best.bottom - 4}, highlight.label,
           label);
  return best;
}

}  // namespace gpuplan::report::detail
