#include "sim/latency/latency_registry.h"

#include "sim/latency/fixed_model.h"
#include "sim/latency/roofline_model.h"

namespace gpuplan {

void RegisterBuiltinLatencyModels(LatencyRegistry& registry) {
  registry.Add(
      "roofline",
      "per-op roofline: max(FLOPs / achievable FLOP/s, bytes / achievable bandwidth) + fixed "
      "kernel costs, NCCL-protocol collectives, CPU overhead (docs/latency-model.md)",
      RooflineOptionSpecs(), ReadRooflineOptions,
      [](const RooflineOptions& options, const LatencyContext& c) -> LatencyModelPtr {
        return std::make_shared<RooflineModel>(c.model, c.gpu, c.deployment, c.engine, options);
      });
  registry.Add("fixed",
               "hand-set step time: overhead + prefill tokens x a + decode step + decodes x b",
               FixedLatencyOptionSpecs(), ReadFixedLatencyOptions,
               [](const FixedLatencyOptions& options, OptionReporter& reporter,
                  const LatencyContext&) -> LatencyModelPtr {
                 if (!CheckFixedLatencyOptions(options, reporter)) return nullptr;  // discarded
                 return std::make_shared<FixedLatencyModel>(options);
               });
}

}  // namespace gpuplan
