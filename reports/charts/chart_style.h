// The look shared by every chart: the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal
// Design"), which colour-blind readers can tell apart, paired with a dash pattern and a marker
// shape per slot so series stay distinct in greyscale print too.
#pragma once

#include <string_view>

namespace gpuplan::report {

enum class MarkerShape { kCircle, kSquare, kTriangle, kDiamond };

struct SeriesStyle {
  std::string_view color;
  std::string_view dash;  // SVG dasharray; empty = solid
  MarkerShape marker = MarkerShape::kCircle;
};

// The style of palette slot `slot` (any int; it wraps). Slots 0..6 differ in colour; dash and
// marker cycle with different periods, so no two of the first 12 slots look the same.
SeriesStyle StyleForSlot(int slot);

inline constexpr std::string_view kInkColor = "#222222";    // titles, labels
inline constexpr std::string_view kMutedColor = "#555555";  // axis lines, tick labels
inline constexpr std::string_view kGridColor = "#e4e4e4";
inline constexpr std::string_view kRefColor = "#444444";  // thresholds
inline constexpr std::string_view kHighlightColor = "#000000";

inline constexpr double kTitleFontSize = 16;
inline constexpr double kAxisTitleFontSize = 13;
inline constexpr double kTickFontSize = 12;
inline constexpr double kLabelFontSize = 12;

}  // namespace gpuplan::report
