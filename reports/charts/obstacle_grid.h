// An index of the things a point label must not cover (markers, labels already placed, the
// frontier line) over a grid of square cells, so a scatter chart of thousands of labelled points
// (a Pareto chart of a large plan) places its labels in time proportional to the points rather
// than to their square: a query looks only at the obstacles filed under the cells it covers.
#pragma once

#include <utility>
#include <vector>

#include "reports/charts/chart_frame.h"

namespace gpuplan::report::detail {

class ObstacleGrid {
 public:
  // `area`: where queries are made (the plot box); obstacles outside it are filed under its edge
  // cells, so the answer never depends on the area. `cell`: the side of a cell in pixels.
  ObstacleGrid(const Box& area, double cell);

  void AddBox(const Box& box);
  void AddLine(const std::vector<SvgPoint>& line);
  void Add(const Obstacles& obstacles);

  // Whether `box` touches any obstacle: exactly Obstacles::Hits(box) > 0 for the same obstacles
  // (boxes overlap strictly, a line touches when any of its segments reaches into the box).
  bool Blocked(const Box& box) const;

 private:
  struct CellRange {
    int x0, x1, y0, y1;
  };
  // The cells a rectangle touches, widened by a margin so rounding never hides a candidate (the
  // exact test is made afterwards).
  CellRange CellsOf(double left, double top, double right, double bottom) const;
  int CellIndex(double value, double origin, int cells) const;
  bool Touches(const Box& box, int segment) const;

  Box area_;
  double cell_;
  int columns_;
  int rows_;
  std::vector<Box> boxes_;
  std::vector<std::pair<SvgPoint, SvgPoint>> segments_;
  std::vector<std::vector<int>> boxes_in_cell_;
  std::vector<std::vector<int>> segments_in_cell_;
  // Obstacles with a non-finite coordinate have no cell: every query tests them.
  std::vector<int> unfiled_boxes_;
  std::vector<int> unfiled_segments_;
};

}  // namespace gpuplan::report::detail
