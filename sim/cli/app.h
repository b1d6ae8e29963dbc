// RunApp: parses the command line and runs a subcommand; returns the process exit code
// (0 ok, 1 runtime failure, 2 bad input or usage). Split from main() so tests can call it.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace gpuplan {

int RunApp(int argc, char** argv);
// The same, over explicit arguments (without the program name) and streams.
int RunApp(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace gpuplan
