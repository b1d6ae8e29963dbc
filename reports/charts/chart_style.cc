#include "reports/charts/chart_style.h"

#include <array>

namespace gpuplan::report {

SeriesStyle StyleForSlot(int slot) {
  // Okabe-Ito, reordered so the first colours are the ones that read best on white paper; yellow
  // (#F0E442) is left out, too faint for thin lines.
  static constexpr std::array<std::string_view, 7> kColors = {
      "#0072B2",  // blue
      "#D55E00",  // vermillion
      "#009E73",  // bluish green
      "#CC79A7",  // reddish purple
      "#E69F00",  // orange
      "#56B4E9",  // sky blue
      "#000000",  // black
  };
  static constexpr std::array<std::string_view, 4> kDashes = {"", "7 4", "2 3", "9 3 2 3"};
  static constexpr std::array<MarkerShape, 4> kMarkers = {
      MarkerShape::kCircle, MarkerShape::kSquare, MarkerShape::kTriangle, MarkerShape::kDiamond};
  size_t index = static_cast<size_t>(slot < 0 ? -static_cast<long>(slot) : slot);
  return {kColors[index % kColors.size()], kDashes[index % kDashes.size()],
          kMarkers[index % kMarkers.size()]};
}

}  // namespace gpuplan::report
