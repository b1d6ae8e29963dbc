// The label placer's grid must answer exactly what the plain scan of every obstacle answers
// (Obstacles::Hits > 0), so the Pareto chart's SVG is the same byte for byte, only faster.
#include "reports/charts/obstacle_grid.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "reports/charts/scatter_chart.h"

namespace gpuplan::report::detail {
namespace {

const Box kPlot{60, 40, 700, 420};

Box RandomBox(std::mt19937& rng, double min_size, double max_size) {
  std::uniform_real_distribution<double> x(kPlot.left - 50, kPlot.right + 50);
  std::uniform_real_distribution<double> y(kPlot.top - 50, kPlot.bottom + 50);
  std::uniform_real_distribution<double> size(min_size, max_size);
  const double left = x(rng);
  const double top = y(rng);
  return {left, top, left + size(rng), top + size(rng) / 3};
}

TEST(ObstacleGridTest, AgreesWithTheScanOfEveryObstacle) {
  std::mt19937 rng(7);
  for (int layout = 0; layout < 40; ++layout) {
    Obstacles obstacles;
    for (int i = 0; i < 60; ++i) obstacles.boxes.push_back(RandomBox(rng, 1, 40));
    std::uniform_real_distribution<double> x(kPlot.left - 300, kPlot.right + 300);
    std::uniform_real_distribution<double> y(kPlot.top - 300, kPlot.bottom + 300);
    for (int l = 0; l < 2; ++l) {
      std::vector<SvgPoint> line;
      for (int i = 0; i < 12; ++i) line.push_back({x(rng), y(rng)});
      obstacles.lines.push_back(line);
    }
    ObstacleGrid grid(kPlot, 24);
    grid.Add(obstacles);
    int blocked = 0;
    for (int q = 0; q < 400; ++q) {
      const Box query = RandomBox(rng, 2, 120);
      const bool expected = obstacles.Hits(query) > 0;
      ASSERT_EQ(grid.Blocked(query), expected) << "layout " << layout << " query " << q;
      blocked += expected ? 1 : 0;
    }
    // Both answers occur, so the comparison means something.
    EXPECT_GT(blocked, 0);
    EXPECT_LT(blocked, 400);
  }
}

TEST(ObstacleGridTest, EdgesTouchingAreNotOverlaps) {
  ObstacleGrid grid(kPlot, 24);
  grid.AddBox({100, 100, 120, 110});
  EXPECT_FALSE(grid.Blocked({120, 100, 140, 110}));   // shares the right edge only
  EXPECT_TRUE(grid.Blocked({119.5, 100, 140, 110}));  // half a pixel inside
  EXPECT_FALSE(grid.Blocked({100, 110, 120, 130}));   // shares the bottom edge only
}

TEST(ObstacleGridTest, ALineReachingTheBoxEdgeTouchesIt) {
  // A horizontal segment at y = 200 from x = 0 to x = 100 (partly left of the plot).
  ObstacleGrid grid(kPlot, 24);
  grid.AddLine({{0, 200}, {100, 200}});
  EXPECT_TRUE(grid.Blocked({100, 190, 130, 210}));  // the segment's end on the left edge
  EXPECT_FALSE(grid.Blocked({100.5, 190, 130, 210}));
  EXPECT_TRUE(grid.Blocked({80, 200, 90, 220}));  // on the top edge
  EXPECT_FALSE(grid.Blocked({80, 200.5, 90, 220}));
}

TEST(ObstacleGridTest, ObstaclesFarOutsideTheAreaAreStillFound) {
  ObstacleGrid grid(kPlot, 24);
  grid.AddBox({-1e6, 300, 1e6, 310});  // crosses the whole plot from far away
  grid.AddLine({{350, -1e9}, {350, 1e9}});
  EXPECT_TRUE(grid.Blocked({600, 305, 610, 320}));
  EXPECT_TRUE(grid.Blocked({345, 100, 355, 110}));
  EXPECT_FALSE(grid.Blocked({100, 100, 110, 110}));
}

TEST(ObstacleGridTest, NonFiniteObstaclesAreTestedLikeTheScanTestsThem) {
  const double inf = std::numeric_limits<double>::infinity();
  Obstacles obstacles{.boxes = {{-inf, 300, inf, 310}}, .lines = {}};
  ObstacleGrid grid(kPlot, 24);
  grid.Add(obstacles);
  for (const Box& query : {Box{600, 305, 610, 320}, Box{100, 100, 110, 110}}) {
    EXPECT_EQ(grid.Blocked(query), obstacles.Hits(query) > 0);
  }
}

}  // namespace
}  // namespace gpuplan::report::detail
