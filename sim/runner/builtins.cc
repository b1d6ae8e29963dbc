#include "sim/runner/builtins.h"

#include <fmt/format.h>

#include <initializer_list>
#include <string_view>

#include "sim/config/scenario_checks.h"
#include "sim/engine/kv_cache.h"
#include "sim/latency/calibrated_registry.h"
#include "sim/latency/memory_model.h"

namespace gpuplan {

Builtins::Builtins() {
  RegisterBuiltinArrivals(arrivals);
  RegisterBuiltinLengths(lengths);
  RegisterBuiltinTraces(traces);
  RegisterBuiltinSchedulers(schedulers);
  RegisterBuiltinRouters(routers);
  RegisterBuiltinLatencyModels(latency_models);
  RegisterCalibratedLatencyModel(latency_models);
}

LoaderOptions Builtins::MakeLoaderOptions() const {
  LoaderOptions options;
  options.policies.Set("arrival", SchemaValidator(arrivals))
      .Set("prompt_tokens", SchemaValidator(lengths))
      .Set("output_tokens", SchemaValidator(lengths))
      .Set("trace", SchemaValidator(traces))
      .Set("scheduler", SchemaValidator(schedulers))
      .Set("router", SchemaValidator(routers))
      .Set("latency", SchemaValidator(latency_models));
  options.extra_checks.push_back(CheckMemoryFits);
  options.build_check = [this](const Scenario& s, const Diagnostics& so_far, Diagnostics& out) {
    CheckPoliciesBuild(*this, s, so_far, out);
  };
  return options;
}

namespace {

bool AnyPathFailed(const Diagnostics& so_far, std::initializer_list<std::string_view> paths) {
  for (std::string_view path : paths) {
    if (detail::PathFailed(so_far, path)) return true;
  }
  return false;
}

// Builds `choice` with `registry` (from the typed options its validator read) into `out`,
// unless its own path already failed.
template <class Product, class... Context, class... Args>
void TryBuild(const Registry<Product, Context...>& registry, const PolicyChoice& choice,
              const Diagnostics& so_far, Diagnostics& out, const Args&... context) {
  if (choice.kind.empty() || detail::PathFailed(so_far, choice.path)) return;
  BuildPolicy(registry, choice, choice.path, out, context...);
}

}  // namespace

LatencyContext LatencyContextOf(const Scenario& s) {
  return {.model = s.model,
          .gpu = s.gpu,
          .deployment = s.deployment,
          .engine = s.engine,
          .base_dir = s.base_dir,
          .catalog_root = s.catalog_root};
}

void CheckPoliciesBuild(const Builtins& b, const Scenario& s, const Diagnostics& so_far,
                        Diagnostics& out) {
  const WorkloadContext workload{s.base_dir};
  const WorkloadSpec& w = s.workload;
  if (w.trace) TryBuild(b.traces, *w.trace, so_far, out, workload);
  if (w.arrival) TryBuild(b.arrivals, *w.arrival, so_far, out, workload);
  if (w.prompt_tokens) TryBuild(b.lengths, *w.prompt_tokens, so_far, out, workload);
  if (w.output_tokens) TryBuild(b.lengths, *w.output_tokens, so_far, out, workload);
  TryBuild(b.routers, s.router, so_far, out);
  if (!AnyPathFailed(so_far, {"engine"}))
    TryBuild(b.schedulers, s.scheduler, so_far, out, s.engine);
  if (!AnyPathFailed(so_far, {"model", "gpu", "deployment", "engine"})) {
    TryBuild(b.latency_models, s.latency, so_far, out, LatencyContextOf(s));
  }
}

void CheckMemoryFits(const Scenario& scenario, Diagnostics& diags) {
  const MemoryPlan plan = PlanMemory(scenario.model, scenario.gpu, scenario.deployment,
                                     MemorySettings::FromEngine(scenario.engine));
  if (!plan.fits) {
    diags.Add(scenario.LocOf("gpu"), "gpu",
              fmt::format("{}; expected a deployment whose weights and KV cache fit in memory",
                          plan.explanation));
  } else if (plan.num_kv_blocks > kMaxKvBlocksPerReplica) {
    // Block ids are int32 in the engine; memory is only spent on blocks a run touches.
    diags.Add(scenario.LocOf("gpu"), "gpu",
              fmt::format("the memory left for the KV cache holds {} blocks per replica, more than "
                          "the simulator's limit of {}; expected a GPU memory size a real GPU has",
                          plan.num_kv_blocks, kMaxKvBlocksPerReplica));
  }
}

}  // namespace gpuplan
