// A subcommand of `gpuplan`: a name, a one-line summary, and a function over the arguments that
// follow the name. Commands write to the given streams and return an exit code; they throw
// UsageError / ConfigError for bad input (RunApp maps those to exit code 2).
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace gpuplan {

struct CommandIo {
  std::ostream& out;
  std::ostream& err;
};

struct Command {
  std::string name;
  std::string summary;
  std::function<int(const std::vector<std::string>& args, CommandIo io)> run;
};

// Every subcommand, in the order `gpuplan --help` lists them.
std::vector<Command> AllCommands();

int RunSimulateCommand(const std::vector<std::string>& args, CommandIo io);
int RunListCommand(const std::vector<std::string>& args, CommandIo io);
int RunCalibrationCommand(const std::vector<std::string>& args, CommandIo io);
int RunValidateCommand(const std::vector<std::string>& args, CommandIo io);
int RunValidateServing(const std::vector<std::string>& args, CommandIo io);
int RunPlanCommand(const std::vector<std::string>& args, CommandIo io);
int RunReportCommand(const std::vector<std::string>& args, CommandIo io);
int RunCompareCommand(const std::vector<std::string>& args, CommandIo io);
int RunInitCommand(const std::vector<std::string>& args, CommandIo io);

}  // namespace gpuplan
