// RunApp: parses the command line and runs a subcommand; returns the process exit code
// (0 ok, 1 runtime failure, 2 bad input or usage). Split from main() so tests can call it.
#pragma once

namespace gpuplan {

int RunApp(int argc, char** argv);

}  // namespace gpuplan
