// gpuplan plan PLAN.yaml [--set path=value ...] [--threads N] [--out DIR]
#include <fmt/format.h>

#include <chrono>
#include <ostream>

#include "sim/cli/cli_support.h"
#include "sim/config/plan_spec.h"
#include "sim/core/atomic_file.h"
#include "sim/plan/parallel.h"
#include "sim/plan/plan_output.h"
#include "sim/plan/planner.h"
#include "sim/runner/builtins.h"

namespace gpuplan {
namespace {

constexpr const char* kUsage =
    "usage: gpuplan plan PLAN.yaml [--set path=value ...] [--threads N] [--out DIR]\n\n"
    "From traffic and latency targets to the cheapest GPU fleet that holds them: derives the\n"
    "peak load, prunes candidates that do not fit in memory, searches each candidate's minimum\n"
    "replica count by simulation, and writes plan.json, candidates.csv and pareto.csv to DIR.\n"
    "Keys under scenario. in --set change the base scenario (--set scenario.engine.block_size=32).";

}  // namespace

int RunPlanCommand(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("plan", po::value<std::string>()->required(), "plan YAML file")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a plan value: --set search.seeds=5 (repeatable)")(
      "threads", po::value<int>(),
      "simulation threads (default: search.threads, else every hardware thread); the results "
      "do not depend on it")("out", po::value<std::string>()->default_value("out/plan"),
                             "output folder")("quiet,q", "print nothing on success");
  AddCatalogOption(options);
  po::positional_options_description positional;
  positional.add("plan", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;
  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  PlanOptions plan_options;
  if (vm.count("threads")) {
    if (vm["threads"].as<int>() < 0) throw UsageError("--threads must be >= 0 (0 = all)");
    plan_options.threads = vm["threads"].as<int>();
  }

  const auto start = std::chrono::steady_clock::now();
  const Builtins builtins;
  const Catalog catalog = LoadCatalog(CatalogDir(vm));
  const PlanSpec plan =
      LoadPlan(vm["plan"].as<std::string>(), sets, catalog, PlanLoaderOptions(builtins));
  const PlanResult result = RunPlan(plan, catalog, builtins, plan_options);

  AtomicOutputDir out_dir(vm["out"].as<std::string>());
  WriteFileAtomic(out_dir.Stage("plan.json"), PlanJson(plan, result, GPUPLAN_VERSION));
  WriteFileAtomic(out_dir.Stage("candidates.csv"), CandidatesCsv(result));
  WriteFileAtomic(out_dir.Stage("pareto.csv"), ParetoCsv(result));
  out_dir.Commit();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (!vm.count("quiet")) {
    io.out << FormatPlanSummary(plan, result);
    io.out << fmt::format(
        "\nwrote {}/{{plan.json, candidates.csv, pareto.csv}} in {:.1f} s ({} "
        "threads)\n",
        vm["out"].as<std::string>(), seconds, result.settings.threads);
  }
  return 0;
}

}  // namespace gpuplan
