// A sample provisioning report with every chart type and block kind, filled with synthetic but
// plausible data (a 70B model on H100s, a day of traffic, a load sweep). Tests check it; the
// reports_sample program writes it out for the headless-browser check and for eyeballing.
// Deterministic: no clock, no random device.
#pragma once

#include "reports/charts/svg_chart.h"
#include "reports/document.h"

namespace gpuplan::report::testing {

// One chart of each kind, as used in the sample (for tests of a single chart).
LineChart SampleCdfChart(Lang lang);
LineChart SampleLoadSweepChart(Lang lang);
ScatterChart SampleParetoChart(Lang lang);
TimeSeriesChart SampleDayChart(Lang lang);
TimeSeriesChart SampleKvQueueChart(Lang lang);
StackedBarChart SampleStepBreakdownChart(Lang lang);

// The whole report.
Document SampleReport(Lang lang);

// How many figures SampleReport has (the browser check counts <svg> elements against it).
inline constexpr int kSampleFigureCount = 8;

}  // namespace gpuplan::report::testing
