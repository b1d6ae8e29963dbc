// PreparedScenario: everything a scenario needs that does not depend on the seed (workload with
// its trace read once, latency model, memory plan), built once; Run() simulates one seed and
// returns the RunResult with its context. Runs of one PreparedScenario are independent and may
// execute on several threads at once.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/cluster/cluster_simulation.h"
#include "sim/config/scenario.h"
#include "sim/latency/latency_model.h"
#include "sim/latency/memory_model.h"
#include "sim/metrics/collector.h"
#include "sim/metrics/run_result.h"
#include "sim/metrics/sink.h"
#include "sim/metrics/writers.h"
#include "sim/runner/builtins.h"
#include "sim/workload/workload.h"

namespace gpuplan {

class StepObserver;

struct RunOptions {
  uint64_t seed = 42;
  // Extra sinks (e.g. a streaming requests.csv writer); not owned.
  std::vector<MetricsSink*> extra_sinks;
  // See every step's batch (the batch dump writer, the trace writer); not owned.
  std::vector<StepObserver*> step_observers;
};

// Where a run's predicted step time went, summed over every step of every replica. A calibrated
// model answers an op from its tables where they cover the step and from the roofline where they
// do not, so the source is counted step by step, never taken from one step.
struct OpBreakdown {
  std::array<double, kNumOpKinds> seconds{};
  std::array<double, kNumOpKinds> measured_seconds{};  // of seconds, from calibrated data
  std::array<uint8_t, kNumOpKinds> sources_seen{};     // bit 1 << OpSource per source that ran
  double total_s = 0;

  void Add(const StepTime& step);
  bool Ran(size_t op) const { return sources_seen[op] != 0; }
  // "calibrated", "roofline", "fixed", or the sources an op had joined by '+' in OpSource order
  // ("roofline+calibrated") when its steps came from more than one.
  std::string SourceLabel(size_t op) const;
  // Share of total time whose op came from measured (calibrated) data, over every step.
  double MeasuredShare() const;
};

struct ScenarioRun {
  RunResult result;
  std::vector<TimeseriesRow> timeseries;
  ClusterRunStats stats;
  OpBreakdown ops;
};

class PreparedScenario {
 public:
  // Throws ConfigError when a policy cannot be built (e.g. a trace file that does not parse).
  PreparedScenario(const Scenario& scenario, const Builtins& builtins);
  // The same with a workload built in code (a measured run's load, `gpuplan compare`) in place of
  // the scenario's; the scenario's workload section is not built. A non-null `latency` replaces
  // the scenario's latency model (a load-test fit trying candidate terms).
  PreparedScenario(const Scenario& scenario, const Builtins& builtins,
                   std::shared_ptr<const Workload> workload,
                   std::shared_ptr<const LatencyModel> latency = nullptr);

  // Threads: const, and safe to call concurrently on one object (a plan runs a probe's seeds so):
  // the scenario, workload, latency model and builtins are only read, and each call builds its
  // own replicas, router, arrival feed and metrics collector.
  ScenarioRun Run(const RunOptions& options) const;

  const Scenario& scenario() const { return scenario_; }
  const MemoryPlan& memory() const { return memory_; }
  const Workload& workload() const { return *workload_; }
  const LatencyModel& latency() const { return *latency_; }

 private:
  std::vector<std::unique_ptr<Replica>> BuildReplicas(
      const std::shared_ptr<const LatencyModel>& latency) const;

  Scenario scenario_;
  const Builtins& builtins_;
  std::shared_ptr<const Workload> workload_;
  std::shared_ptr<const LatencyModel> latency_;
  MemoryPlan memory_;
};

// The scenario's own workload, as PreparedScenario(scenario, builtins) builds it. Throws
// ConfigError when it cannot be built.
std::shared_ptr<const Workload> BuildWorkload(const Scenario& scenario, const Builtins& builtins);

// The cluster's autoscaling options for a scenario's autoscaler section, `replicas_at_start`
// (clamped to [min, max]) routable at t = 0; a cold start takes ColdStartSeconds.
AutoscalingOptions AutoscalingOf(const AutoscalerSpec& autoscaler, int replicas_at_start,
                                 double weight_bytes_per_gpu);
// From the decision to start a replica to its first request: weights per GPU / load bandwidth
// + startup.
double ColdStartSeconds(const AutoscalerSpec& autoscaler, double weight_bytes_per_gpu);

// The context written beside the RunResult in summary.json: what was simulated, with what.
SummaryContext DescribeRun(const PreparedScenario& prepared, const ScenarioRun& run, uint64_t seed);

}  // namespace gpuplan
