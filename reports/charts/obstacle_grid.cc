#include "reports/charts/obstacle_grid.h"

#include <algorithm>
#include <cmath>

namespace gpuplan::report::detail {
namespace {

// Wider than any rounding in the clipping arithmetic, so the grid only ever adds candidates.
constexpr double kMarginPx = 1.0;

bool Overlap(const Box& a, const Box& b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

bool Finite(double a, double b, double c, double d) {
  return std::isfinite(a) && std::isfinite(b) && std::isfinite(c) && std::isfinite(d);
}

int CellsAlong(double extent, double cell) {
  if (!std::isfinite(extent) || extent <= 0) return 1;
  return std::max(1, static_cast<int>(std::ceil(extent / cell)));
}

}  // namespace

ObstacleGrid::ObstacleGrid(const Box& area, double cell)
    : area_(area),
      cell_(cell),
      columns_(CellsAlong(area.width(), cell)),
      rows_(CellsAlong(area.height(), cell)),
      boxes_in_cell_(static_cast<size_t>(columns_) * rows_),
      segments_in_cell_(static_cast<size_t>(columns_) * rows_) {}

int ObstacleGrid::CellIndex(double value, double origin, int cells) const {
  // Clamped, so anything beyond the area is filed under its edge cells.
  const double index = std::floor((value - origin) / cell_);
  if (!(index > 0)) return 0;  // also NaN
  return index >= cells - 1 ? cells - 1 : static_cast<int>(index);
}

ObstacleGrid::CellRange ObstacleGrid::CellsOf(double left, double top, double right,
                                              double bottom) const {
  return {CellIndex(left - kMarginPx, area_.left, columns_),
          CellIndex(right + kMarginPx, area_.left, columns_),
          CellIndex(top - kMarginPx, area_.top, rows_),
          CellIndex(bottom + kMarginPx, area_.top, rows_)};
}

void ObstacleGrid::AddBox(const Box& box) {
  const int id = static_cast<int>(boxes_.size());
  boxes_.push_back(box);
  if (!Finite(box.left, box.top, box.right, box.bottom)) {
    unfiled_boxes_.push_back(id);
    return;
  }
  const CellRange r = CellsOf(box.left, box.top, box.right, box.bottom);
  for (int y = r.y0; y <= r.y1; ++y) {
    for (int x = r.x0; x <= r.x1; ++x) boxes_in_cell_[y * columns_ + x].push_back(id);
  }
}

void ObstacleGrid::AddLine(const std::vector<SvgPoint>& line) {
  for (size_t i = 1; i < line.size(); ++i) {
    const SvgPoint a = line[i - 1];
    const SvgPoint b = line[i];
    const int id = static_cast<int>(segments_.size());
    segments_.emplace_back(a, b);
    if (!Finite(a.x, a.y, b.x, b.y)) {
      unfiled_segments_.push_back(id);
      continue;
    }
    const CellRange r =
        CellsOf(std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y));
    for (int y = r.y0; y <= r.y1; ++y) {
      for (int x = r.x0; x <= r.x1; ++x) segments_in_cell_[y * columns_ + x].push_back(id);
    }
  }
}

void ObstacleGrid::Add(const Obstacles& obstacles) {
  for (const Box& box : obstacles.boxes) AddBox(box);
  for (const std::vector<SvgPoint>& line : obstacles.lines) AddLine(line);
}

bool ObstacleGrid::Touches(const Box& box, int segment) const {
  const auto& [a, b] = segments_[segment];
  // The same clipping Obstacles::Hits applies to whole lines, one segment at a time.
  return !ClipPolyline({a, b}, box).empty();
}

bool ObstacleGrid::Blocked(const Box& box) const {
  for (int id : unfiled_boxes_) {
    if (Overlap(box, boxes_[id])) return true;
  }
  for (int id : unfiled_segments_) {
    if (Touches(box, id)) return true;
  }
  const CellRange r = CellsOf(box.left, box.top, box.right, box.bottom);
  for (int y = r.y0; y <= r.y1; ++y) {
    for (int x = r.x0; x <= r.x1; ++x) {
      const size_t cell = static_cast<size_t>(y) * columns_ + x;
      for (int id : boxes_in_cell_[cell]) {
        if (Overlap(box, boxes_[id])) return true;
      }
      for (int id : segments_in_cell_[cell]) {
        if (Touches(box, id)) return true;
      }
    }
  }
  return false;
}

}  // namespace gpuplan::report::detail
