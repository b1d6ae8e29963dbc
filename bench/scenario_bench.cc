// Whole scenarios through the real pipeline (catalog, scenario loader and checks, builtins,
// PreparedScenario), timing PreparedScenario::Run() only: the workload (and its trace) and the
// latency model are built once, outside the loop, as `gpuplan plan` reuses them across seeds.
// items_per_second = requests simulated per wall-clock second, on one thread; requests_per_cpu_s
// = the same per second of that thread's CPU time.
//
// BM_AzureConv10x is the headline of issue 2 (at least 100,000 requests/s). BM_TenMillionRequests
// checks memory stays O(requests in flight): it runs 10,000,000 requests once and reports the
// process's peak RSS; it takes minutes, so it runs only when a filter names it.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "bench/bench_common.h"
#include "sim/runner/scenario_run.h"

namespace gpuplan {
namespace {

std::string AzureConvPath() {
  return bench::TracesDir() + "/azure-llm-2023/AzureLLMInferenceTrace_conv.csv";
}

// The Azure LLM inference trace 2023 (conv) at 10x its rate on 4 replicas of Llama-3.1-8B on
// H100 SXM, vLLM preset, roofline latency, least-outstanding-requests routing. max_requests is
// far above the trace's row count: every row is replayed.
std::string AzureConv10xYaml() {
  return fmt::format(R"(name: bench-azure-conv-10x
model: llama-3.1-8b
gpu: h100_sxm
deployment: {{replicas: 4}}
engine: {{preset: vllm}}
router: {{kind: least_outstanding_requests}}
latency: {{kind: roofline}}
workload:
  trace: {{kind: azure_llm_2023, path: "{}", rate_multiplier: 10, max_requests: 100000000}}
simulation: {{duration_s: 86400, seed: 42, timeseries_interval_s: 1}}
)",
                     AzureConvPath());
}

// Poisson arrivals x the lognormal length fits of the Azure conv trace (configs/scenarios/
// default.yaml) on the same 4 replicas, at 40 req/s: below the cluster's capacity (about 55
// req/s for these lengths), so the number of requests in flight stays bounded however long the
// run is, and memory must too.
std::string SyntheticYaml(int64_t num_requests) {
  return fmt::format(R"(name: bench-synthetic
model: llama-3.1-8b
gpu: h100_sxm
deployment: {{replicas: 4}}
engine: {{preset: vllm}}
router: {{kind: least_outstanding_requests}}
latency: {{kind: roofline}}
workload:
  arrival: {{kind: poisson, rate_per_s: 40}}
  prompt_tokens: {{kind: lognormal, median: 1020, sigma: 0.5, min: 1, max: 14050}}
  output_tokens: {{kind: lognormal, median: 129, sigma: 0.99, min: 1, max: 1000}}
simulation: {{num_requests: {}, seed: 42, timeseries_interval_s: 1}}
)",
                     num_requests);
}

// CPU time of this thread, in seconds.
double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Runs `prepared` once per iteration and reports requests per wall-clock second
// (items_per_second) and per second of CPU time on this thread (requests_per_cpu_s: what one
// dedicated core would do, less sensitive to other load on a shared machine), plus per-run
// counters.
void RunScenario(benchmark::State& state, const PreparedScenario& prepared) {
  int64_t requests = 0;
  double cpu_s = 0;
  ScenarioRun run;
  for (auto _ : state) {
    const double start = ThreadCpuSeconds();
    run = prepared.Run(RunOptions{.seed = 42});
    cpu_s += ThreadCpuSeconds() - start;
    requests += run.stats.requests_arrived;
    benchmark::DoNotOptimize(run.result.ttft_ms.p99);
  }
  state.SetItemsProcessed(requests);
  state.counters["requests_per_cpu_s"] = static_cast<double>(requests) / cpu_s;
  int64_t in_system_max = 0;
  for (const TimeseriesRow& row : run.timeseries) {
    in_system_max = std::max(in_system_max, row.waiting + row.running);
  }
  state.counters["requests"] = static_cast<double>(run.stats.requests_arrived);
  state.counters["events"] = static_cast<double>(run.stats.events);
  state.counters["steps"] = static_cast<double>(run.stats.steps);
  state.counters["simulated_s"] = ToSeconds(run.stats.end_time);
  state.counters["in_system_max"] = static_cast<double>(in_system_max);
  state.counters["peak_rss_mib"] = bench::PeakRssMib();
}

void BM_AzureConv10x(benchmark::State& state) {
  if (!std::filesystem::exists(AzureConvPath())) {
    state.SkipWithError(("Azure conv trace not found at " + AzureConvPath() +
                         " (configure with -DGPUPLAN_TRACES_DIR=...)")
                            .c_str());
    return;
  }
  const PreparedScenario prepared(bench::LoadBenchScenario(AzureConv10xYaml()),
                                  bench::SharedBuiltins());
  RunScenario(state, prepared);
}
BENCHMARK(BM_AzureConv10x)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SyntheticRequests(benchmark::State& state) {
  const PreparedScenario prepared(bench::LoadBenchScenario(SyntheticYaml(state.range(0))),
                                  bench::SharedBuiltins());
  RunScenario(state, prepared);
}
BENCHMARK(BM_SyntheticRequests)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// Run explicitly: gpuplan_bench --benchmark_filter=BM_TenMillionRequests
void BM_TenMillionRequests(benchmark::State& state) {
  const PreparedScenario prepared(bench::LoadBenchScenario(SyntheticYaml(10'000'000)),
                                  bench::SharedBuiltins());
  RunScenario(state, prepared);
}
BENCHMARK(BM_TenMillionRequests)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace gpuplan
