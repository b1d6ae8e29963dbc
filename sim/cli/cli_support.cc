#include "sim/cli/cli_support.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
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

std::string CatalogDefaultScenario(const po::variables_map& vm) {
  return (std::filesystem::path(CatalogDir(vm)) / "scenarios" / "default.yaml").string();
}

std::vector<std::string> ListOptionValues(const po::variables_map& vm,
                                          const std::vector<std::string>& option_names) {
  std::vector<std::string> values;
  for (const std::string& option : option_names) {
    if (vm.count(option) == 0) continue;
    for (const std::string& value : vm[option].as<std::vector<std::string>>()) {
      size_t start = 0;
      while (start <= value.size()) {
        const size_t comma = std::min(value.find(',', start), value.size());
        std::string item = value.substr(start, comma - start);
        const size_t first = item.find_first_not_of(" \t");
        const size_t last = item.find_last_not_of(" \t");
        if (first != std::string::npos) values.push_back(item.substr(first, last - first + 1));
        start = comma + 1;
      }
    }
  }
  return values;
}

}  // namespace gpuplan
