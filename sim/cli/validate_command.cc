// gpuplan validate replay BATCHES.jsonl MEASURED.jsonl [--out REPORT.md]
#include <fmt/format.h>

#include <fstream>
#include <ostream>

#include "sim/cli/cli_support.h"
#include "sim/core/atomic_file.h"
#include "sim/core/error.h"
#include "sim/replay/batch_dump.h"
#include "sim/replay/replay_compare.h"

namespace gpuplan {
namespace {

constexpr const char* kUsage =
    "usage: gpuplan validate replay BATCHES.jsonl MEASURED.jsonl [--out REPORT.md]\n\n"
    "Compares the step times gpuplan predicted for a schedule (gpuplan simulate --dump-batches)\n"
    "with the times measured by running the same steps on a GPU (gpuplan-calibrate replay):\n"
    "relative error per step type, and TTFT/TPOT/E2E recomputed from both.";

std::ifstream OpenInput(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("cannot open {}", path));
  return in;
}

}  // namespace

int RunValidateCommand(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("what", po::value<std::string>()->required(), "what to validate: replay")(
      "batches", po::value<std::string>()->required(), "batch dump from gpuplan simulate")(
      "measured", po::value<std::string>()->required(), "measured step times")(
      "out", po::value<std::string>(), "also write the Markdown report here");
  po::positional_options_description positional;
  positional.add("what", 1).add("batches", 1).add("measured", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;
  if (vm["what"].as<std::string>() != "replay") {
    throw UsageError(
        fmt::format("unknown validation '{}'; expected: replay", vm["what"].as<std::string>()));
  }
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

}  // namespace gpuplan
