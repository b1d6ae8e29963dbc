// gpuplan validate serving SERVING.csv [--sets S,...] [--subset gate] [--out DIR]
//     [--doc DOC | --check DOC [--tolerance POINTS]] [--threads N] [--traces DIR]
// Replays published real serving runs and reports how far gpuplan's predictions are from them.
// Exit codes: 0 ok; 1 the fidelity gate failed (--check); 2 bad input (malformed rows are
// reported, the other rows still evaluated and written).
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "reports/charts/scatter_chart.h"
#include "sim/cli/cli_support.h"
#include "sim/cli/output_folder.h"
#include "sim/latency/roofline_options.h"
#include "sim/runner/builtins.h"
#include "sim/util/atomic_file.h"
#include "sim/util/generated_sections.h"
#include "sim/util/text_file.h"
#include "sim/validation/error_bands.h"
#include "sim/validation/serving_check.h"
#include "sim/validation/serving_fit.h"
#include "sim/validation/serving_report.h"
#include "sim/validation/serving_validation.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

// What --doc and --check expect to read.
constexpr const char* kGeneratedDocument = "a document with gpuplan's generated sections";

constexpr const char* kUsage =
    "usage: gpuplan validate serving SERVING.csv [--sets S,...] [--subset gate] [--out DIR]\n"
    "                                [--force] [--doc DOC | --check DOC [--tolerance POINTS]]\n"
    "                                [--bands FILE]\n\n"
    "Maps every row of a serving.csv (public measurements of real vLLM, SGLang and TensorRT-LLM\n"
    "runs; ../shared/validation/README.md) to a scenario, simulates it with the load the row\n"
    "describes, and compares every statistic the row has. Writes rows.csv (row by row),\n"
    "error_bands.csv (the errors per engine and GPU, held-out half and all rows), summary.md and\n"
    "predicted_vs_measured.svg to --out; --doc rewrites the generated sections of\n"
    "a document (docs/validation.md); --check exits 1 when an error there got worse. --out is\n"
    "replaced whole; a non-empty folder gpuplan did not write needs --force.";

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

ServingValidationRequest RequestFrom(const po::variables_map& vm) {
  ServingValidationRequest r;
  r.csv_path = vm["csv"].as<std::string>();
  if (vm.count("sets")) r.sets = SplitComma(vm["sets"].as<std::string>());
  if (vm.count("subset")) r.subset = vm["subset"].as<std::string>();
  const fs::path data_dir = fs::path(r.csv_path).parent_path();
  r.paths.validation_dir = data_dir.empty() ? "." : data_dir.string();
  r.paths.traces_dir = vm.count("traces") ? vm["traces"].as<std::string>()
                                          : (data_dir.empty() ? fs::path("..") : data_dir / "..")
                                                .append("traces")
                                                .lexically_normal()
                                                .string();
  r.threads = vm["threads"].as<int>();
  if (r.threads < 0) throw UsageError("--threads must be >= 0 (0 = all)");
  return r;
}

std::string Counts(const ServingValidation& v) {
  size_t simulated = 0, failed = 0, not_covered = 0;
  for (const RowOutcome& o : v.outcomes) {
    simulated += o.status == RowStatus::kSimulated;
    failed += o.status == RowStatus::kFailed;
    not_covered += o.status == RowStatus::kNotCovered;
  }
  return fmt::format(
      "{} rows read ({} malformed); {} chosen: {} simulated, {} failed, {} not "
      "covered",
      v.data.rows.size() + v.data.problems.size(), v.data.problems.size(), v.outcomes.size(),
      simulated, failed, not_covered);
}

// Predicted against measured, log-log, one marker shape per kind of statistic.
std::string Chart(const ServingValidation& v) {
  report::ScatterChart chart;
  chart.frame.title = "gpuplan predicted vs measured (every compared statistic)";
  chart.x = {.title = "measured (ms, or tok/s and req/s)", .scale = report::AxisScale::kLog};
  chart.y = {.title = "predicted", .scale = report::AxisScale::kLog};
  chart.label_points = false;
  std::map<MetricFamily, report::ScatterGroup> groups;
  double lo = INFINITY, hi = 0;
  for (const RowErrors& e : v.errors) {
    for (const MetricError& m : e.errors) {
      if (!(m.measured > 0 && m.predicted > 0)) continue;
      report::ScatterGroup& g = groups[InfoOf(m.metric).family];
      g.name = std::string(FamilyName(InfoOf(m.metric).family));
      g.points.push_back({m.measured, m.predicted, ""});
      lo = std::min({lo, m.measured, m.predicted});
      hi = std::max({hi, m.measured, m.predicted});
    }
  }
  for (auto& [family, group] : groups) chart.groups.push_back(std::move(group));
  if (hi > 0) chart.frontier = {.name = "predicted = measured", .points = {{lo, lo}, {hi, hi}}};
  return report::RenderSvg(chart);
}

constexpr const char* kSectionOrder[] = {
    "serving-coverage",  "serving-summary", "serving-bias",      "serving-by-set",
    "serving-by-engine", "serving-by-gpu",  "serving-by-regime", "serving-worst",
    "serving-ablation",  "serving-gate"};

std::string SummaryMarkdown(const ServingValidation& v, const std::string& command) {
  std::string out = fmt::format(
      "# gpuplan validate serving\n\n`{}`\n\n{}.\n\nErrors are |predicted - measured| / measured "
      "in percent, as median / p90 (rows).\n",
      command, Counts(v));
  for (const char* name : kSectionOrder) {
    const auto it = v.tables.find(name);
    if (it != v.tables.end()) out += fmt::format("\n## {}\n\n{}", name, it->second);
  }
  return out;
}

void WriteOutputs(const ServingValidation& v, const po::variables_map& vm,
                  const std::string& command, AtomicOutputDir& out) {
  WriteFileAtomic(out.Stage("rows.csv"), ServingRowsCsv(v.outcomes, v.errors));
  WriteFileAtomic(out.Stage("error_bands.csv"), ErrorBandsCsv(v.errors));
  WriteFileAtomic(out.Stage("summary.md"), SummaryMarkdown(v, command));
  WriteFileAtomic(out.Stage("predicted_vs_measured.svg"), Chart(v));
  if (vm.count("write-scenarios")) {
    for (const RowOutcome& o : v.outcomes) {
      if (!o.plan.scenario) continue;
      // A row's file paths (ShareGPT lengths, traces) are relative to where validate ran: the
      // written scenario names that folder as its base_dir, so it loads from its own folder.
      Scenario scenario = *o.plan.scenario;
      if (scenario.base_dir.empty()) scenario.base_dir = fs::current_path().string();
      WriteFileAtomic(out.Stage(fmt::format("scenarios/row-{}.yaml", o.plan.row.line)),
                      ToResolvedYaml(scenario));
    }
  }
  out.Commit();
}

int Gate(const ServingValidation& v, const std::string& path, double tolerance, CommandIo io) {
  const GateResult gate = CheckAgainstDocument(ReadInputFile(path, kGeneratedDocument),
                                               GatedTables(v.tables), tolerance);
  for (const std::string& m : gate.missing) {
    io.out << fmt::format("missing: {} has no generated section '{}'\n", path, m);
  }
  for (const std::string& w : gate.worse) io.out << "worse: " << w << "\n";
  for (const std::string& b : gate.better) io.out << "better: " << b << "\n";
  if (gate.ok()) {
    io.out << (gate.better.empty() ? "fidelity gate passed: no error moved beyond the tolerance\n"
                                   : "fidelity gate passed; publish the improvements with --doc\n");
    return 0;
  }
  io.out << fmt::format("fidelity gate FAILED: {} errors got worse than {} publishes\n",
                        gate.worse.size() + gate.missing.size(), path);
  return 1;
}

void Publish(const ServingValidation& v, const std::string& path, CommandIo io) {
  std::vector<std::string> stale, unplaced;
  const std::string filled =
      FillGeneratedSections(ReadInputFile(path, kGeneratedDocument), v.tables, &stale, &unplaced);
  for (const std::string& s : unplaced) io.err << "warning: no section for table " << s << "\n";
  WriteFileAtomic(path, filled);
  io.out << fmt::format("rewrote {} generated sections of {}\n", v.tables.size() - unplaced.size(),
                        path);
}

// The current value (RooflineOptions{}' default, or the engine preset's) against the fit, within
// one grid step.
bool DefaultMatchesFit(const ServingFitRequest& fit, const OptionSweepResult& result,
                       const Catalog& catalog, CommandIo io) {
  std::optional<double> current = EnginePresetValue(fit, catalog);
  for (const OptionSpec& spec : RooflineOptionSpecs()) {
    if (!current && spec.name == fit.option) current = std::stod(spec.default_value);
  }
  if (!current) {
    throw UsageError(fmt::format(
        "--fit: '{}' is neither a roofline option nor a field of the catalog engine '{}'",
        fit.option, fit.filter_value));
  }
  const bool match = std::abs(*current - result.best) <= fit.step * 1.01;
  io.out << fmt::format("{} default {:g}, fit {:g}: {}\n", fit.option, *current, result.best,
                        match ? "within one step" : "more than one step from the fit");
  return match;
}

}  // namespace

int RunValidateServing(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("csv", po::value<std::string>()->required(), "serving.csv")(
      "sets", po::value<std::string>(),
      "comma-separated sets to validate, or 'all' (default: all but *_stage, *_unresolved, "
      "*_disagg)")("subset", po::value<std::string>(),
                   "gate: the fixed sample of rows the test suite checks")(
      "out", po::value<std::string>(),
      "write rows.csv, error_bands.csv, summary.md and predicted_vs_measured.svg here")(
      "write-scenarios", "also write each mapped row's scenario to DIR/scenarios/row-LINE.yaml")(
      "bands", po::value<std::string>(),
      "also write error_bands.csv (errors per engine and GPU, held-out half and all rows) to "
      "this file, e.g. configs/validation/serving_error_bands.csv")(
      "ablation",
      "also run once with each engine-fidelity item turned off and with paced clients (tables "
      "serving-ablation, serving-client-pacing; slow)")(
      "doc", po::value<std::string>(), "rewrite this document's generated serving sections")(
      "check", po::value<std::string>(), "exit 1 when an error got worse than this document says")(
      "tolerance", po::value<double>()->default_value(1.0),
      "--check: percentage points an error may worsen (twice this for p90s)")(
      "threads", po::value<int>()->default_value(0), "simulation threads (0 = all)")(
      "fit", po::value<std::string>(),
      "NAME=LO:HI:STEP: sweep a roofline option, or engine.FIELD (a number of the engine preset "
      "--fit-rows engine=NAME names), fit it on the fit half (tables serving-fit, "
      "serving-fit-ENGINE-FIELD); exit 1 when the current value is more than one step from the "
      "fit")("fit-rows", po::value<std::string>()->default_value(""),
             "KEY=VALUE: the rows --fit uses (weight_dtype, engine, gpu, model or set)")(
      "traces", po::value<std::string>(),
      "shared traces folder (ShareGPT lengths); default: ../traces beside SERVING.csv");
  AddCatalogOption(options);
  AddForceOutOption(options);
  po::positional_options_description positional;
  positional.add("csv", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;
  if (vm.count("doc") && vm.count("check"))
    throw UsageError("--doc and --check exclude each other");
  if (vm.count("write-scenarios") && !vm.count("out")) {
    throw UsageError("--write-scenarios needs --out");
  }
  const Catalog catalog = LoadCatalog(CatalogDir(vm));
  const Builtins builtins;
  const ServingValidationRequest request = RequestFrom(vm);
  if (vm.count("fit")) {
    const ServingFitRequest fit =
        ParseServingFit(vm["fit"].as<std::string>(), vm["fit-rows"].as<std::string>());
    const OptionSweepResult result = FitServingOption(request, fit, catalog, builtins);
    const std::string table = ServingFitTable(fit, result);
    io.out << table;
    if (vm.count("doc")) {
      std::vector<std::string> stale, unplaced;
      const std::string path = vm["doc"].as<std::string>();
      WriteFileAtomic(path,
                      FillGeneratedSections(ReadInputFile(path, kGeneratedDocument),
                                            {{ServingFitSection(fit), table}}, &stale, &unplaced));
    }
    return DefaultMatchesFit(fit, result, catalog, io) ? 0 : 1;
  }
  // Checked before the rows are simulated: an unusable --out costs nothing.
  std::optional<AtomicOutputDir> out;
  if (vm.count("out")) {
    std::vector<fs::path> inputs = {vm["csv"].as<std::string>()};
    for (const char* name : {"traces", "doc", "check"}) {
      if (vm.count(name)) inputs.emplace_back(vm[name].as<std::string>());
    }
    out.emplace(vm["out"].as<std::string>(),
                OutputFolderOptions(vm, "validate serving", std::move(inputs)));
  }
  if (vm.count("bands") && !request.subset.empty()) {
    throw UsageError("--bands needs the whole set: a subset's errors are not the model's band");
  }
  ServingValidation v = ValidateServing(request, catalog, builtins);
  if (vm.count("bands")) WriteFileAtomic(vm["bands"].as<std::string>(), ErrorBandsCsv(v.errors));
  if (vm.count("ablation")) {
    if (!request.subset.empty()) throw UsageError("--ablation runs on the whole set, not a subset");
    v.tables["serving-ablation"] = AblationTable(request, catalog, builtins);
    v.tables["serving-client-pacing"] = ClientPacingTable(request, catalog, builtins);
  }
  std::string command = "gpuplan validate serving";
  for (const std::string& a : args) command += " " + a;
  io.out << Counts(v) << "\n";
  for (const char* name : {"serving-coverage", "serving-summary", "serving-gate"}) {
    if (const auto it = v.tables.find(name); it != v.tables.end()) io.out << "\n" << it->second;
  }
  if (out) WriteOutputs(v, vm, command, *out);
  int code = 0;
  if (vm.count("doc")) Publish(v, vm["doc"].as<std::string>(), io);
  if (vm.count("check"))
    code = Gate(v, vm["check"].as<std::string>(), vm["tolerance"].as<double>(), io);
  for (const Diagnostic& d : v.data.problems.items()) io.err << "error: " << d.ToString() << "\n";
  if (!v.data.problems.empty()) {
    io.err << fmt::format("{} malformed rows were left out; the others were evaluated\n",
                          v.data.problems.size());
    return 2;
  }
  return code;
}

}  // namespace gpuplan
