// gpuplan validate replay BATCHES.jsonl MEASURED.jsonl [--out REPORT.md]
// gpuplan validate serving SERVING.csv [...]   (validate_serving_command.cc)
#include <fmt/format.h>

#include <fstream>
#include <ostream>

#include "sim/cli/cli_support.h"
#include "sim/core/error.h"
#include "sim/replay/batch_dump.h"
#include "sim/replay/replay_compare.h"
#include "sim/util/atomic_file.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

constexpr const char* kUsage =
    "usage: gpuplan validate replay BATCHES.jsonl MEASURED.jsonl [--out REPORT.md]\n"
    "       gpuplan validate serving SERVING.csv [--sets S,...] [--out DIR] [--doc|--check DOC]\n\n"
    "replay:  compares the step times gpuplan predicted for a schedule (gpuplan simulate\n"
    "         --dump-batches) with the times measured by running the same steps on a GPU.\n"
    "serving: replays published real serving runs (../shared/validation/serving.csv) and\n"
    "         reports how far gpuplan's predictions are from what was measured.\n"
    "Run `gpuplan validate <what> --help` for the options.";

constexpr const char* kReplayUsage =
    "usage: gpuplan validate replay BATCHES.jsonl MEASURED.jsonl [--out REPORT.md]\n\n"
    "Compares the step times gpuplan predicted for a schedule (gpuplan simulate --dump-batches)\n"
    "with the times measured by running the same steps on a GPU (gpuplan-calibrate replay):\n"
    "relative error per step type, and TTFT/TPOT/E2E recomputed from both.";

std::ifstream OpenInput(const std::string& path) {
  if (const std::optional<std::string> problem = InputFileProblem(path, 0)) {
    throw UsageError(fmt::format("{}: {}", path, *problem));
  }
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("cannot open {}", path));
  return in;
}

int RunValidateReplay(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("batches", po::value<std::string>()->required(),
                        "batch dump from gpuplan simulate")(
      "measured", po::value<std::string>()->required(), "measured step times")(
      "out", po::value<std::string>(), "also write the Markdown report here");
  po::positional_options_description positional;
  positional.add("batches", 1).add("measured", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kReplayUsage, &vm, io)) return 0;
  const std::string batches_path = vm["batches"].as<std::string>();
  const std::string measured_path = vm["measured"].as<std::string>();
  std::ifstream batches_in = OpenInput(batches_path);
  std::ifstream measured_in = OpenInput(measured_path);
  BatchDump dump;
  MeasuredSteps measured;
  try {
    dump = ReadBatchDump(batches_in, batches_path);
    measured = ReadMeasuredSteps(measured_in, measured_path);
  } catch (const Error& e) {
    throw ConfigError(e.what());  // malformed input files are bad input: exit code 2
  }
  const std::string report = FormatReplayReport(CompareReplay(dump, measured));
  io.out << report;
  if (vm.count("out")) WriteFileAtomic(vm["out"].as<std::string>(), report);
  return 0;
}

}  // namespace

int RunValidateCommand(const std::vector<std::string>& args, CommandIo io) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    io.out << kUsage << "\n";
    return args.empty() ? 2 : 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "replay") return RunValidateReplay(rest, io);
  if (args[0] == "serving") return RunValidateServing(rest, io);
  throw UsageError(fmt::format("unknown validation '{}'; expected: replay, serving", args[0]));
}

}  // namespace gpuplan
