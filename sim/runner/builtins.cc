#include "sim/runner/builtins.h"

#include <fmt/format.h>

#include "sim/calibration/calibrated_registry.h"
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
  return options;
}

void CheckMemoryFits(const Scenario& scenario, Diagnostics& diags) {
  const MemoryPlan plan = PlanMemory(scenario.model, scenario.gpu, scenario.deployment,
                                     MemorySettings::FromEngine(scenario.engine));
  if (!plan.fits) {
    diags.Add(scenario.LocOf("gpu"), "gpu",
              fmt::format("{}; expected a deployment whose weights and KV cache fit in memory",
                          plan.explanation));
  }
}

}  // namespace gpuplan
