#include "sim/cli/run_output.h"

#include "sim/config/scenario.h"
#include "sim/metrics/writers.h"

namespace gpuplan {

ScenarioRun StageRunOutput(const PreparedScenario& prepared, AtomicOutputDir& out,
                           const std::filesystem::path& subfolder, const RunWatchers& watchers) {
  const uint64_t seed = prepared.scenario().simulation.seed;
  RequestsCsvWriter requests(out.Stage(subfolder / "requests.csv"));
  RunOptions options;
  options.seed = seed;
  options.extra_sinks.push_back(&requests);
  for (MetricsSink* sink : watchers.sinks) options.extra_sinks.push_back(sink);
  options.step_observers = watchers.steps;
  ScenarioRun run = prepared.Run(options);
  requests.Commit();
  WriteSummaryJson(out.Stage(subfolder / "summary.json"), run.result,
                   DescribeRun(prepared, run, seed));
  WriteTimeseriesCsv(out.Stage(subfolder / "timeseries.csv"), run.timeseries);
  WriteFileAtomic(out.Stage(subfolder / "resolved_scenario.yaml"),
                  ToResolvedYaml(prepared.scenario()));
  return run;
}

}  // namespace gpuplan
