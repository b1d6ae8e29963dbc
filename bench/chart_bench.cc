// The Pareto chart of a large plan: range(0) labelled candidates scattered over the plot, a
// frontier through them, every label placed by the greedy placer (reports/charts). The points
// sit on a fixed pseudo-random layout so every run draws the same chart.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "reports/charts/scatter_chart.h"

namespace gpuplan {
namespace {

report::ScatterChart ParetoChart(int points) {
  report::ScatterChart chart{.x = {.title = "p95 TTFT (ms)"}, .y = {.title = "USD per month"}};
  chart.groups.push_back({.name = "candidates"});
  uint64_t state = 88172645463325252ULL;
  auto next = [&state] {  // xorshift64: a fixed layout, no library randomness
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<double>(state % 1'000'000) / 1'000'000;
  };
  for (int i = 0; i < points; ++i) {
    const double x = 50 + 950 * next();
    chart.groups[0].points.push_back(
        {.x = x, .y = 1e5 / x * (1 + next()), .label = "8x H100 TP" + std::to_string(i % 8 + 1)});
  }
  for (int i = 0; i < 40; ++i) {
    const double x = 50 + 950.0 * i / 39;
    chart.frontier.points.push_back({.x = x, .y = 1e5 / x});
  }
  return chart;
}

void BM_ParetoChartLabels(benchmark::State& state) {
  const report::ScatterChart chart = ParetoChart(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(report::RenderSvg(chart));
  state.SetItemsProcessed(state.iterations() * state.range(0));  // points
}
BENCHMARK(BM_ParetoChartLabels)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gpuplan
