// The catalog: every GPU, model and engine preset a scenario can name, loaded from
// configs_dir/{gpus,models,engines}/*.yaml (one entry per file, `name` equal to the file stem,
// fields as in sim/catalog/specs.h plus a `sources:` map of field -> citation).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/catalog/specs.h"

namespace gpuplan {

// Entries by name; std::map so that listings are sorted and deterministic. Immutable once loaded:
// a plan's worker threads share one Catalog read-only.
struct Catalog {
  std::string root;  // the folder it was read from (calibration bundles are looked up below it)
  std::map<std::string, GpuSpec> gpus;
  std::map<std::string, ModelSpec> models;
  std::map<std::string, EngineSpec> engines;
};

// Reads every *.yaml file of configs_dir/gpus, configs_dir/models and configs_dir/engines (other
// files are ignored). Required fields, types, ranges, unknown keys ("did you mean"), duplicate
// keys and `name` == file stem are checked; all problems of all files are reported together in
// one ConfigError. A missing folder is an error.
Catalog LoadCatalog(const std::string& configs_dir);

// The names in a catalog map, sorted ("a100_sxm, h100_sxm" listings, suggestions).
template <class Spec>
std::vector<std::string> CatalogNames(const std::map<std::string, Spec>& entries) {
  std::vector<std::string> names;
  for (const auto& entry : entries) names.push_back(entry.first);
  return names;
}

}  // namespace gpuplan
