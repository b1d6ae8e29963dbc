#include "sim/cli/app.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "sim/cli/command.h"
#include "sim/core/error.h"
#include "sim/core/suggest.h"

namespace gpuplan {
namespace {

std::string Usage(const std::vector<Command>& commands) {
  std::string text =
      "gpuplan: GPU capacity planning for LLM inference serving\n\n"
      "usage: gpuplan <command> [options]\n\ncommands:\n";
  for (const Command& c : commands) text += fmt::format("  {:<12} {}\n", c.name, c.summary);
  text += "\nRun `gpuplan <command> --help` for a command's options.\n";
  return text;
}

int Dispatch(const std::vector<std::string>& args, CommandIo io) {
  const std::vector<Command> commands = AllCommands();
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    io.out << Usage(commands);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    io.out << "gpuplan " << GPUPLAN_VERSION << "\n";
    return 0;
  }
  std::vector<std::string> names;
  for (const Command& c : commands) {
    names.push_back(c.name);
    if (c.name == args[0]) return c.run({args.begin() + 1, args.end()}, io);
  }
  throw UsageError(fmt::format("unknown command '{}'{}; expected one of: {}", args[0],
                               DidYouMean(args[0], names), JoinNames(names)));
}

}  // namespace

std::vector<Command> AllCommands() {
  return {
      {"simulate", "simulate one scenario and write its metrics", RunSimulateCommand},
      {"list", "list catalog entries and policies with their options", RunListCommand},
      {"calibration", "show, validate, diff and import calibration bundles; fidelity tables",
       RunCalibrationCommand},
      {"validate",
       "compare predictions with measurements: real serving runs (serving), step times (replay)",
       RunValidateCommand},
      {"compare", "a real load test (vllm bench serve result) against the simulation of its load",
       RunCompareCommand},
      {"init", "write a commented plan or scenario file to start from", RunInitCommand},
      {"plan", "find the cheapest GPU fleet that meets latency targets at peak traffic",
       RunPlanCommand},
      {"report", "render a plan or simulate output folder as report.html and report.md",
       RunReportCommand},
  };
}

int RunApp(int argc, char** argv) {
  return RunApp(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}

int RunApp(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandIo io{out, err};
  try {
    return Dispatch(args, io);
  } catch (const ConfigError& e) {
    const std::vector<Diagnostic>& all = e.diagnostics();
    const size_t shown = std::min(all.size(), kMaxShownDiagnostics);
    for (size_t i = 0; i < shown; ++i) io.err << "error: " << all[i].ToString() << "\n";
    if (shown < all.size()) io.err << "error: " << NotShownLine(all.size()) << "\n";
    if (e.diagnostics().size() > 1) {
      io.err << fmt::format("{} errors; nothing was run\n", e.diagnostics().size());
    }
    return 2;
  } catch (const UsageError& e) {
    io.err << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    io.err << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace gpuplan
