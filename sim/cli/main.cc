// gpuplan: the command-line entry point. The one composition root: it registers the built-in
// policies, dispatches subcommands, and is the only place that chooses exit codes.
#include "sim/cli/app.h"

int main(int argc, char** argv) { return gpuplan::RunApp(argc, argv); }
