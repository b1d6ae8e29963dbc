// Fuzz harness: the scenario YAML reader (LoadScenarioFromString), with the shipped catalog and
// every policy validator and build check `gpuplan simulate` uses. Relative paths in the input
// resolve inside the scratch folder, where nothing else is written.
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "sim/config/catalog_loader.h"
#include "sim/config/scenario.h"
#include "sim/runner/builtins.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gpuplan;
  static const Catalog catalog = LoadCatalog(GPUPLAN_FUZZ_CONFIGS_DIR);
  static const Builtins builtins;
  static const LoaderOptions options = builtins.MakeLoaderOptions();
  static const std::string pseudo_file = (fuzz::ScratchDir() / "scenario.yaml").string();
  fuzz::ExpectOnlyUserErrors(
      [&] { LoadScenarioFromString(fuzz::AsText(data, size), pseudo_file, {}, catalog, options); });
  return 0;
}
