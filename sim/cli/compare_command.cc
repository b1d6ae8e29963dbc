// gpuplan compare RESULT --scenario SCENARIO.yaml [--set path=value ...] [--engine-log LOG]
//     [--out DIR]
// A real load test's result against the simulation of the same load on the scenario's
// deployment (sim/loadtest/compare.h). Exit codes: 0 compared; 2 bad input.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "reports/report_folder.h"
#include "sim/cli/cli_support.h"
#include "sim/cli/output_folder.h"
#include "sim/cli/report_lang.h"
#include "sim/cli/run_output.h"
#include "sim/config/scenario.h"
#include "sim/loadtest/compare.h"
#include "sim/loadtest/compare_output.h"
#include "sim/loadtest/engine_log.h"
#include "sim/loadtest/request_collector.h"
#include "sim/loadtest/result_formats.h"
#include "sim/loadtest/vllm_bench_json.h"
#include "sim/runner/builtins.h"
#include "sim/util/atomic_file.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

constexpr const char* kUsage =
    "usage: gpuplan compare RESULT --scenario SCENARIO.yaml [--set path=value ...]\n"
    "                       [--format F] [--engine-log LOG] [--out DIR] [--force]\n\n"
    "Simulates the load a real load test offered (a vllm bench serve --save-result JSON: its\n"
    "request rate or --max-concurrency, its number of requests and, with --save-detailed, each\n"
    "request's lengths; or a per-request CSV replayed at its send times) on the scenario's\n"
    "model, GPU, deployment and engine, and compares every statistic the result has.\n"
    "--engine-log pins the KV cache to the capacity the server logged. Writes compare.json,\n"
    "compare.csv, compare_requests.csv and simulated_bench.json (the simulated run in vllm bench\n"
    "serve's format) to DIR beside the simulated run's own files (summary.json, requests.csv,\n"
    "...); --report renders the run report with the comparison first (also: gpuplan report DIR).\n"
    "DIR is replaced whole; a non-empty folder gpuplan did not write needs --force.";

// The engine's logged KV capacity as the scenario's block count.
std::string PinKvCapacity(const std::string& log_path, Scenario& s) {
  const std::optional<LoggedKvCapacity> kv = FindLoggedKvCapacity(
      ReadInputFile(log_path, "the server's start-up log"), s.engine.block_size);
  if (!kv) {
    Diagnostics diags;
    diags.Add({log_path, 0, 0}, "",
              "no KV capacity line found; expected vLLM's 'GPU KV cache size: N tokens', "
              "TRT-LLM's 'Allocated ... paged KV cache (N)' or SGLang's 'max_total_num_tokens=N'");
    diags.ThrowIfAny();
  }
  const int64_t blocks = kv->tokens / s.engine.block_size;
  s.engine.num_gpu_blocks_override = static_cast<int>(std::min<int64_t>(blocks, INT32_MAX));
  return fmt::format("KV cache pinned to {} blocks of {} tokens: {}:{}: \"{}\"", blocks,
                     s.engine.block_size, log_path, kv->line_number, kv->line);
}

}  // namespace

int RunCompareCommand(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("result", po::value<std::string>()->required(),
                        "measured result (vllm bench serve --save-result JSON)")(
      "scenario", po::value<std::string>()->required(),
      "scenario YAML: model, GPU, deployment, engine (its workload is replaced)")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario value (repeatable)")(
      "format", po::value<std::string>(),
      "result format: vllm_bench_json, requests_csv, aiperf_jsonl, aiperf_json, genai_perf_json "
      "or locust_csv (default: from the file's name)")(
      "engine-log", po::value<std::string>(),
      "the server's start-up log: pin the KV cache to the capacity it states")(
      "out", po::value<std::string>()->default_value("out/compare"), "output folder")(
      "report", "also write report.html and report.md (CDFs of measured and simulated requests)")(
      "lang", po::value<std::string>(), "report language with --report: en (default) or ja")(
      "quiet,q", "print nothing on success");
  AddCatalogOption(options);
  AddForceOutOption(options);
  po::positional_options_description positional;
  positional.add("result", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;

  // Checked before anything is read or run: an unusable --out costs nothing.
  std::vector<std::filesystem::path> inputs = {vm["result"].as<std::string>(),
                                               vm["scenario"].as<std::string>()};
  if (vm.count("engine-log")) inputs.emplace_back(vm["engine-log"].as<std::string>());
  AtomicOutputDir out(vm["out"].as<std::string>(),
                      OutputFolderOptions(vm, "compare", std::move(inputs)));
  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  const Builtins builtins;
  const Catalog catalog = LoadCatalog(CatalogDir(vm));
  Scenario scenario =
      LoadScenario(vm["scenario"].as<std::string>(), sets, catalog, builtins.MakeLoaderOptions());
  const MeasuredRun measured = ReadMeasuredRun(
      vm["result"].as<std::string>(), vm.count("format") ? vm["format"].as<std::string>() : "");
  std::string pinned;
  if (vm.count("engine-log")) pinned = PinKvCapacity(vm["engine-log"].as<std::string>(), scenario);
  const ReplaySetup setup = PrepareReplay(scenario, builtins, measured);
  const PreparedScenario prepared(setup.scenario, builtins, setup.workload);

  // The simulated run's own files (as `simulate` writes them), then the comparison beside them.
  RequestCollector requests;
  const ScenarioRun run = StageRunOutput(prepared, out, "", {.steps = {}, .sinks = {&requests}});
  CompareResult result = CompareRun(setup, measured, prepared, run, requests);
  if (!pinned.empty()) result.assumptions.insert(result.assumptions.begin(), pinned);
  WriteFileAtomic(out.Stage("resolved_scenario.yaml"),
                  fmt::format("# The deployment gpuplan compare simulated; its workload was "
                              "replaced by the load of\n# {} ({}).\n# Reproduce: gpuplan "
                              "compare RESULT --scenario resolved_scenario.yaml\n",
                              measured.source_file, result.regime) +
                      ToResolvedYaml(setup.scenario));
  WriteFileAtomic(out.Stage("compare.json"), CompareJson(result));
  WriteFileAtomic(out.Stage("compare.csv"), CompareCsv(result));
  WriteFileAtomic(out.Stage("compare_requests.csv"),
                  CompareRequestsCsv(measured, result.simulated));
  WriteFileAtomic(out.Stage("simulated_bench.json"), WriteVllmBenchJson(result.simulated));
  if (vm.count("report")) {
    report::ReportOptions report_options;
    report_options.lang =
        vm.count("lang") ? ParseLangOption(vm["lang"].as<std::string>()) : report::Lang::kEn;
    report_options.info.gpuplan_version = GPUPLAN_VERSION;
    report::WriteFolderReport(out.staging(), report_options);
  }
  out.Commit();
  if (!vm.count("quiet")) {
    io.out << CompareTable(result);
    io.out << fmt::format(
        "\nwrote {}/{{compare.json, compare.csv, compare_requests.csv, simulated_bench.json}} and "
        "the simulated run's {}{}\n",
        vm["out"].as<std::string>(), kRunOutputFiles,
        vm.count("report") ? "; report.html, report.md" : "");
  }
  return 0;
}

}  // namespace gpuplan
