// A simulated run written as `vllm bench serve --save-result --save-detailed` would have written
// it (`gpuplan simulate --format vllm-bench`), so the scripts and dashboards a team keeps for its
// load tests read the simulation too. As vllm bench serve does, every request counts (no warm-up
// window), so the statistics can differ slightly from summary.json's.
#pragma once

#include <string>

#include "sim/config/scenario.h"
#include "sim/loadtest/measured_run.h"
#include "sim/loadtest/request_collector.h"

namespace gpuplan {

// The regime the scenario's workload offers, in vllm bench serve's terms where it has them
// (poisson -> request_rate, gamma -> request_rate and burstiness, closed_loop without think time
// -> max_concurrency, offline -> inf); other workloads (traces, stages) have none, and their
// description goes into the file's "gpuplan_workload".
BenchRegime RegimeOf(const Scenario& scenario, int64_t num_requests, bool* expressible);

// The run as vllm bench serve's JSON: regime, duration, statistics (percentiles 90, 95, 99) and
// every request.
std::string SimulatedBenchJson(const Scenario& scenario, const std::string& workload,
                               const RequestCollector& requests);

}  // namespace gpuplan
