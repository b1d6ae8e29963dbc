// A day of traffic through the cluster loop with its autoscaler (ADR 0010): what the plan's
// continuous day replay costs. The default scenario's deployment (Llama-3.1-8B on H100 SXM, vLLM
// preset, roofline, least-outstanding-requests routing, the Azure-conv length fits) fed the `day`
// arrival kind: 24 hours of Poisson arrivals, the busiest hour at 100 req/s, under an HPA-style
// autoscaler on queue_length (2 to 12 replicas, 60 s start-up). One iteration is a whole day
// (about 5.7 million requests), so it runs only when a filter names it:
//   gpuplan_bench --benchmark_filter=BM_DayAt100ReqS
#include <benchmark/benchmark.h>

#include <string>

#include "bench/bench_common.h"
#include "sim/runner/scenario_run.h"

namespace gpuplan {
namespace {

constexpr const char* kDayYaml = R"(name: bench-day-100
model: llama-3.1-8b
gpu: h100_sxm
deployment: {replicas: 4}
engine: {preset: vllm}
router: {kind: least_outstanding_requests}
latency: {kind: roofline}
workload:
  arrival: {kind: day, peak_rate_per_s: 100, spacing: poisson,
            curve: [2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 10, 10, 10, 10, 9, 8, 8, 7, 6, 5, 4, 3, 2]}
  prompt_tokens: {kind: lognormal, median: 1020, sigma: 0.5, min: 1, max: 14050}
  output_tokens: {kind: lognormal, median: 129, sigma: 0.99, min: 1, max: 1000}
autoscaler: {metric: queue_length, target: 32, min_replicas: 2, max_replicas: 12, startup_s: 60}
simulation: {duration_s: 86400, seed: 42, timeseries_interval_s: 60}
)";

void BM_DayAt100ReqS(benchmark::State& state) {
  const PreparedScenario prepared(bench::LoadBenchScenario(kDayYaml), bench::SharedBuiltins());
  int64_t requests = 0;
  ScenarioRun run;
  for (auto _ : state) {
    run = prepared.Run(RunOptions{.seed = 42});
    requests += run.stats.requests_arrived;
    benchmark::DoNotOptimize(run.result.ttft_ms.p99);
  }
  state.SetItemsProcessed(requests);
  state.counters["requests"] = static_cast<double>(run.stats.requests_arrived);
  state.counters["events"] = static_cast<double>(run.stats.events);
  state.counters["replica_changes"] = static_cast<double>(run.stats.replica_counts.size());
  state.counters["paid_replica_hours"] = run.stats.paid_replica_seconds / 3600;
  state.counters["ttft_p95_ms"] = run.result.ttft_ms.p95;
  state.counters["peak_rss_mib"] = bench::PeakRssMib();
}
BENCHMARK(BM_DayAt100ReqS)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace gpuplan
