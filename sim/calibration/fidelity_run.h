// Runs every fidelity comparison of docs/validation.md from the shared traces folder: the
// roofline and the calibrated model against Vidur's per-op profiles, and whole steps against
// Splitwise. The catalog specs are passed in so that the numbers are those users get.
#pragma once

#include <map>
#include <string>

#include "sim/calibration/fidelity_report.h"
#include "sim/catalog/specs.h"

namespace gpuplan {

struct FidelityRequest {
  std::string traces_dir;  // holds profiling/vidur and profiling/splitwise-sim
  GpuSpec h100, a100;      // the GPUs Vidur and Splitwise measured (SXM, 80 GB)
  // Splitwise model name ("llama2-70b", "bloom-176b") -> catalog model; others are skipped.
  std::map<std::string, ModelSpec> splitwise_models;
  EngineSpec engine;  // whose CPU costs the `engine` Splitwise variant adds
  // configs/calibration/reference/allreduce_h100.csv: engine all-reduce kernels on H100.
  std::string allreduce_reference;
  bool fit = true;  // also run the roofline fit (a few seconds)
};

FidelityResults RunFidelity(const FidelityRequest& request);

}  // namespace gpuplan
