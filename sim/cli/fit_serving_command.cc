// gpuplan calibration fit-serving RESULT... --scenario SCENARIO.yaml --out BUNDLE
// Fits the engine-level terms per-kernel measurements cannot reveal (sim/loadtest/terms_fit.h)
// to one or more real load tests, and writes them as a calibration bundle that `simulate` and
// `plan` use like any other (`latency: {kind: calibrated, options: {bundle: BUNDLE}}`).
// Exit codes: 0 fitted, 2 bad input.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "sim/bundle/bundle_writer.h"
#include "sim/bundle/serving_terms_csv.h"
#include "sim/catalog/dtype.h"
#include "sim/cli/cli_support.h"
#include "sim/cli/file_digest.h"
#include "sim/cli/output_folder.h"
#include "sim/config/scenario.h"
#include "sim/core/suggest.h"
#include "sim/loadtest/result_formats.h"
#include "sim/loadtest/terms_fit.h"
#include "sim/runner/builtins.h"
#include "sim/util/atomic_file.h"
#include "sim/util/csv_writer.h"
#include "sim/util/options.h"
#include "sim/validation/row_fit_target.h"
#include "sim/validation/serving_row.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: gpuplan calibration fit-serving RESULT... --scenario SCENARIO.yaml --out BUNDLE\n"
    "           [--format F] [--terms T1,T2] [--regularization X] [--leave-one-out]\n"
    "           [--created-utc TIME] [--force]\n\n"
    "Fits the engine-level terms a kernel calibration cannot reveal (host time per step and per\n"
    "request, its overlap with GPU work, a time multiplier per op family) to real load tests of\n"
    "the scenario's deployment, each replayed as `gpuplan compare` replays it, by least squares\n"
    "on the log errors of their statistics with a pull towards the current values. Writes a\n"
    "calibration bundle (the scenario's own tables, if it has a bundle, plus serving_terms.csv\n"
    "and the fit's provenance in meta.txt); use it with\n"
    "  latency: {kind: calibrated, options: {bundle: BUNDLE}}\n"
    "--leave-one-out also fits on every run but one and reports the error on the one left out.\n"
    "With --format serving_row each RESULT is a measured row of the public validation data,\n"
    "FILE:LINE (serving.csv:1234), mapped to its scenario as `validate serving` maps it; the\n"
    "rows must share one configuration (a load sweep) and --scenario is not needed.";

std::vector<ServingTerm> ParseTerms(const std::string& list) {
  std::vector<ServingTerm> terms;
  std::vector<std::string> known;
  for (const ServingTermInfo& info : ServingTermInfos()) known.emplace_back(info.name);
  std::stringstream in(list);
  for (std::string name; std::getline(in, name, ',');) {
    const std::optional<ServingTerm> term = ServingTermByName(name);
    if (!term) {
      throw UsageError(fmt::format("--terms: unknown term '{}'{}; expected some of: {}", name,
                                   DidYouMean(name, known), JoinNames(known)));
    }
    terms.push_back(*term);
  }
  return terms;
}

std::string Percent(double share) { return fmt::format("{:.1f}%", 100 * share); }

std::string TermList(const std::vector<ServingTerm>& terms) {
  std::string text;
  for (ServingTerm t : terms) text += (text.empty() ? "" : ",") + std::string(InfoOf(t).name);
  return text.empty() ? "none" : text;
}

struct FitRequest {
  std::vector<std::string> files;   // as given (serving_row: FILE:LINE)
  std::vector<std::string> hashed;  // the file whose SHA-256 names each result
  std::string scenario_file;
  std::string created_utc;
};

// The bundle: the base's tables and models, the fitted terms and the fit's provenance.
Bundle FittedBundle(const ServingFitter& fitter, const ServingFitResult& fit, const Scenario& s,
                    const ServingFitOptions& options, const FitRequest& request) {
  const Bundle& base = *fitter.base().bundle;
  Bundle b;
  b.tables = base.tables;
  b.models = base.models;
  auto meta = [&b](std::string key, std::string value) {
    b.meta.push_back({std::move(key), std::move(value)});
  };
  meta("schema_version", std::to_string(kBundleSchemaVersion));
  meta("status", "complete");
  meta("tool", "gpuplan-fit-serving");
  meta("tool_version", GPUPLAN_VERSION);
  meta("created_utc", request.created_utc);
  meta("gpu.name", s.gpu.display_name.empty() ? s.gpu.name : s.gpu.display_name);
  for (const MetaEntry& e : base.meta) {
    if (e.key.starts_with("model.")) {
      meta(e.key, e.value);
    } else if (!e.key.starts_with("fit.") && !e.key.starts_with("base.")) {
      meta("base." + e.key, e.value);
    }
  }
  meta("fit.scenario", request.scenario_file);
  meta("fit.model", s.model.name);
  meta("fit.deployment",
       fmt::format("TP{} PP{} {} weights, {} KV", s.deployment.tensor_parallel,
                   s.deployment.pipeline_parallel, DtypeName(s.deployment.weight_dtype),
                   DtypeName(s.deployment.kv_dtype)));
  meta("fit.engine", fmt::format("{} {}", s.engine.name, s.engine.version));
  meta("fit.base", fitter.base().bundle_dir.empty() ? "roofline" : fitter.base().bundle_dir);
  meta("fit.terms", TermList(fit.free_terms));
  meta("fit.at_bound", TermList(fit.at_bound));
  meta("fit.regularization", fmt::format("{}", options.regularization));
  meta("fit.evaluations", std::to_string(fit.evaluations));
  meta("fit.loss_start", fmt::format("{:.6g}", fit.loss_start));
  meta("fit.loss", fmt::format("{:.6g}", fit.loss));
  for (size_t i = 0; i < fitter.runs().size(); ++i) {
    const MeasuredRun& run = fitter.runs()[i];
    const std::string key = fmt::format("fit.run.{}.", i + 1);
    meta(key + "file", request.files[i]);
    meta(key + "sha256", FileSha256(request.hashed[i]));
    meta(key + "format", run.format);
    meta(key + "regime", run.regime.Describe());
    for (const auto& [name, value] : run.provenance) meta(key + name, value);
    meta(key + "median_abs_error_start", Percent(fit.before[i].median_abs_error));
    meta(key + "median_abs_error_fit", Percent(fit.after[i].median_abs_error));
  }
  b.serving_terms = {};
  for (const ServingTermInfo& info : ServingTermInfos()) {
    b.serving_terms[static_cast<size_t>(info.term)] = fit.fitted[info.term];
  }
  return b;
}

std::string LeaveOneOutCsv(const std::vector<HeldOutRun>& held) {
  CsvWriter csv;
  csv.Text("file").Text("median_abs_error_start").Text("median_abs_error_fit");
  for (const ServingTermInfo& info : ServingTermInfos()) csv.Text(info.name);
  csv.EndRow();
  for (const HeldOutRun& h : held) {
    csv.Text(h.file).Double(h.median_abs_error_start).Double(h.median_abs_error_fit);
    for (const ServingTermInfo& info : ServingTermInfos()) csv.Double(h.fitted[info.term]);
    csv.EndRow();
  }
  return csv.TakeString();
}

void PrintFit(const ServingFitter& fitter, const ServingFitResult& fit, std::ostream& out) {
  out << fmt::format("{:<22} {:>12} {:>12}   {}\n", "term", "start", "fitted", "bounds");
  for (const ServingTermInfo& info : ServingTermInfos()) {
    const bool free =
        std::find(fit.free_terms.begin(), fit.free_terms.end(), info.term) != fit.free_terms.end();
    const bool bound =
        std::find(fit.at_bound.begin(), fit.at_bound.end(), info.term) != fit.at_bound.end();
    out << fmt::format("{:<22} {:>12.4g} {:>12.4g}   {} to {} {}{}\n", info.name,
                       fit.start[info.term], fit.fitted[info.term], info.lower, info.upper,
                       info.unit,
                       !free   ? " (held)"
                       : bound ? " (at its bound)"
                               : "");
  }
  out << fmt::format("\nloss {:.4g} -> {:.4g} in {} evaluations\n", fit.loss_start, fit.loss,
                     fit.evaluations);
  out << fmt::format("{:<50} {:>14} {:>14}\n", "run", "|error| start", "|error| fit");
  for (size_t i = 0; i < fitter.runs().size(); ++i) {
    out << fmt::format("{:<50} {:>14} {:>14}\n", fit.before[i].file,
                       Percent(fit.before[i].median_abs_error),
                       Percent(fit.after[i].median_abs_error));
  }
}

void PrintHeldOut(const std::vector<HeldOutRun>& held, std::ostream& out) {
  out << fmt::format(
      "\nleave-one-out: each run predicted by a fit on the others\n{:<50} {:>14} "
      "{:>14}\n",
      "held-out run", "|error| start", "|error| fit");
  for (const HeldOutRun& h : held) {
    out << fmt::format("{:<50} {:>14} {:>14}\n", h.file, Percent(h.median_abs_error_start),
                       Percent(h.median_abs_error_fit));
  }
}

// FILE:LINE -> (FILE, LINE); a UsageError when the text has no line number.
std::pair<std::string, int> RowReference(const std::string& text) {
  const size_t colon = text.rfind(':');
  const std::optional<int64_t> line =
      colon == std::string::npos ? std::nullopt : ParseInt(text.substr(colon + 1));
  if (!line || *line < 2) {
    throw UsageError(
        fmt::format("'{}': expected FILE:LINE, a data row of serving.csv "
                    "(line 2 or later)",
                    text));
  }
  return {text.substr(0, colon), static_cast<int>(*line)};
}

// The measured rows as fit targets, all of one configuration; the first row's scenario is the
// fit's base.
std::unique_ptr<ServingFitter> RowFitter(const FitRequest& request, const Catalog& catalog,
                                         const Builtins& builtins, const std::string& traces) {
  std::map<std::string, ServingData> files;
  const LoaderOptions loader = builtins.MakeLoaderOptions();
  std::vector<MeasuredRun> runs;
  std::vector<std::unique_ptr<const FitTarget>> targets;
  std::optional<Scenario> base;
  std::string key;
  for (const std::string& text : request.files) {
    const auto [path, line] = RowReference(text);
    if (!files.count(path)) files.emplace(path, ReadServingData(path));
    const ServingData& data = files.at(path);
    const auto row = std::find_if(data.rows.begin(), data.rows.end(),
                                  [line = line](const ServingRow& r) { return r.line == line; });
    if (row == data.rows.end()) {
      throw UsageError(fmt::format("{}: no readable data row at line {}", path, line));
    }
    const MappingContext context{
        catalog,
        loader,
        {.traces_dir = traces, .validation_dir = fs::path(path).parent_path().string()}};
    RowPlan plan = PlanRow(*row, context);
    if (!plan.not_covered.empty() || !plan.failure.empty() || !plan.scenario) {
      throw UsageError(fmt::format("{}: row not simulated by gpuplan: {}; expected a covered row",
                                   text, plan.not_covered + plan.failure));
    }
    if (key.empty()) key = ConfigKey(*row);
    if (ConfigKey(*row) != key) {
      throw UsageError(
          fmt::format("{} is configuration '{}', the first row '{}'; expected rows "
                      "of one configuration",
                      text, ConfigKey(*row), key));
    }
    if (!base) base = *plan.scenario;
    runs.push_back(RowAsMeasuredRun(plan));
    targets.push_back(MakeRowTarget(std::move(plan), builtins));
  }
  return std::make_unique<ServingFitter>(*base, std::move(runs), std::move(targets));
}

}  // namespace

int RunFitServing(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("result", po::value<std::vector<std::string>>()->required(),
                        "measured results (repeatable; positional)")(
      "scenario", po::value<std::string>(),
      "scenario YAML: model, GPU, deployment, engine, latency model to adjust (not with "
      "--format serving_row)")("set", po::value<std::vector<std::string>>()->composing(),
                               "override a scenario value (repeatable)")(
      "format", po::value<std::string>(), "result format (default: from each file's extension)")(
      "terms", po::value<std::string>(), "comma-separated terms to fit (default: all)")(
      "regularization", po::value<double>()->default_value(0.01),
      "pull towards the start values (0: none)")(
      "leave-one-out", "also fit on all runs but one and predict the one left out")(
      "out", po::value<std::string>()->required(), "bundle folder to write")(
      "created-utc", po::value<std::string>(), "meta.txt created_utc (default: now)")(
      "max-evaluations", po::value<int>()->default_value(800),
      "candidates tried per fit (each simulates every run)")(
      "traces", po::value<std::string>()->default_value("../shared/traces"),
      "shared traces folder (length distributions of serving rows)")(
      "force",
      "replace a bundle already in --out, or a non-empty folder gpuplan did not write (never the "
      "current, home or root folder, nor one holding an input)")("quiet,q",
                                                                 "print nothing on success");
  AddCatalogOption(options);
  po::positional_options_description positional;
  positional.add("result", -1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;
  const double regularization = vm["regularization"].as<double>();
  if (!(regularization >= 0)) {
    throw UsageError("--regularization must be >= 0; expected a number such as 0.01");
  }
  const std::string out_dir = vm["out"].as<std::string>();
  if (fs::exists(fs::path(out_dir) / "meta.txt") && !vm.count("force")) {
    throw UsageError(fmt::format("{} already holds a bundle; pass --force to replace it", out_dir));
  }
  // Checked before the fit: an unusable --out costs nothing.
  std::vector<fs::path> inputs(vm["result"].as<std::vector<std::string>>().begin(),
                               vm["result"].as<std::vector<std::string>>().end());
  for (const char* name : {"scenario", "traces"}) {
    if (vm.count(name)) inputs.emplace_back(vm[name].as<std::string>());
  }
  AtomicOutputDir out(out_dir, OutputFolderOptions(vm, "calibration fit-serving", inputs));
  const std::string format = vm.count("format") ? vm["format"].as<std::string>() : "";
  const bool rows = format == "serving_row";
  if (rows == static_cast<bool>(vm.count("scenario"))) {
    throw UsageError(rows ? "--scenario is not used with --format serving_row (each row maps to "
                            "its own scenario)"
                          : "the option '--scenario' is required but missing");
  }
  FitRequest request{.files = vm["result"].as<std::vector<std::string>>(),
                     .hashed = {},
                     .scenario_file = rows ? "the rows' own (validate serving's mapping)"
                                           : vm["scenario"].as<std::string>(),
                     .created_utc = vm.count("created-utc") ? vm["created-utc"].as<std::string>()
                                                            : UtcNowIso8601()};
  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  const Builtins builtins;
  const Catalog catalog = LoadCatalog(CatalogDir(vm));
  std::unique_ptr<ServingFitter> fitter_ptr;
  if (rows) {
    for (const std::string& f : request.files) request.hashed.push_back(RowReference(f).first);
    fitter_ptr = RowFitter(request, catalog, builtins, vm["traces"].as<std::string>());
  } else {
    request.hashed = request.files;
    const Scenario loaded =
        LoadScenario(request.scenario_file, sets, catalog, builtins.MakeLoaderOptions());
    std::vector<MeasuredRun> runs;
    for (const std::string& file : request.files) runs.push_back(ReadMeasuredRun(file, format));
    fitter_ptr = std::make_unique<ServingFitter>(loaded, builtins, std::move(runs));
  }
  const ServingFitter& fitter = *fitter_ptr;
  const Scenario& scenario = fitter.scenario();

  ServingFitOptions fit_options;
  if (vm.count("terms")) fit_options.free_terms = ParseTerms(vm["terms"].as<std::string>());
  fit_options.regularization = regularization;
  fit_options.max_evaluations = vm["max-evaluations"].as<int>();
  if (fit_options.max_evaluations < 1) {
    throw UsageError("--max-evaluations must be >= 1; expected a count such as 800");
  }
  const ServingFitResult fit = fitter.Fit(fit_options);
  std::vector<HeldOutRun> held;
  if (vm.count("leave-one-out")) held = fitter.LeaveOneOut(fit_options);

  WriteBundle(FittedBundle(fitter, fit, scenario, fit_options, request), out.staging().string(),
              true, &fit.start);
  if (!held.empty()) WriteFileAtomic(out.Stage("leave_one_out.csv"), LeaveOneOutCsv(held));
  out.Commit();
  if (!vm.count("quiet")) {
    PrintFit(fitter, fit, io.out);
    if (!held.empty()) PrintHeldOut(held, io.out);
    io.out << fmt::format("\nwrote {}/{{meta.txt, serving_terms.csv{}}}\n", out_dir,
                          held.empty() ? "" : ", leave_one_out.csv");
  }
  return 0;
}

}  // namespace gpuplan
