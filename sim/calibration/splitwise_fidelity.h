// gpuplan's whole-step predictions against Splitwise's measurements on DGX A100 and DGX H100
// (perf_model.csv): the prefill of `batch` prompts of `prompt` tokens in one step, and one decode
// iteration of `batch` sequences (predicted at the mean KV length over the generation,
// prompt + output / 2). Four predictions per row:
//   gpu_only    the roofline with no CPU costs (what the GPU alone would take);
//   engine      the roofline with the engine preset's CPU costs (vLLM's, as shipped);
//   calibrated  the calibrated model on the Vidur bundle of that GPU, no CPU costs;
//   overhead    calibrated plus a per-step CPU overhead fitted per GPU on the fit half of the
//               decode rows (the median residual), reported on the held-out half;
//   eager       calibrated without CUDA graphs, every kernel launched by the CPU at a cost
//               fitted per GPU on the fit half of the decode rows (kernel_launch_us, 0-80 us by
//               1 us, minimising the median error), so a step takes max(GPU, launches) plus the
//               fixed costs; reported on the held-out half;
//   roofline_eager  the same with the roofline (GPU only) in place of the calibrated model, and
//               its own fitted launch cost.
// Rows alternate between the fit and the held-out half within each (model, GPU, TP) group.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/bundle/bundle.h"
#include "sim/calibration/reference_data.h"
#include "sim/catalog/specs.h"
#include "sim/latency/error_stats.h"

namespace gpuplan {

// What the comparison needs, resolved by the caller from the catalog and the Vidur data.
struct SplitwiseSetup {
  std::map<std::string, ModelSpec> models;       // Splitwise model name -> catalog model
  std::map<std::string, GpuSpec> gpus;           // Splitwise hardware -> catalog GPU
  std::map<std::string, const Bundle*> bundles;  // Splitwise hardware -> bundle
  EngineSpec engine;                             // for the `engine` variant
};

struct SplitwiseErrors {
  ErrorAccumulator prefill, decode;
};

struct SplitwiseGroup {
  std::string model, hardware;
  int tp = 0;
  size_t rows = 0;
  SplitwiseErrors gpu_only, engine, calibrated;
  SplitwiseErrors overhead, eager, roofline_eager;  // held-out half only
  double prefill_measured_share = 0;                // calibrated model, mean over rows
  double decode_measured_share = 0;
};

struct SplitwiseReport {
  std::vector<SplitwiseGroup> groups;
  std::map<std::string, double> fitted_overhead_ms;         // per hardware
  std::map<std::string, double> fitted_launch_us;           // per hardware (calibrated)
  std::map<std::string, double> fitted_roofline_launch_us;  // per hardware (roofline)
  std::vector<std::string> skipped;                         // why rows were left out
};

// Rows of hardware or models missing from `setup` are skipped (and said so).
SplitwiseReport CompareWithSplitwise(const std::vector<SplitwiseRow>& rows,
                                     const SplitwiseSetup& setup);

}  // namespace gpuplan
