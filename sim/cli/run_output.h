// The output folder of one simulated run (summary.json, requests.csv, timeseries.csv,
// resolved_scenario.yaml), shared by `gpuplan simulate` and `gpuplan plan`, which writes the
// recommended fleet's run into PLAN_DIR/recommended/ in the same form.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "sim/runner/scenario_run.h"
#include "sim/util/atomic_file.h"

namespace gpuplan {

inline constexpr const char* kRunOutputFiles =
    "{summary.json, requests.csv, timeseries.csv, resolved_scenario.yaml}";

// What else watches the run besides its output files (the batch dump, the trace); not owned.
struct RunWatchers {
  std::vector<StepObserver*> steps;
  std::vector<MetricsSink*> sinks;
};

// Runs `prepared` with its scenario's seed and stages the run's files under `subfolder` of `out`
// ("" for the top). The files appear with out.Commit().
ScenarioRun StageRunOutput(const PreparedScenario& prepared, AtomicOutputDir& out,
                           const std::filesystem::path& subfolder,
                           const RunWatchers& watchers = {});

}  // namespace gpuplan
