// The latency-model registry: `latency: {kind: roofline | fixed, options: {...}}` in a scenario
// selects a factory here. Each product is built for one replica: a model, a GPU, a deployment
// (TP, PP, dtypes) and an engine preset.
#pragma once

#include <memory>

#include "sim/catalog/specs.h"
#include "sim/latency/latency_model.h"
#include "sim/util/registry.h"

namespace gpuplan {

// What a latency model is built for. References: the caller keeps the specs alive during Make.
struct LatencyContext {
  const ModelSpec& model;
  const GpuSpec& gpu;
  const Deployment& deployment;
  const EngineSpec& engine;
  // Where a model's files are found (calibration bundles): the scenario's base_dir and the
  // catalog folder it was resolved against. Empty: paths are used as given.
  std::string base_dir = {};
  std::string catalog_root = {};
};

using LatencyModelPtr = std::shared_ptr<const LatencyModel>;
using LatencyRegistry = Registry<LatencyModelPtr, const LatencyContext&>;

constexpr const char* kLatencyRegistryKind = "latency model";

// Registers `roofline` (RooflineModel with RooflineOptionSpecs) and `fixed` (FixedLatencyModel).
void RegisterBuiltinLatencyModels(LatencyRegistry& registry);

}  // namespace gpuplan
