#include "sim/latency/latency_registry.h"

#include "sim/latency/fixed_model.h"
#include "sim/latency/roofline_model.h"

namespace gpuplan {

void RegisterBuiltinLatencyModels(LatencyRegistry& registry) {
  registry.Add({
      "roofline",
      "per-op roofline: max(FLOPs / achievable FLOP/s, bytes / achievable bandwidth) + fixed "
      "kernel costs, NCCL-protocol collectives, CPU overhead (docs/latency-model.md)",
      RooflineOptionSpecs(),
      [](OptionReader& reader, const LatencyContext& c) -> LatencyModelPtr {
        const size_t errors_before = reader.diagnostics().size();
        const RooflineOptions options = ReadRooflineOptions(reader);
        if (reader.diagnostics().size() != errors_before) return nullptr;  // discarded
        return std::make_shared<RooflineModel>(c.model, c.gpu, c.deployment, c.engine, options);
      },
  });
  registry.Add({
      "fixed",
      "hand-set step time: overhead + prefill tokens x a + decode step + decodes x b",
      FixedLatencyOptionSpecs(),
      [](OptionReader& reader, const LatencyContext&) -> LatencyModelPtr {
        const size_t errors_before = reader.diagnostics().size();
        const FixedLatencyOptions options = ReadFixedLatencyOptions(reader);
        if (reader.diagnostics().size() != errors_before) return nullptr;  // discarded
        return std::make_shared<FixedLatencyModel>(options);
      },
  });
}

}  // namespace gpuplan
