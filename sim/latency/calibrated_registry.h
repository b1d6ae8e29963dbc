// `latency: {kind: calibrated, options: {bundle: NAME-or-PATH, fallback: roofline, ...}}`.
//
// `bundle` names a calibration bundle folder:
//   - an absolute path is used as is;
//   - a relative path (one with a '/' or starting with '.') is resolved against the scenario's
//     base_dir (its folder unless it says otherwise), like every other path in a scenario;
//   - a bare name (e.g. vidur-llama-2-70b) is looked up as calibration/<gpu>/<name> in the
//     catalog the scenario was resolved against (--configs, $GPUPLAN_CONFIGS as the command line
//     reads it, or the shipped configs/), then in every folder from base_dir up to the root,
//     directly and under configs/ (so a scenario beside its own calibration/ folder finds it).
// Nothing here reads the environment or the working directory: the command line decides both.
// Every roofline option is accepted too and configures the fallback.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/bundle/bundle.h"
#include "sim/latency/latency_registry.h"
#include "sim/latency/roofline_options.h"

namespace gpuplan {

// Registers `calibrated` (CalibratedLatencyModel).
void RegisterCalibratedLatencyModel(LatencyRegistry& registry);

// The typed options of `kind: calibrated`: the bundle as written (a name or a folder; found for
// the GPU when the model is built) and the roofline options of the fallback.
struct CalibratedOptions {
  std::string bundle;
  RooflineOptions fallback;
};
CalibratedOptions ReadCalibratedOptions(OptionReader& reader);

// Where ResolveBundleDir looks (see the top of this file).
struct BundleSearch {
  std::string base_dir;      // the scenario's base_dir; "" uses relative paths as given
  std::string catalog_root;  // Catalog::root; "" skips the catalog
};

// The bundle folder `bundle` refers to for `gpu` (catalog name), or nullopt; `tried` gets every
// folder looked at, for the error message.
std::optional<std::string> ResolveBundleDir(const std::string& bundle, const std::string& gpu,
                                            const BundleSearch& where,
                                            std::vector<std::string>* tried);

// ReadBundle(dir), shared by every model built from the same unchanged folder in this process
// (a plan builds hundreds of scenarios on one bundle). Throws ConfigError like ReadBundle.
std::shared_ptr<const Bundle> LoadSharedBundle(const std::string& dir);

// What a load-test fit (`gpuplan calibration fit-serving`) builds its candidate models from: the
// scenario's bundle (an empty one for `kind: roofline`) and its roofline options. Throws
// ConfigError for another kind, or when the bundle cannot be read.
struct ServingFitBase {
  std::shared_ptr<const Bundle> bundle;
  std::string bundle_dir;  // "" for the roofline
  RooflineOptions fallback;
};
ServingFitBase ServingFitBaseOf(const std::string& kind, const ParamTable& options,
                                const LatencyContext& c);

}  // namespace gpuplan
