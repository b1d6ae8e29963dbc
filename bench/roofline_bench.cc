// RooflineModel::Predict on the batch shapes the engine sends it: decode-only batches of
// range(0) sequences (1,200 tokens of context each), and the same with one 512-token prefill
// chunk added (range(1) = 1).
#include <benchmark/benchmark.h>

#include "bench/bench_common.h"
#include "sim/latency/roofline_model.h"

namespace gpuplan {
namespace {

void BM_RooflinePredict(benchmark::State& state) {
  const Catalog& catalog = bench::SharedCatalog();
  const RooflineModel model(catalog.models.at("llama-3.1-8b"), catalog.gpus.at("h100_sxm"),
                            Deployment{}, catalog.engines.at("vllm"));
  BatchShape shape;
  for (int64_t i = 0; i < state.range(0); ++i) shape.AddDecode(1200 + static_cast<int32_t>(i));
  if (state.range(1) != 0) shape.AddPrefill(512, 512);
  for (auto _ : state) {
    benchmark::DoNotOptimize(shape);
    const StepTime step = model.Predict(shape);
    benchmark::DoNotOptimize(step.total_s);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RooflinePredict)->ArgNames({"decodes", "prefill"})->ArgsProduct({{32, 256}, {0, 1}});

}  // namespace
}  // namespace gpuplan
