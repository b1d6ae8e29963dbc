// gpuplan simulate SCENARIO.yaml [--set path=value ...] [--seed N] [--out DIR]
//                  [--dump-batches FILE] [--trace FILE]
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>

#include "sim/cli/cli_support.h"
#include "sim/cli/output_folder.h"
#include "sim/cli/run_output.h"
#include "sim/config/scenario.h"
#include "sim/core/error.h"
#include "sim/loadtest/simulated_bench.h"
#include "sim/runner/batch_dump_observer.h"
#include "sim/runner/builtins.h"
#include "sim/runner/perfetto_trace.h"
#include "sim/runner/scenario_run.h"
#include "sim/util/atomic_file.h"
#include "sim/util/options.h"

namespace gpuplan {
namespace {

constexpr const char* kUsage =
    "usage: gpuplan simulate SCENARIO.yaml [--set path=value ...] [--seed N] [--out DIR]\n"
    "                        [--force] [--dump-batches FILE] [--trace FILE]\n\n"
    "Simulates one scenario and writes summary.json, requests.csv, timeseries.csv and\n"
    "resolved_scenario.yaml to DIR, then prints a summary. DIR is replaced whole: afterwards it\n"
    "holds this run's files only; a non-empty folder gpuplan did not write needs --force.";

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

// A file written beside its final name and renamed into place by Commit(): a failed run leaves
// no half-written file behind (nor a stale one replaced).
class StreamedFile {
 public:
  explicit StreamedFile(std::filesystem::path path) : path_(std::move(path)) {
    if (const std::string problem = RenameTargetProblem(path_); !problem.empty()) {
      throw UsageError(fmt::format("{}: {}", path_.string(), problem));
    }
    temp_ = path_;
    temp_ += fmt::format(".tmp-{}", ::getpid());
    stream_.open(temp_);
    if (!stream_) throw Error(fmt::format("cannot write {}", temp_.string()));
  }
  ~StreamedFile() {
    std::error_code ignored;
    if (!committed_) std::filesystem::remove(temp_, ignored);
  }
  StreamedFile(const StreamedFile&) = delete;
  StreamedFile& operator=(const StreamedFile&) = delete;

  std::ostream& stream() { return stream_; }
  void Commit() {
    stream_.close();
    if (!stream_) throw Error(fmt::format("could not write {}", temp_.string()));
    std::filesystem::rename(temp_, path_);
    committed_ = true;
  }

 private:
  std::filesystem::path path_, temp_;
  std::ofstream stream_;
  bool committed_ = false;
};

std::string TraceLabel(const Scenario& s) {
  return fmt::format("{}: {} TP{} PP{} on {}, {}", s.name, s.model.display_name,
                     s.deployment.tensor_parallel, s.deployment.pipeline_parallel,
                     s.gpu.display_name, s.engine.name);
}

// --seed's value, checked here so that a bad one is blamed on --seed, not on the --set it
// becomes. program_options' own unsigned parse would wrap "-1" round to 2^64-1.
std::string SeedArgument(const std::string& text) {
  const std::optional<int64_t> seed = ParseInt(text);
  if (!seed || *seed < 0) {
    throw UsageError(fmt::format("--seed '{}' is not a whole number >= 0; expected 0 to {}",
                                 ElideLongWords(text), INT64_MAX));
  }
  return std::to_string(*seed);
}

}  // namespace

int RunSimulateCommand(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("scenario", po::value<std::string>()->required(), "scenario YAML file")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario value: --set engine.max_num_seqs=128 (repeatable)")(
      "seed", po::value<std::string>(), "random seed, 0 to 2^63-1 (overrides simulation.seed)")(
      "out", po::value<std::string>()->default_value("out/simulate"), "output folder")(
      "dump-batches", po::value<std::string>(),
      "also write every simulated step as JSON lines (docs/replay-format.md)")(
      "format", po::value<std::string>()->default_value("gpuplan"),
      "gpuplan (summary.json, requests.csv, ...), or vllm-bench to also write vllm_bench.json: the "
      "run as vllm bench serve --save-result --save-detailed writes it")(
      "trace", po::value<std::string>(),
      "also write a Chrome/Perfetto trace of the run (steps, requests, KV use) to open in "
      "ui.perfetto.dev")("quiet,q", "print nothing on success");
  AddCatalogOption(options);
  AddForceOutOption(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;

  const std::string format = vm["format"].as<std::string>();
  if (format != "gpuplan" && format != "vllm-bench") {
    throw UsageError(
        fmt::format("--format '{}' is not supported; expected gpuplan or vllm-bench", format));
  }
  // Checked before anything is loaded or run: an unusable --out costs nothing.
  AtomicOutputDir out_dir(vm["out"].as<std::string>(),
                          OutputFolderOptions(vm, "simulate", {vm["scenario"].as<std::string>()}));
  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed"))
    sets.push_back("simulation.seed=" + SeedArgument(vm["seed"].as<std::string>()));

  const Builtins builtins;
  const Catalog catalog = LoadCatalog(CatalogDir(vm));
  const Scenario scenario =
      LoadScenario(vm["scenario"].as<std::string>(), sets, catalog, builtins.MakeLoaderOptions());
  const PreparedScenario prepared(scenario, builtins);
  const uint64_t seed = scenario.simulation.seed;

  RunWatchers watchers;
  std::unique_ptr<StreamedFile> dump_file, trace_file;
  std::unique_ptr<BatchDumpObserver> dump;
  std::unique_ptr<PerfettoTrace> trace;
  if (vm.count("dump-batches")) {
    // A dump inside DIR is written into the staged folder, so that the swap keeps it.
    dump_file =
        std::make_unique<StreamedFile>(out_dir.StagedPathOf(vm["dump-batches"].as<std::string>()));
    dump = std::make_unique<BatchDumpObserver>(dump_file->stream(), DumpMeta(scenario, seed));
    watchers.steps.push_back(dump.get());
  }
  RequestCollector bench_requests;
  if (format == "vllm-bench") watchers.sinks.push_back(&bench_requests);
  if (vm.count("trace")) {
    trace_file =
        std::make_unique<StreamedFile>(out_dir.StagedPathOf(vm["trace"].as<std::string>()));
    trace = std::make_unique<PerfettoTrace>(trace_file->stream(), TraceLabel(scenario));
    watchers.steps.push_back(trace.get());
    watchers.sinks.push_back(trace.get());
  }
  const ScenarioRun run = StageRunOutput(prepared, out_dir, "", watchers);

  if (format == "vllm-bench") {
    WriteFileAtomic(out_dir.Stage("vllm_bench.json"),
                    SimulatedBenchJson(scenario, prepared.workload().Describe(), bench_requests));
  }
  // The dump and the trace first: one of them may be a file of the staged folder.
  if (dump_file) dump_file->Commit();
  if (trace) {
    trace->Finish();
    trace_file->Commit();
  }
  out_dir.Commit();

  if (!vm.count("quiet")) {
    PrintHeader(prepared, io.out);
    io.out << FormatSummaryTable(run.result);
    if (scenario.latency.kind == "calibrated") {  // the roofline and fixed models measure nothing
      io.out << fmt::format(
          "\nlatency    {:.1f}% of the predicted step time came from measured op times (the rest "
          "from the roofline)\n",
          100 * run.ops.MeasuredShare());
      for (const auto& [key, value] : prepared.latency().Provenance()) {
        if (key == "calibration.warning") io.out << "warning: " << value << "\n";
      }
    }
    io.out << fmt::format("\nwrote {}/{}{}\n", vm["out"].as<std::string>(), kRunOutputFiles,
                          format == "vllm-bench" ? " and vllm_bench.json" : "");
  }
  return 0;
}

}  // namespace gpuplan
