// Fuzz harness: the plan YAML reader (LoadPlanFromString), with the shipped catalog and the
// loader options `gpuplan plan` uses. Relative paths in the input resolve inside the scratch
// folder, where nothing else is written.
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "sim/config/catalog_loader.h"
#include "sim/config/plan_spec.h"
#include "sim/plan/candidates.h"
#include "sim/runner/builtins.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gpuplan;
  static const Catalog catalog = LoadCatalog(GPUPLAN_FUZZ_CONFIGS_DIR);
  static const Builtins builtins;
  static const LoaderOptions options = PlanLoaderOptions(builtins);
  static const std::string pseudo_file = (fuzz::ScratchDir() / "plan.yaml").string();
  fuzz::ExpectOnlyUserErrors(
      [&] { LoadPlanFromString(fuzz::AsText(data, size), pseudo_file, {}, catalog, options); });
  return 0;
}
