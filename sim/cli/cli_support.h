// Shared pieces of the subcommands: option parsing with uniform errors, the catalog location,
// list-valued options and catalog names given on the command line.
#pragma once

#include <boost/program_options.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cli/command.h"
#include "sim/config/catalog_loader.h"
#include "sim/core/error.h"
#include "sim/core/suggest.h"

namespace gpuplan {

namespace po = boost::program_options;

// Parses `args` against `options` (and positional names); --help prints `usage` + options and
// returns false. Unknown or malformed options become UsageError.
bool ParseCommandLine(const std::vector<std::string>& args, const po::options_description& options,
                      const po::positional_options_description& positional,
                      const std::string& usage, po::variables_map* vm, CommandIo io);

// The catalog folder: --configs, else $GPUPLAN_CONFIGS, else the source tree's configs/.
std::string CatalogDir(const po::variables_map& vm);
void AddCatalogOption(po::options_description& options);

// The shipped default scenario of the catalog in use: CATALOG/scenarios/default.yaml.
std::string CatalogDefaultScenario(const po::variables_map& vm);

// The values of list options, option by option in the order named, each value possibly a comma
// list: `--gpu a --gpus b,c` gives a, b, c (blanks dropped). Options not given are skipped.
std::vector<std::string> ListOptionValues(const po::variables_map& vm,
                                          const std::vector<std::string>& option_names);

// Reports, located at `option` (printed as `--gpus: unknown gpu ...`), each name that is not in
// the catalog map, with the catalog's "did you mean" and the valid names, as plan and scenario
// files report them.
template <class Spec>
void CheckCatalogNames(const std::vector<std::string>& names,
                       const std::map<std::string, Spec>& entries, std::string_view noun,
                       const std::string& option, Diagnostics& diags) {
  const std::vector<std::string> valid = CatalogNames(entries);
  for (const std::string& name : names) {
    if (entries.count(name) != 0) continue;
    diags.Add(SourceLoc{option, 0, 0}, "",
              fmt::format("unknown {} '{}'{}; expected one of: {}", noun, name,
                          DidYouMean(name, valid), JoinNames(valid)));
  }
}

}  // namespace gpuplan
