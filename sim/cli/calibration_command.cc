// gpuplan calibration show|validate|diff|import-vidur|fidelity|fit|fit-serving: calibration
// bundles (the measured per-op tables the `calibrated` latency model reads) and the fidelity of
// gpuplan's latency models against published measurements. The work is in sim/calibration/; this
// file only parses the command lines. Exit codes: 0 ok, 1 a check failed (drift, an invalid bundle,
// a stale document, defaults that no longer match the fit), 2 bad input.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "sim/bundle/bundle_writer.h"
#include "sim/calibration/bundle_check.h"
#include "sim/calibration/bundle_diff.h"
#include "sim/calibration/fidelity_run.h"
#include "sim/calibration/vidur_import.h"
#include "sim/cli/cli_support.h"
#include "sim/cli/output_folder.h"
#include "sim/core/error.h"
#include "sim/core/suggest.h"
#include "sim/util/atomic_file.h"
#include "sim/util/text_file.h"

namespace gpuplan {

int RunFitServing(const std::vector<std::string>& args, CommandIo io);  // fit_serving_command.cc

namespace {

constexpr const char* kUsage =
    "usage: gpuplan calibration <subcommand> [options]\n\n"
    "subcommands:\n"
    "  show BUNDLE                  provenance and coverage of a bundle\n"
    "  validate BUNDLE [--model M --tp N ...]\n"
    "                               schema, units, monotonic sanity, coverage of a model\n"
    "  diff A B [--tolerance 5%]    op-by-op comparison; exit 1 on drift\n"
    "  import-vidur --gpu G --model M --out DIR\n"
    "                               convert Vidur's published profiles into a bundle\n"
    "  fidelity [--out docs/validation.md | --check docs/validation.md]\n"
    "                               error tables against Vidur and Splitwise measurements\n"
    "  fit                          refit the roofline efficiency factors on the fit half\n"
    "  fit-serving RESULT... --scenario S --out BUNDLE\n"
    "                               fit engine-level terms to real load tests\n\n"
    "Run `gpuplan calibration <subcommand> --help` for its options.";

std::string TracesDir(const po::variables_map& vm) { return vm["traces"].as<std::string>(); }

void AddTracesOption(po::options_description& options) {
  options.add_options()("traces", po::value<std::string>()->default_value("../shared/traces"),
                        "shared traces folder (holds profiling/vidur and profiling/splitwise-sim)");
}

int RunShow(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("bundle", po::value<std::string>()->required(), "bundle folder");
  po::positional_options_description positional;
  positional.add("bundle", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional,
                        "usage: gpuplan calibration show BUNDLE\n\nPrints a bundle's provenance "
                        "and, per table, the measured series with their size ranges.",
                        &vm, io)) {
    return 0;
  }
  PrintBundleSummary(ReadBundle(vm["bundle"].as<std::string>()), io.out);
  return 0;
}

double ParseFraction(const po::variables_map& vm, const char* name) {
  const std::string text = vm[name].as<std::string>();
  const std::optional<double> value = ParseTolerance(text);
  if (!value)
    throw UsageError(
        fmt::format("--{} '{}': expected a fraction or a percentage "
                    "such as 5%",
                    name, text));
  return *value;
}

int RunValidate(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("bundle", po::value<std::string>()->required(), "bundle folder")(
      "model", po::value<std::string>(), "catalog model whose coverage to report")(
      "tp", po::value<std::vector<int>>()->multitoken(), "tensor-parallel sizes (default 1)")(
      "monotonic-slack", po::value<std::string>()->default_value("20%"),
      "how far a time may fall below a smaller size's before it is an error");
  AddCatalogOption(options);
  po::positional_options_description positional;
  positional.add("bundle", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional,
                        "usage: gpuplan calibration validate BUNDLE [--model M --tp N ...]\n\n"
                        "Reads the bundle (the format's reader rules: schema version, columns, "
                        "units, statistics in order), then checks times that look like ms, times "
                        "that fall as sizes grow, and with --model which ops of that model the "
                        "bundle covers. Exit 1 when a check fails.",
                        &vm, io)) {
    return 0;
  }
  const Bundle bundle = ReadBundle(vm["bundle"].as<std::string>());
  BundleCheckOptions check_options;
  check_options.monotonic_slack = ParseFraction(vm, "monotonic-slack");
  ModelSpec model;
  if (vm.count("model")) {
    const Catalog catalog = LoadCatalog(CatalogDir(vm));
    const std::string name = vm["model"].as<std::string>();
    auto it = catalog.models.find(name);
    if (it == catalog.models.end()) {
      throw UsageError(fmt::format("--model '{}' is not in the catalog; expected one of: {}", name,
                                   JoinNames(CatalogNames(catalog.models))));
    }
    model = it->second;
    check_options.model = &model;
    check_options.tps = vm.count("tp") ? vm["tp"].as<std::vector<int>>() : std::vector<int>{1};
  }
  const BundleCheck check = CheckBundle(bundle, check_options);
  for (const std::string& line : check.coverage) io.out << "coverage: " << line << "\n";
  for (const std::string& w : check.warnings) io.out << "warning: " << w << "\n";
  for (const std::string& e : check.errors) io.out << "error: " << e << "\n";
  io.out << fmt::format("{}: {}\n", bundle.dir,
                        check.ok() ? "valid" : fmt::format("{} problems", check.errors.size()));
  return check.ok() ? 0 : 1;
}

int RunDiff(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("a", po::value<std::string>()->required(), "reference bundle")(
      "b", po::value<std::string>()->required(), "bundle compared with it")(
      "tolerance", po::value<std::string>()->default_value("5%"),
      "largest |B - A| / A that is not drift (5% or 0.05)")(
      "max-rows", po::value<size_t>()->default_value(50), "drifted ops printed at most");
  po::positional_options_description positional;
  positional.add("a", 1).add("b", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional,
                        "usage: gpuplan calibration diff A B [--tolerance 5%]\n\nCompares every "
                        "measured op of A with B (interpolating B where it measured other "
                        "sizes). Exit 0: no drift; 1: drift; 2: bad input.",
                        &vm, io)) {
    return 0;
  }
  const double tolerance = ParseFraction(vm, "tolerance");
  const Bundle a = ReadBundle(vm["a"].as<std::string>());
  const Bundle b = ReadBundle(vm["b"].as<std::string>());
  const BundleDiff diff = DiffBundles(a, b, tolerance);
  PrintDiff(diff, a.dir, b.dir, vm["max-rows"].as<size_t>(), io.out);
  return diff.HasDrift() ? 1 : 0;
}

int RunImportVidur(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("gpu", po::value<std::string>()->required(), "Vidur GPU: h100 or a100")(
      "model", po::value<std::string>()->required(),
      "Vidur model folder, e.g. meta-llama/Meta-Llama-3-8B")(
      "vidur", po::value<std::string>()->default_value("../shared/traces/profiling/vidur"),
      "folder with Vidur's compute/ and network/ profiles")(
      "out", po::value<std::string>()->required(), "bundle folder to write")(
      "created", po::value<std::string>()->default_value(""),
      "created_utc to record (default: now)")(
      "force",
      "replace an existing bundle, or a non-empty folder gpuplan did not write (never the "
      "current, home or root folder, nor one holding an input)");
  po::variables_map vm;
  if (!ParseCommandLine(args, options, {},
                        "usage: gpuplan calibration import-vidur --gpu h100 --model "
                        "meta-llama/Llama-2-70b-hf --out configs/calibration/h100_sxm/"
                        "vidur-llama-2-70b\n\nConverts Vidur's mlp.csv of one model and the GPU's "
                        "NCCL profiles into a bundle (ms -> us, provenance in meta.txt).",
                        &vm, io)) {
    return 0;
  }
  const std::string out = vm["out"].as<std::string>();
  if (std::filesystem::exists(std::filesystem::path(out) / "meta.txt") && !vm.count("force")) {
    throw UsageError(fmt::format("{} already holds a bundle; pass --force to replace it", out));
  }
  // Staged and swapped in whole (ADR 0009), so that a bundle folder never mixes two imports.
  AtomicOutputDir out_dir(
      out, OutputFolderOptions(vm, "calibration import-vidur", {vm["vidur"].as<std::string>()}));
  VidurImportRequest request{vm["vidur"].as<std::string>(), vm["gpu"].as<std::string>(),
                             vm["model"].as<std::string>(), GPUPLAN_VERSION,
                             vm["created"].as<std::string>()};
  const Bundle bundle = ImportVidur(request);
  WriteBundle(bundle, out_dir.staging().string(), true);
  out_dir.Commit();
  io.out << fmt::format("wrote {}:", out);
  for (const BundleTable& t : bundle.tables) {
    io.out << fmt::format(" {}.csv ({} rows)", t.schema().name, t.rows.size());
  }
  io.out << "\n";
  return 0;
}

FidelityRequest MakeFidelityRequest(const po::variables_map& vm, bool fit) {
  const Catalog catalog = LoadCatalog(CatalogDir(vm));
  auto need = [](const auto& map, const std::string& name) {
    auto it = map.find(name);
    if (it == map.end()) throw ConfigError(fmt::format("the catalog has no '{}'", name));
    return it->second;
  };
  FidelityRequest request;
  request.traces_dir = TracesDir(vm);
  request.h100 = need(catalog.gpus, "h100_sxm");
  request.a100 = need(catalog.gpus, "a100_80gb_sxm");
  request.engine = need(catalog.engines, "vllm");
  request.splitwise_models["llama2-70b"] = need(catalog.models, "llama-2-70b");
  if (catalog.models.count("bloom-176b")) {
    request.splitwise_models["bloom-176b"] = catalog.models.at("bloom-176b");
  }
  request.allreduce_reference = CatalogDir(vm) + "/calibration/reference/allreduce_h100.csv";
  request.fit = fit;
  return request;
}

std::string ReadFile(const std::string& path) {
  if (const std::optional<std::string> problem = InputFileProblem(path)) {
    throw UsageError(fmt::format("{}: {}", path, *problem));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("cannot read {}", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int RunFidelity(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("out", po::value<std::string>(),
                        "rewrite the generated tables of this document (docs/validation.md)")(
      "check", po::value<std::string>(), "exit 1 when this document's tables are out of date")(
      "no-fit", "skip the roofline fit (faster)");
  AddTracesOption(options);
  AddCatalogOption(options);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, {},
                        "usage: gpuplan calibration fidelity [--out docs/validation.md]\n\n"
                        "Computes the error tables of docs/validation.md from the Vidur and "
                        "Splitwise measurements; prints them, or rewrites (--out) or checks "
                        "(--check) the document's generated sections.",
                        &vm, io)) {
    return 0;
  }
  const auto tables = FidelityTables(RunFidelity(MakeFidelityRequest(vm, !vm.count("no-fit"))));
  const char* mode = vm.count("out") ? "out" : vm.count("check") ? "check" : nullptr;
  if (mode == nullptr) {
    for (const auto& [name, text] : tables) io.out << "## " << name << "\n\n" << text << "\n";
    return 0;
  }
  const std::string path = vm[mode].as<std::string>();
  const std::string doc = ReadFile(path);
  std::vector<std::string> stale, unplaced;
  const std::string filled = FillGeneratedSections(doc, tables, &stale, &unplaced);
  for (const std::string& s : unplaced) io.err << "warning: no section for table " << s << "\n";
  if (std::string(mode) == "check") {
    io.out << (filled == doc ? "up to date\n" : "out of date: rerun with --out\n");
    return filled == doc ? 0 : 1;
  }
  WriteFileAtomic(path, filled);
  io.out << fmt::format("rewrote {} generated sections of {}\n", tables.size() - unplaced.size(),
                        path);
  return 0;
}

int RunFit(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  AddTracesOption(options);
  AddCatalogOption(options);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, {},
                        "usage: gpuplan calibration fit [--traces DIR]\n\nRefits the roofline's "
                        "efficiency factors on the fit half of the Vidur profiles (grid search; "
                        "docs/validation.md) and compares them with the defaults. Exit 1 when a "
                        "default is more than one grid step from the fit.",
                        &vm, io)) {
    return 0;
  }
  const FidelityRequest request = MakeFidelityRequest(vm, true);
  const VidurDataset data =
      LoadVidurDataset(request.traces_dir + "/profiling/vidur", request.h100, request.a100);
  bool match = false;
  io.out << FormatFitReport(FitRooflineOnVidur(data), RooflineOptions{}, &match);
  const AllReduceFit ar =
      FitEngineAllReduce(ReadAllReduceReference(request.allreduce_reference), request.h100);
  for (const std::string& line : ar.log) io.out << "engine all-reduce fit half: " << line << "\n";
  std::vector<std::string> lines;
  const bool ar_match = EngineAllReduceDefaultsMatch(ar.options, RooflineOptions{}, &lines);
  for (const std::string& line : lines) io.out << line << "\n";
  return match && ar_match ? 0 : 1;
}

}  // namespace

int RunCalibrationCommand(const std::vector<std::string>& args, CommandIo io) {
  using Sub = int (*)(const std::vector<std::string>&, CommandIo);
  const std::map<std::string, Sub> subs = {{"show", RunShow},
                                           {"validate", RunValidate},
                                           {"diff", RunDiff},
                                           {"import-vidur", RunImportVidur},
                                           {"fidelity", RunFidelity},
                                           {"fit", RunFit},
                                           {"fit-serving", RunFitServing}};
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    io.out << kUsage << "\n";
    return args.empty() ? 2 : 0;
  }
  auto it = subs.find(args[0]);
  if (it == subs.end()) {
    std::vector<std::string> names;
    for (const auto& [name, run] : subs) names.push_back(name);
    throw UsageError(fmt::format("unknown calibration subcommand '{}'; expected one of: {}",
                                 args[0], JoinNames(names)));
  }
  return it->second({args.begin() + 1, args.end()}, io);
}

}  // namespace gpuplan
