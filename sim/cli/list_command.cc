// gpuplan list [--markdown | --limits]
#include <ostream>

#include "sim/cli/cli_support.h"
#include "sim/cli/input_limits.h"
#include "sim/cli/reference.h"

namespace gpuplan {

int RunListCommand(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("markdown", "print docs/config-reference.md instead")(
      "limits", "print docs/limits.md: every input's accepted range and size limit");
  AddCatalogOption(options);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, {},
                        "usage: gpuplan list [--markdown | --limits]\n\nLists every "
                        "catalog entry and every policy with its options.",
                        &vm, io)) {
    return 0;
  }
  if (vm.count("limits")) {
    io.out << InputLimitsMarkdown();
    return 0;
  }
  const Builtins builtins;
  const Catalog catalog = LoadCatalog(CatalogDir(vm));
  io.out << (vm.count("markdown") ? ConfigReferenceMarkdown(catalog, builtins)
                                  : ListText(catalog, builtins));
  return 0;
}

}  // namespace gpuplan
