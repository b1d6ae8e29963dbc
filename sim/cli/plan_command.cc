// gpuplan plan PLAN.yaml [--set path=value ...] [--threads N] [--out DIR] [--report [--lang L]]
// gpuplan plan --model M --gpus G1,G2 --dau N --ttft MS --speed TOK/S [--out DIR] ...
//   (the one-line form: quick_plan.h)
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <ostream>

#include "reports/report_folder.h"
#include "sim/cli/cli_support.h"
#include "sim/cli/output_folder.h"
#include "sim/cli/progress.h"
#include "sim/cli/quick_plan.h"
#include "sim/cli/report_lang.h"
#include "sim/cli/run_output.h"
#include "sim/config/plan_spec.h"
#include "sim/plan/kubernetes_manifests.h"
#include "sim/plan/plan_output.h"
#include "sim/plan/planner.h"
#include "sim/runner/builtins.h"
#include "sim/util/atomic_file.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: gpuplan plan PLAN.yaml [--set path=value ...] [--threads N] [--out DIR] [--force]\n"
    "                    [--report [--lang en|ja]]\n"
    "       gpuplan plan --model M --gpus G1,G2 (--dau N | --peak-rate R | --concurrency C)\n"
    "                    [--ttft MS] [--speed TOK/S] [--engine E] [--tp 1,2] [--out DIR] ...\n\n"
    "From traffic and latency targets to the cheapest GPU fleet that holds them: derives the\n"
    "peak load, prunes candidates that do not fit in memory, searches each candidate's minimum\n"
    "replica count by simulation, and writes plan.json, candidates.csv and pareto.csv to DIR,\n"
    "with DIR/recommended/ (the recommended fleet simulated at peak, as gpuplan simulate writes\n"
    "it) and DIR/deployment/ (its Kubernetes Deployment, Service and autoscaler). --report\n"
    "also renders the provisioning specification (gpuplan report DIR). DIR is replaced whole:\n"
    "afterwards it holds this plan's files only; a non-empty folder gpuplan did not write needs\n"
    "--force.\n"
    "Keys under scenario. in --set change the base scenario (--set "
    "scenario.engine.block_size=32).\n"
    "On a terminal, a progress bar counts the simulated requests against an estimated total.\n\n"
    "The one-line form plans without a plan file: it builds the plan a file with the same\n"
    "inputs would give, on configs/scenarios/default.yaml (its request lengths; --model as its\n"
    "model), and prints every input it assumed (sessions per user, peak-hour share, search\n"
    "settings, ...). `gpuplan init plan` writes a commented plan file to refine them.";

constexpr const char* kNoPlan =
    "no plan file; expected `gpuplan plan PLAN.yaml`, or the one-line form, e.g. `gpuplan plan "
    "--model llama-3.1-8b --gpus h100_sxm,l40s --dau 50000 --ttft 500 --speed 25` "
    "(`gpuplan init plan` writes a plan file to start from)";

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

std::string JoinOptions(const std::vector<std::string>& options) {
  std::string text;
  for (const std::string& o : options) text += (text.empty() ? "" : ", ") + o;
  return text;
}

// Whether this is the one-line form; a plan file with one-line options, --set without a plan
// file, or neither a plan file nor one-line options is a usage error.
bool IsOneLineForm(const po::variables_map& vm) {
  const std::vector<std::string> quick = GivenQuickPlanOptions(vm);
  if (vm.count("plan")) {
    if (!quick.empty()) {
      throw UsageError(fmt::format(
          "a plan file and the one-line form's {} are both given; expected either PLAN.yaml "
          "(its inputs are in the file; change them with --set) or the one-line form without a "
          "plan file",
          JoinOptions(quick)));
    }
    return false;
  }
  if (quick.empty()) throw UsageError(kNoPlan);
  if (vm.count("set")) {
    throw UsageError(
        "--set changes a plan file's keys and no plan file is given; the one-line form takes "
        "its inputs as options (see --help), and `gpuplan init plan` writes a plan file with "
        "every key");
  }
  return true;
}

// Simulates the recommended fleet at peak once more, in full, into DIR/recommended/.
void StageRecommendedRun(const PlanResult& result, const Builtins& builtins, AtomicOutputDir& out) {
  const std::optional<Scenario> scenario = RecommendedScenario(result);
  if (!scenario) return;
  const PreparedScenario prepared(*scenario, builtins);
  StageRunOutput(prepared, out, report::kRecommendedRunDir);
}

// What to do after a one-line plan: widen the tensor-parallel sizes when nothing fitted, and
// write a plan file to refine the inputs it assumed.
std::string OneLineNextSteps(const QuickPlan& quick, const PlanResult& result) {
  std::string out;
  if (!result.recommendation && !quick.tensor_parallel_given) {
    out += fmt::format(
        "no fleet at tensor parallel {}: --tp 1,2,4,8 also tries more GPUs per replica\n",
        quick.spec.base.deployment.tensor_parallel);
  }
  std::string init = "gpuplan init plan";
  const PlanSpec& plan = quick.spec;
  init += " --model " + plan.base.model.name;
  if (!plan.candidates.gpus.empty()) {
    std::string gpus;
    for (const std::string& g : plan.candidates.gpus) gpus += (gpus.empty() ? "" : ",") + g;
    init += " --gpu " + gpus;
  }
  if (!plan.candidates.engines.empty()) init += " --engine " + plan.candidates.engines[0];
  return out + fmt::format(
                   "a plan file sets every input marked *: `{}` writes a commented one to edit "
                   "(docs/planning-method.md, \"The plan file\")\n",
                   init);
}

}  // namespace

int RunPlanCommand(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("plan", po::value<std::string>(), "plan YAML file")(
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
  AddForceOutOption(options);
  AddQuickPlanOptions(options);
  po::positional_options_description positional;
  positional.add("plan", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;
  const bool one_line = IsOneLineForm(vm);
  PlanCliOptions cli = ReadOptions(vm);

  // Checked before the search: an unusable --out costs nothing.
  std::vector<fs::path> inputs;
  if (vm.count("plan")) inputs.emplace_back(vm["plan"].as<std::string>());
  AtomicOutputDir out_dir(cli.out, OutputFolderOptions(vm, "plan", std::move(inputs)));
  const auto start = std::chrono::steady_clock::now();
  const Builtins builtins;
  const Catalog catalog = LoadCatalog(CatalogDir(vm));
  std::optional<QuickPlan> quick;
  if (one_line) quick = BuildQuickPlan(vm, catalog, PlanLoaderOptions(builtins));
  const PlanSpec plan = quick ? quick->spec
                              : LoadPlan(vm["plan"].as<std::string>(), cli.sets, catalog,
                                         PlanLoaderOptions(builtins));
  ProgressBar bar(0, std::cerr, !cli.quiet && StderrIsTerminal(),
                  {.label = "plan (simulated requests)"});
  if (bar.enabled()) {
    cli.plan.on_progress = [&bar](int64_t done, int64_t total) { bar.Update(done, total); };
  }
  const PlanResult result = RunPlan(plan, catalog, builtins, cli.plan);
  bar.Finish();

  const PlanDocument document = BuildPlanDocument(plan, result, GPUPLAN_VERSION);
  WriteFileAtomic(out_dir.Stage("plan.json"), PlanDocumentJson(document));
  WriteFileAtomic(out_dir.Stage("candidates.csv"), CandidatesCsv(result));
  WriteFileAtomic(out_dir.Stage("pareto.csv"), ParetoCsv(result));
  StageRecommendedRun(result, builtins, out_dir);
  const std::vector<ManifestFile> manifests = KubernetesManifests(plan, result);
  for (const ManifestFile& m : manifests) {
    WriteFileAtomic(out_dir.Stage(fs::path(report::kKubernetesDir) / m.name), m.text);
  }
  // The report is rendered from the plan's document (the one plan.json was written from) and the
  // staged recommended run and manifests, and committed with them: the folder holds the plan and
  // its report together, or the previous ones.
  std::optional<report::ReportOutcome> report;
  if (cli.report_lang) {
    report = report::WriteFolderReport(
        out_dir.staging(), document,
        {.lang = *cli.report_lang, .info = {.gpuplan_version = GPUPLAN_VERSION}});
  }
  out_dir.Commit();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (!cli.quiet) {
    if (quick) io.out << FormatQuickPlanInputs(*quick);
    io.out << FormatPlanSummary(plan, result);
    io.out << fmt::format("\nwrote {}/{{plan.json, candidates.csv, pareto.csv}}", cli.out.string());
    if (result.recommendation) {
      io.out << fmt::format(" and {}/{}", report::kRecommendedRunDir, kRunOutputFiles);
    }
    if (!manifests.empty()) {
      std::vector<std::string> names;
      for (const ManifestFile& m : manifests) names.push_back(m.name);
      io.out << fmt::format(" and {}/{{{}}}", report::kKubernetesDir, fmt::join(names, ", "));
    }
    io.out << fmt::format(" in {:.1f} s ({} threads)\n", seconds, result.settings.threads);
    if (report) {
      io.out << fmt::format("wrote {}/{{report.html, report.md}} and {} figures ({})\n",
                            cli.out.string(), report->figures, report::LangCode(*cli.report_lang));
    }
    if (quick) io.out << OneLineNextSteps(*quick, result);
  }
  return 0;
}

}  // namespace gpuplan
