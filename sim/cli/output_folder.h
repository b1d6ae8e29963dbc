// The output folder (--out DIR) of the commands that write one through AtomicOutputDir: their
// --force option, and the options that let the folder be replaced by the next run into it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sim/cli/cli_support.h"
#include "sim/util/atomic_file.h"

namespace gpuplan {

inline constexpr const char* kForceOutHelp =
    "replace --out even when it is a non-empty folder gpuplan did not write (never the current, "
    "home or root folder, nor one holding an input)";

// Adds --force with kForceOutHelp (a command with a --force of its own describes both meanings).
void AddForceOutOption(po::options_description& options);

// What `command`'s output folder may replace: --force, the catalog folder and `inputs` (the
// files named on the command line) as folders never to replace, the names gpuplan's output
// folders held before they carried the marker, and the marker's command and version.
OutputDirOptions OutputFolderOptions(const po::variables_map& vm, const std::string& command,
                                     std::vector<std::filesystem::path> inputs);

}  // namespace gpuplan
