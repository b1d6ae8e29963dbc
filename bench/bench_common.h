// Shared helpers of the gpuplan benchmarks: locating the catalog and traces (compile-time paths,
// never the working directory), loading a scenario through the real config pipeline, and reading
// the process's peak resident set size.
#pragma once

#include <sys/resource.h>

#include <string>

#include "sim/config/catalog_loader.h"
#include "sim/config/scenario.h"
#include "sim/runner/builtins.h"

namespace gpuplan::bench {

inline std::string ConfigsDir() { return std::string(GPUPLAN_SOURCE_DIR) + "/configs"; }
inline std::string TracesDir() { return GPUPLAN_TRACES_DIR; }

// The catalog is read once per process: every benchmark shares it.
inline const Catalog& SharedCatalog() {
  static const Catalog catalog = LoadCatalog(ConfigsDir());
  return catalog;
}

// Builtins are not copyable and a PreparedScenario keeps a reference to them, so one instance
// lives for the whole process.
inline const Builtins& SharedBuiltins() {
  static const Builtins builtins;
  return builtins;
}

// Loads a scenario from YAML text through the same loader, checks and catalog as `gpuplan
// simulate`. Relative paths in the text resolve against the source tree.
inline Scenario LoadBenchScenario(const std::string& yaml) {
  return LoadScenarioFromString(yaml, std::string(GPUPLAN_SOURCE_DIR) + "/bench/bench.yaml", {},
                                SharedCatalog(), SharedBuiltins().MakeLoaderOptions());
}

// Peak resident set size of this process so far, in MiB (Linux reports ru_maxrss in KiB).
inline double PeakRssMib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace gpuplan::bench
