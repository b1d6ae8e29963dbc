// gpuplan simulate SCENARIO.yaml [--set path=value ...] [--seed N] [--out DIR]
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <ostream>

#include "sim/cli/cli_support.h"
#include "sim/cli/run_output.h"
#include "sim/config/scenario.h"
#include "sim/core/atomic_file.h"
#include "sim/core/error.h"
#include "sim/runner/batch_dump_observer.h"
#include "sim/runner/builtins.h"
#include "sim/runner/scenario_run.h"

namespace gpuplan {
namespace {

constexpr const char* kUsage =
    "usage: gpuplan simulate SCENARIO.yaml [--set path=value ...] [--seed N] [--out DIR]\n\n"
    "Simulates one scenario and writes summary.json, requests.csv, timeseries.csv and\n"
    "resolved_scenario.yaml to DIR, then prints a summary.";

std::map<std::string, std::string> DumpMeta(const Scenario& s, uint64_t seed) {
  return {{"model", s.model.name},
          {"gpu", s.gpu.name},
          {"tensor_parallel", std::to_string(s.deployment.tensor_parallel)},
          {"pipeline_parallel", std::to_string(s.deployment.pipeline_parallel)},
          {"block_size", std::to_string(s.engine.block_size)},
          {"weight_dtype", std::string(DtypeName(s.deployment.weight_dtype))},
          {"kv_dtype", std::string(DtypeName(s.deployment.kv_dtype))},
          {"scenario", s.name},
          {"seed", std::to_string(seed)},
          {"gpuplan_version", GPUPLAN_VERSION}};
}

void PrintHeader(const PreparedScenario& p, std::ostream& out) {
  const Scenario& s = p.scenario();
  const MemoryPlan& m = p.memory();
  out << fmt::format("scenario   {}\n", s.name);
  out << fmt::format("deployment {} x {} (TP {}, PP {}) on {}, {} {}\n", s.deployment.replicas,
                     s.model.display_name, s.deployment.tensor_parallel,
                     s.deployment.pipeline_parallel, s.gpu.display_name, s.engine.name,
                     s.scheduler.kind);
  out << fmt::format(
      "memory     {:.1f} GiB weights + {:.1f} GiB KV per GPU: {} blocks of {} tokens "
      "({} tokens) per replica\n",
      m.weight_bytes / 1073741824.0, m.kv_budget_bytes / 1073741824.0, m.num_kv_blocks,
      m.block_size, m.max_kv_tokens);
  out << fmt::format(
      "kv cache   {} rule on {:.2f} GiB reported, {:.1f} GiB runtime memory; the engine would "
      "log \"{}\"\n",
      KvMemoryRuleName(m.rule), m.total_bytes / 1073741824.0,
      m.activation_reserve_bytes / 1073741824.0, m.EngineLogLine());
  out << fmt::format("workload   {}\n\n", p.workload().Describe());
}

// Removes a temporary file unless released: a failed run leaves no half-written dump behind.
class TempFileGuard {
 public:
  ~TempFileGuard() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove(path_, ignored);
  }
  void Arm(std::filesystem::path path) { path_ = std::move(path); }
  void Release() { path_.clear(); }

 private:
  std::filesystem::path path_;
};

}  // namespace

int RunSimulateCommand(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("scenario", po::value<std::string>()->required(), "scenario YAML file")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario value: --set engine.max_num_seqs=128 (repeatable)")(
      "seed", po::value<uint64_t>(), "random seed (overrides simulation.seed)")(
      "out", po::value<std::string>()->default_value("out/simulate"), "output folder")(
      "dump-batches", po::value<std::string>(),
      "also write every simulated step as JSON lines (docs/replay-format.md)")(
      "quiet,q", "print nothing on success");
  AddCatalogOption(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;

  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed"))
    sets.push_back(fmt::format("simulation.seed={}", vm["seed"].as<uint64_t>()));

  const Builtins builtins;
  const Catalog catalog = LoadCatalog(CatalogDir(vm));
  const Scenario scenario =
      LoadScenario(vm["scenario"].as<std::string>(), sets, catalog, builtins.MakeLoaderOptions());
  const PreparedScenario prepared(scenario, builtins);
  const uint64_t seed = scenario.simulation.seed;

  AtomicOutputDir out_dir(vm["out"].as<std::string>());
  std::ofstream dump_stream;
  std::unique_ptr<BatchDumpObserver> dump;
  std::filesystem::path dump_path;
  std::filesystem::path dump_temp;
  TempFileGuard dump_guard;
  if (vm.count("dump-batches")) {
    dump_path = vm["dump-batches"].as<std::string>();
    dump_temp = dump_path;
    dump_temp += fmt::format(".tmp-{}", ::getpid());
    dump_stream.open(dump_temp);
    dump_guard.Arm(dump_temp);
    if (!dump_stream) throw Error(fmt::format("cannot write {}", dump_temp.string()));
    dump = std::make_unique<BatchDumpObserver>(dump_stream, DumpMeta(scenario, seed));
  }
  const ScenarioRun run = StageRunOutput(prepared, out_dir, "", dump.get());

  out_dir.Commit();
  if (dump) {
    dump_stream.close();
    if (!dump_stream) throw Error(fmt::format("could not write {}", dump_temp.string()));
    std::filesystem::rename(dump_temp, dump_path);
    dump_guard.Release();
  }

  if (!vm.count("quiet")) {
    PrintHeader(prepared, io.out);
    io.out << FormatSummaryTable(run.result);
    if (scenario.latency.kind == "calibrated") {  // the roofline and fixed models measure nothing
      io.out << fmt::format(
          "\nlatency    {:.1f}% of the predicted step time came from measured op times (the rest "
          "from the roofline)\n",
          100 * run.ops.MeasuredShare());
    }
    io.out << fmt::format("\nwrote {}/{}\n", vm["out"].as<std::string>(), kRunOutputFiles);
  }
  return 0;
}

}  // namespace gpuplan
