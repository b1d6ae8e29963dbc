// A measured row of serving.csv as a load-test fit target (`gpuplan calibration fit-serving
// serving.csv:LINE ... --format serving_row`): the row's scenario as `validate serving` maps it
// (PlanRow: its load, lengths, engine knobs and every assumption), simulated with a candidate
// latency model, and compared on the statistics `validate serving` compares, in the row's own
// definitions (PredictedStatistics). Several rows of one configuration (a load sweep) are what a
// leave-one-out fit needs.
#pragma once

#include <memory>

#include "sim/loadtest/terms_fit.h"
#include "sim/validation/row_scenario.h"

namespace gpuplan {

// `plan` must be covered (plan.scenario set, no failure).
std::unique_ptr<const FitTarget> MakeRowTarget(RowPlan plan, const Builtins& builtins);

// The row as a measured run, for the fit's provenance: its load as a regime, its statistics
// under serving.csv's column names, and its set, source and engine version.
MeasuredRun RowAsMeasuredRun(const RowPlan& plan);

}  // namespace gpuplan
