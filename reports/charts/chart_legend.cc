#include "reports/charts/chart_legend.h"

#include <algorithm>

#include "reports/charts/chart_frame.h"
#include "reports/text.h"

namespace gpuplan::report::detail {
namespace {

constexpr double kRowHeight = 20;
constexpr double kSymbolWidth = 28;
constexpr double kSymbolGap = 6;
constexpr double kEntryGap = 18;

double EntryWidth(const LegendEntry& entry) {
  return kSymbolWidth + kSymbolGap + EstimateTextWidth(entry.label, kLabelFontSize);
}

// Entries per row, filling each row as far as `width` allows (at least one per row).
std::vector<std::vector<const LegendEntry*>> Rows(const std::vector<LegendEntry>& entries,
                                                  double width) {
  std::vector<std::vector<const LegendEntry*>> rows;
  double used = 0;
  for (const LegendEntry& entry : entries) {
    double w = EntryWidth(entry);
    if (rows.empty() || (used > 0 && used + kEntryGap + w > width)) {
      rows.emplace_back();
      used = 0;
    }
    used += (used > 0 ? kEntryGap : 0) + w;
    rows.back().push_back(&entry);
  }
  return rows;
}

void DrawSymbol(SvgWriter& svg, const LegendEntry& entry, double x, double mid_y) {
  const SeriesStyle& style = entry.style;
  SvgPoint centre{x + kSymbolWidth / 2, mid_y};
  switch (entry.symbol) {
    case LegendSymbol::kLine:
      svg.Line({x, mid_y}, {x + kSymbolWidth, mid_y},
               {.color = style.color, .width = 2.2, .dash = style.dash});
      if (entry.marker) DrawMarker(svg, centre, style.marker, style.color, 4);
      break;
    case LegendSymbol::kMarker:
      DrawMarker(svg, centre, style.marker, style.color, 4.5);
      break;
    case LegendSymbol::kSwatch:
      svg.Rect(x + 6, mid_y - 6, 16, 12, style.color);
      break;
    case LegendSymbol::kHatchedSwatch: {
      StrokeStyle border{.color = kMutedColor, .width = 1};
      svg.Rect(x + 6, mid_y - 6, 16, 12, "#ffffff", &border);
      DrawHatch(svg, x + 6, mid_y - 6, 16, 12, kMutedColor);
      break;
    }
    case LegendSymbol::kRing: {
      StrokeStyle ring{.color = kHighlightColor, .width = 2};
      svg.Circle(centre, 7, "none", &ring);
      svg.Circle(centre, 2.5, kHighlightColor, nullptr);
      break;
    }
    case LegendSymbol::kRefLine:
      svg.Line({x, mid_y}, {x + kSymbolWidth, mid_y},
               {.color = kRefColor, .width = 1.3, .dash = "5 4"});
      break;
  }
}

}  // namespace

double LegendHeight(const std::vector<LegendEntry>& entries, double width) {
  return static_cast<double>(Rows(entries, width).size()) * kRowHeight;
}

void DrawLegend(SvgWriter& svg, const std::vector<LegendEntry>& entries, double left, double top,
                double width) {
  TextStyle text{.size = kLabelFontSize, .color = kInkColor};
  double mid_y = top + kRowHeight / 2;
  for (const std::vector<const LegendEntry*>& row : Rows(entries, width)) {
    double row_width = -kEntryGap;
    for (const LegendEntry* entry : row) row_width += kEntryGap + EntryWidth(*entry);
    double x = left + std::max(0.0, (width - row_width) / 2);
    for (const LegendEntry* entry : row) {
      DrawSymbol(svg, *entry, x, mid_y);
      svg.Text({x + kSymbolWidth + kSymbolGap, mid_y + kLabelFontSize * 0.35}, entry->label, text);
      x += EntryWidth(*entry) + kEntryGap;
    }
    mid_y += kRowHeight;
  }
}

void DrawHatch(SvgWriter& svg, double x, double y, double w, double h, std::string_view color) {
  // 45-degree lines x + (bottom - y') = c, each cut to the rectangle by hand: no <pattern>, whose
  // id would collide between the several charts inlined in one HTML page.
  constexpr double kSpacing = 5;
  StrokeStyle stroke{.color = color, .width = 1};
  double bottom = y + h;
  for (double c = x - h + kSpacing / 2; c < x + w; c += kSpacing) {
    double x0 = std::max(c, x);
    double x1 = std::min(c + h, x + w);
    if (x1 - x0 < 0.5) continue;
    svg.Line({x0, bottom - (x0 - c)}, {x1, bottom - (x1 - c)}, stroke);
  }
}

}  // namespace gpuplan::report::detail
