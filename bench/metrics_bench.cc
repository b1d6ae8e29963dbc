// The collector's per-token path: one step's inter-token latencies (range(0) decodes, all one
// value, as a step of a full batch gives) handed to MetricsCollector in one call. Past the
// first million tokens the ITL estimator is in sketch mode, as it is in long runs.
#include <benchmark/benchmark.h>

#include <vector>

#include "sim/metrics/collector.h"

namespace gpuplan {
namespace {

void BM_CollectorInterTokenLatencies(benchmark::State& state) {
  MetricsCollector collector(CollectorOptions{});
  std::vector<RequestRecord> records(static_cast<size_t>(state.range(0)));
  std::vector<InterTokenLatency> itls;
  for (const RequestRecord& r : records) itls.push_back({&r, 0});
  SimTime itl = 20'000'000;
  for (auto _ : state) {
    // A new gap every step, as the steps of a real run differ.
    itl = itl % 40'000'000 + 7'919;
    for (InterTokenLatency& t : itls) t.itl = itl;
    collector.OnInterTokenLatencies(itls);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));  // tokens
}
BENCHMARK(BM_CollectorInterTokenLatencies)->Arg(32)->Arg(256);

}  // namespace
}  // namespace gpuplan
