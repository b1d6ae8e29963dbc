#include "sim/cli/output_folder.h"

#include <utility>

namespace gpuplan {

void AddForceOutOption(po::options_description& options) {
  options.add_options()("force", kForceOutHelp);
}

OutputDirOptions OutputFolderOptions(const po::variables_map& vm, const std::string& command,
                                     std::vector<std::filesystem::path> inputs) {
  inputs.emplace_back(CatalogDir(vm));
  return {
      .command = command,
      .version = GPUPLAN_VERSION,
      .force = vm.count("force") > 0,
      .inputs = std::move(inputs),
      // Everything simulate, plan, compare, validate serving and report put at the top of a
      // folder; folders from before the marker hold only these, and one of the first four.
      .legacy_names = {"summary.json",
                       "plan.json",
                       "compare.json",
                       "predicted_vs_measured.svg",
                       "requests.csv",
                       "timeseries.csv",
                       "resolved_scenario.yaml",
                       "vllm_bench.json",
                       "candidates.csv",
                       "pareto.csv",
                       "recommended",
                       "deployment",
                       "compare.csv",
                       "compare_requests.csv",
                       "simulated_bench.json",
                       "rows.csv",
                       "summary.md",
                       "scenarios",
                       "report.html",
                       "report.md",
                       "figures"},
      .legacy_signatures = {"summary.json", "plan.json", "compare.json",
                            "predicted_vs_measured.svg"},
  };
}

}  // namespace gpuplan
