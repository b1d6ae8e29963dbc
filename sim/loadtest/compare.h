// `gpuplan compare`: a measured load test against the simulation of the same load. The scenario
// supplies the model, GPU, deployment and engine; the measured run supplies the load (its
// regime, its number of requests and, when listed, each request's lengths). The simulated run is
// described by the same statistics, computed the way the benchmark tool computes them
// (bench_stats.h), so every difference is the model's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/config/scenario.h"
#include "sim/latency/latency_model.h"
#include "sim/loadtest/measured_run.h"
#include "sim/loadtest/request_collector.h"
#include "sim/runner/builtins.h"
#include "sim/runner/scenario_run.h"
#include "sim/workload/workload.h"

namespace gpuplan {

struct CompareRow {
  std::string statistic;  // vLLM name: mean_ttft_ms, p99_e2el_ms, output_throughput, ...
  double measured = 0;
  double simulated = 0;
  double error = 0;  // (simulated - measured) / measured; 0 when both are 0
};

// How loaded the simulated system was: near saturation, small step-time errors become large
// queueing (TTFT) errors, so every comparison states it.
struct SimulatedLoad {
  double gpu_busy = 0;      // mean over replicas of busy time / run time
  double kv_used_mean = 0;  // fraction of KV blocks in use, time-weighted
  double kv_used_max = 0;
  double queue_delay_mean_ms = 0;
  int64_t preemptions = 0;
};

struct CompareResult {
  std::string measured_file;
  std::string scenario;
  std::string regime;    // BenchRegime::Describe()
  std::string workload;  // what was simulated
  std::vector<std::string> assumptions;
  SimulatedLoad load;
  std::vector<CompareRow> rows;  // in the measured file's order
  MeasuredRun simulated;         // the simulated run in the measured run's form

  // Median of |error| over the rows; 0 without rows.
  double MedianAbsError() const;
  // One sentence a planner reads first: the error and the load it was measured at.
  std::string Verdict() const;
  // The simulated GPUs or KV cache were at least 90% used.
  bool NearSaturation() const;
};

// A measured run's load on a scenario, built once and simulated as often as needed (a load-test
// fit tries many candidate latency models on it).
struct ReplaySetup {
  Scenario scenario;  // the scenario with the run's request count and no warm-up
  std::shared_ptr<const Workload> workload;
  std::vector<std::string> assumptions;
};

// Throws ConfigError when the load cannot be replayed (see MakeMeasuredWorkload).
ReplaySetup PrepareReplay(const Scenario& scenario, const Builtins& builtins,
                          const MeasuredRun& measured);

// The comparison of a finished run of `setup` (simulated with `requests` among its sinks and
// the scenario's seed) with `measured`; `gpuplan compare` runs it itself to write the run's own
// files too.
CompareResult CompareRun(const ReplaySetup& setup, const MeasuredRun& measured,
                         const PreparedScenario& prepared, const ScenarioRun& run,
                         const RequestCollector& requests);

// Simulates `setup` with the scenario's latency model, or `latency` when given, and compares
// with `measured`. Deterministic (the scenario's seed); safe to call from several threads.
CompareResult Replay(const ReplaySetup& setup, const Builtins& builtins,
                     const MeasuredRun& measured,
                     std::shared_ptr<const LatencyModel> latency = nullptr);

// Simulates `measured`'s load on `scenario` (seed: the scenario's) and compares. Throws
// ConfigError when the load cannot be replayed (see MakeMeasuredWorkload).
CompareResult CompareWithSimulation(const Scenario& scenario, const Builtins& builtins,
                                    const MeasuredRun& measured);

}  // namespace gpuplan
