// The chart library in one include: LineChart, ScatterChart, StackedBarChart and TimeSeriesChart,
// each a plain struct rendered to a standalone SVG document by RenderSvg(). Charts are drawn by
// our own code (no chart library): nice 1-2-5 ticks, axis titles with units, legends, the
// Okabe-Ito palette with dashes and marker shapes for print, generic font families, a fixed
// viewBox so they scale, and deterministic bytes. Text is escaped for XML.
#pragma once

#include "reports/charts/chart_spec.h"         // IWYU pragma: export
#include "reports/charts/line_chart.h"         // IWYU pragma: export
#include "reports/charts/scatter_chart.h"      // IWYU pragma: export
#include "reports/charts/stacked_bar_chart.h"  // IWYU pragma: export
#include "reports/charts/time_series_chart.h"  // IWYU pragma: export
