// Shared pieces of the subcommands: option parsing with uniform errors, the catalog location.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "sim/cli/command.h"
#include "sim/config/catalog_loader.h"

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

}  // namespace gpuplan
