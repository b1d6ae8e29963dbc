// One replica's engine iteration (Replica::FormStep + ApplyStep: continuous scheduler, KV
// cache, roofline prediction, metrics callbacks) at a steady batch of range(0) requests:
// Llama-3.1-8B on H100 SXM with the vLLM preset, max_num_seqs = batch. Every request has a
// 512-token prompt and 128 output tokens; each finished request is replaced at once, so the
// batch stays full and mixes decodes with the newcomers' prefills as a loaded server does.
#include <benchmark/benchmark.h>

#include <memory>

#include "bench/bench_common.h"
#include "sim/engine/continuous_scheduler.h"
#include "sim/engine/replica.h"
#include "sim/latency/memory_model.h"
#include "sim/latency/roofline_model.h"

namespace gpuplan {
namespace {

// Counts what the engine reports, so the calls are not optimised away; aggregates nothing.
class CountingSink final : public MetricsSink {
 public:
  void OnArrival(SimTime) override {}
  void OnInterTokenLatency(const RequestRecord&, SimTime itl) override { itl_sum += itl; }
  void OnRequestDone(const RequestRecord&) override { ++done; }
  void OnStep(const StepRecord&) override { ++steps; }
  void OnSnapshot(const Snapshot&) override {}
  SimTime itl_sum = 0;
  int64_t done = 0;
  int64_t steps = 0;
};

void BM_EngineStep(benchmark::State& state) {
  const auto batch = static_cast<int32_t>(state.range(0));
  const Catalog& catalog = bench::SharedCatalog();
  const ModelSpec& model = catalog.models.at("llama-3.1-8b");
  const GpuSpec& gpu = catalog.gpus.at("h100_sxm");
  const EngineSpec& engine = catalog.engines.at("vllm");
  const Deployment deployment;
  const MemoryPlan memory = PlanMemory(model, gpu, deployment, MemorySettings::FromEngine(engine));

  ContinuousSchedulerOptions options;
  options.max_num_seqs = batch;
  options.max_num_batched_tokens = engine.max_num_batched_tokens;
  ReplicaConfig config;
  config.kv = {static_cast<int32_t>(memory.num_kv_blocks), memory.block_size, engine.watermark};
  Replica replica(config, MakeContinuousScheduler(options),
                  std::make_shared<RooflineModel>(model, gpu, deployment, engine));
  CountingSink sink;

  uint64_t next_id = 0;
  SimTime now = 0;
  auto admit = [&] {
    const RoutedRequest spec{
        .id = next_id++, .arrival = now, .prompt_tokens = 512, .output_tokens = 128};
    benchmark::DoNotOptimize(replica.Enqueue(spec, now));
  };
  for (int32_t i = 0; i < batch; ++i) admit();
  // Warm up past the first prefills, so the loop measures the steady mix.
  auto step = [&] {
    SimTime end = 0;
    replica.FormStep(now, &end);
    replica.ApplyStep(end, sink);
    now = end;
    for (size_t i = 0; i < replica.finished().size(); ++i) admit();
  };
  for (int i = 0; i < 300; ++i) step();

  for (auto _ : state) step();
  state.SetItemsProcessed(state.iterations());  // one engine step per item
  // Requests on the replica after the last step: the batch the loop kept full.
  state.counters["in_flight"] = static_cast<double>(replica.num_outstanding());
  benchmark::DoNotOptimize(sink.itl_sum);
}
BENCHMARK(BM_EngineStep)->Arg(32)->Arg(256);

}  // namespace
}  // namespace gpuplan
