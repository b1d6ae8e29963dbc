// Reading JSON: `JsonValue::Parse` on an array of N decimals, the shape of the largest JSON
// gpuplan reads (a load test's per-request inter-token latencies, vLLM bench `--save-detailed`).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <string>

#include "sim/util/json_value.h"

namespace gpuplan {
namespace {

// {"itls": [0.0000,0.0010,...]}: N values written with 4 decimals, as the benchmark clients do.
std::string DecimalArray(int64_t n) {
  std::string text = "{\"itls\": [";
  for (int64_t i = 0; i < n; ++i) {
    if (i > 0) text += ',';
    text += fmt::format("{:.4f}", static_cast<double>(i) * 0.001);
  }
  return text + "]}";
}

void BM_JsonParseDecimals(benchmark::State& state) {
  const std::string text = DecimalArray(state.range(0));
  for (auto _ : state) {
    JsonValue v = JsonValue::Parse(text);
    benchmark::DoNotOptimize(v.At("itls").AsArray().size());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_JsonParseDecimals)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gpuplan
