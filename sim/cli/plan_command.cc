// gpuplan plan PLAN.yaml [--set path=value ...] [--threads N] [--out DIR] [--report [--lang L]]
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <ostream>

#include "reports/report_folder.h"
#include "sim/cli/cli_support.h"
#include "sim/cli/progress.h"
#include "sim/cli/report_lang.h"
#include "sim/cli/run_output.h"
#include "sim/config/plan_spec.h"
#include "sim/core/atomic_file.h"
#include "sim/plan/plan_output.h"
#include "sim/plan/planner.h"
#include "sim/runner/builtins.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: gpuplan plan PLAN.yaml [--set path=value ...] [--threads N] [--out DIR]\n"
    "                    [--report [--lang en|ja]]\n\n"
    "From traffic and latency targets to the cheapest GPU fleet that holds them: derives the\n"
    "peak load, prunes candidates that do not fit in memory, searches each candidate's minimum\n"
    "replica count by simulation, and writes plan.json, candidates.csv and pareto.csv to DIR,\n"
    "with DIR/recommended/ (the recommended fleet simulated at peak, as gpuplan simulate writes\n"
    "it). --report also renders the provisioning specification (gpuplan report DIR).\n"
    "Keys under scenario. in --set change the base scenario (--set "
    "scenario.engine.block_size=32).\n"
    "On a terminal, a progress bar counts the simulated requests against an estimated total.";

// Files a previous plan into the same folder may have left that this run would not rewrite: a
// recommended run when nothing is recommended now, a report when none is asked for. Removed so
// that the folder never mixes this plan with an older one.
void RemoveStaleOutputs(const fs::path& dir, bool has_recommendation, bool wrote_report) {
  std::vector<fs::path> stale;
  if (!has_recommendation) stale.push_back(dir / report::kRecommendedRunDir);
  if (!wrote_report) {
    for (const char* name : {"report.html", "report.md", "figures"}) stale.push_back(dir / name);
  }
  for (const fs::path& path : stale) {
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) throw Error(fmt::format("cannot remove the stale {}: {}", path.string(), ec.message()));
  }
}

struct PlanCliOptions {
  std::vector<std::string> sets;
  PlanOptions plan;
  fs::path out;
  std::optional<report::Lang> report_lang;  // set with --report
  bool quiet = false;
};

PlanCliOptions ReadOptions(const po::variables_map& vm) {
  PlanCliOptions o;
  if (vm.count("set")) o.sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("threads")) {
    if (vm["threads"].as<int>() < 0) throw UsageError("--threads must be >= 0 (0 = all)");
    o.plan.threads = vm["threads"].as<int>();
  }
  o.out = vm["out"].as<std::string>();
  if (vm.count("report")) {
    o.report_lang = ParseLangOption(vm.count("lang") ? vm["lang"].as<std::string>() : "en");
  } else if (vm.count("lang")) {
    throw UsageError("--lang chooses the report's language; it needs --report");
  }
  o.quiet = vm.count("quiet") > 0;
  return o;
}

// Simulates the recommended fleet at peak once more, in full, into DIR/recommended/.
void StageRecommendedRun(const PlanResult& result, const Builtins& builtins, AtomicOutputDir& out) {
  const std::optional<Scenario> scenario = RecommendedScenario(result);
  if (!scenario) return;
  const PreparedScenario prepared(*scenario, builtins);
  StageRunOutput(prepared, out, report::kRecommendedRunDir);
}

}  // namespace

int RunPlanCommand(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("plan", po::value<std::string>()->required(), "plan YAML file")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a plan value: --set search.seeds=5 (repeatable)")(
      "threads", po::value<int>(),
      "simulation threads (default: search.threads, else every hardware thread); the results "
      "do not depend on it")("out", po::value<std::string>()->default_value("out/plan"),
                             "output folder")(
      "report", "also write the provisioning specification (report.html, report.md) into DIR")(
      "lang", po::value<std::string>(), "report language with --report: en (default) or ja")(
      "quiet,q", "print nothing on success, and no progress bar");
  AddCatalogOption(options);
  po::positional_options_description positional;
  positional.add("plan", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;
  PlanCliOptions cli = ReadOptions(vm);

  const auto start = std::chrono::steady_clock::now();
  const Builtins builtins;
  const Catalog catalog = LoadCatalog(CatalogDir(vm));
  const PlanSpec plan =
      LoadPlan(vm["plan"].as<std::string>(), cli.sets, catalog, PlanLoaderOptions(builtins));
  ProgressBar bar(0, std::cerr, !cli.quiet && StderrIsTerminal(),
                  {.label = "plan (simulated requests)"});
  if (bar.enabled()) {
    cli.plan.on_progress = [&bar](int64_t done, int64_t total) { bar.Update(done, total); };
  }
  const PlanResult result = RunPlan(plan, catalog, builtins, cli.plan);
  bar.Finish();

  AtomicOutputDir out_dir(cli.out);
  WriteFileAtomic(out_dir.Stage("plan.json"), PlanJson(plan, result, GPUPLAN_VERSION));
  WriteFileAtomic(out_dir.Stage("candidates.csv"), CandidatesCsv(result));
  WriteFileAtomic(out_dir.Stage("pareto.csv"), ParetoCsv(result));
  StageRecommendedRun(result, builtins, out_dir);
  out_dir.Commit();
  RemoveStaleOutputs(cli.out, result.recommendation.has_value(), cli.report_lang.has_value());
  std::optional<report::ReportOutcome> report;
  if (cli.report_lang) {
    report = report::WriteFolderReport(
        cli.out, {.lang = *cli.report_lang, .info = {.gpuplan_version = GPUPLAN_VERSION}});
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (!cli.quiet) {
    io.out << FormatPlanSummary(plan, result);
    io.out << fmt::format("\nwrote {}/{{plan.json, candidates.csv, pareto.csv}}", cli.out.string());
    if (result.recommendation) {
      io.out << fmt::format(" and {}/{}", report::kRecommendedRunDir, kRunOutputFiles);
    }
    io.out << fmt::format(" in {:.1f} s ({} threads)\n", seconds, result.settings.threads);
    if (report) {
      io.out << fmt::format("wrote {}/{{report.html, report.md}} and {} figures ({})\n",
                            report->out_dir.string(), report->figures,
                            report::LangCode(*cli.report_lang));
    }
  }
  return 0;
}

}  // namespace gpuplan
