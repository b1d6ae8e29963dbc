#include "sim/cli/cli_support.h"

#include <cstdlib>
#include <ostream>

#include "sim/core/error.h"

namespace gpuplan {

bool ParseCommandLine(const std::vector<std::string>& args, const po::options_description& options,
                      const po::positional_options_description& positional,
                      const std::string& usage, po::variables_map* vm, CommandIo io) {
  po::options_description all = options;
  all.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), *vm);
    if (vm->count("help")) {
      io.out << usage << "\n\n" << all << "\n";
      return false;
    }
    po::notify(*vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + "; see --help");
  }
  return true;
}

void AddCatalogOption(po::options_description& options) {
  options.add_options()("configs", po::value<std::string>(),
                        "catalog folder with gpus/, models/, engines/ (default: $GPUPLAN_CONFIGS "
                        "or the shipped configs/)");
}

std::string CatalogDir(const po::variables_map& vm) {
  if (vm.count("configs")) return vm["configs"].as<std::string>();
  if (const char* env = std::getenv("GPUPLAN_CONFIGS"); env != nullptr && *env != '\0') {
    return env;
  }
  return GPUPLAN_DEFAULT_CONFIGS;
}

}  // namespace gpuplan
