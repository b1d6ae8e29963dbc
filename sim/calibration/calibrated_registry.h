// `latency: {kind: calibrated, options: {bundle: NAME-or-PATH, fallback: roofline, ...}}`.
//
// `bundle` names a calibration bundle folder:
//   - an absolute path is used as is;
//   - a relative path (one with a '/' or starting with '.') is resolved against the folder of
//     the file the option is written in (the scenario), or the working directory for --set;
//   - a bare name (e.g. vidur-llama-2-70b) is looked up as calibration/<gpu>/<name> in
//     $GPUPLAN_CONFIGS, then in every folder from the scenario's folder up to the root, both
//     directly and under configs/ (so configs/scenarios/*.yaml and tests/golden/*.yaml both find
//     the shipped configs/calibration/), then the same from the working directory.
// Every roofline option is accepted too and configures the fallback.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/calibration/bundle.h"
#include "sim/latency/latency_registry.h"

namespace gpuplan {

// Registers `calibrated` (CalibratedLatencyModel).
void RegisterCalibratedLatencyModel(LatencyRegistry& registry);

// The bundle folder `bundle` refers to for `gpu` (catalog name), or nullopt; `tried` gets every
// folder looked at, for the error message. `anchor_file` is the file the option came from ("" or
// "--set" for the command line).
std::optional<std::string> ResolveBundleDir(const std::string& bundle, const std::string& gpu,
                                            const std::string& anchor_file,
                                            std::vector<std::string>* tried);

// ReadBundle(dir), shared by every model built from the same unchanged folder in this process
// (a plan builds hundreds of scenarios on one bundle). Throws ConfigError like ReadBundle.
std::shared_ptr<const Bundle> LoadSharedBundle(const std::string& dir);

}  // namespace gpuplan
