// The tables of docs/validation.md, computed from the measured data (no number in them is typed
// by hand). The document keeps its prose; each table sits between
//   <!-- BEGIN GENERATED name -->  and  <!-- END GENERATED name -->
// and `gpuplan calibration fidelity --out docs/validation.md` rewrites what is in between.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/calibration/allreduce_reference.h"
#include "sim/calibration/calibrated_fidelity.h"
#include "sim/calibration/roofline_fidelity.h"
#include "sim/calibration/splitwise_fidelity.h"
#include "sim/util/generated_sections.h"

namespace gpuplan {

struct RooflineCollectiveResult {
  std::string collective, gpu_key;
  CollectiveErrors errors;
};

struct FidelityResults {
  RooflineOptions roofline;  // the factors the roofline tables use (the defaults)
  RooflineVidurErrors roofline_ops;
  std::vector<RooflineCollectiveResult> roofline_collectives;
  CalibratedHeldOut calibrated;
  SplitwiseReport splitwise;
  RooflineFit fit;
  bool has_fit = false;
  std::vector<AllReducePoint> allreduce;  // the engine all-reduce reference rows (H100)
  GpuSpec allreduce_gpu;
  AllReduceFit allreduce_fit;  // when has_fit
};

// Section name -> markdown. Names: roofline-ops, roofline-collectives,
// roofline-collectives-by-size, calibrated-ops,
// calibrated-collectives, splitwise-prefill, splitwise-decode, splitwise-host, and
// engine-allreduce, and roofline-fit when the fit was run.
std::map<std::string, std::string> FidelityTables(const FidelityResults& results);

// The fit log, and whether each fitted factor matches the default within one grid step.
std::string FormatFitReport(const RooflineFit& fit, const RooflineOptions& defaults,
                            bool* defaults_match);

}  // namespace gpuplan
