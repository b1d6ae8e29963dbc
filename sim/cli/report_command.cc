// gpuplan report DIR [--lang en|ja] [--out DIR2] [--quiet]
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <ostream>

#include "reports/report_folder.h"
#include "sim/cli/cli_support.h"
#include "sim/cli/output_folder.h"
#include "sim/cli/report_lang.h"
#include "sim/core/error.h"
#include "sim/util/atomic_file.h"

namespace gpuplan {
namespace {

constexpr const char* kUsage =
    "usage: gpuplan report DIR [--lang en|ja] [--out DIR2]\n\n"
    "Renders the output folder of `gpuplan plan` (plan.json: the provisioning specification) or\n"
    "`gpuplan simulate` (summary.json: the run report) into report.html (one self-contained,\n"
    "printable page with inline SVG charts; no network, no JavaScript) and report.md with its\n"
    "charts in figures/, written into DIR or --out. For a PDF, see docs/reports.md.";

// True when `out` names the folder `dir` itself (then the report is written beside its inputs).
bool SameFolder(const std::filesystem::path& dir, const std::filesystem::path& out) {
  std::error_code ec;
  return std::filesystem::equivalent(dir, out, ec) && !ec;
}

}  // namespace

int RunReportCommand(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(),
                        "output folder of gpuplan plan or gpuplan simulate")(
      "lang", po::value<std::string>()->default_value("en"), "report language: en or ja")(
      "out", po::value<std::string>(),
      "write the report (and a copy of its input files) here instead of into DIR")(
      "quiet,q", "print nothing on success");
  AddForceOutOption(options);
  po::positional_options_description positional;
  positional.add("dir", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;

  report::ReportOptions report_options;
  report_options.lang = ParseLangOption(vm["lang"].as<std::string>());
  report_options.info.gpuplan_version = GPUPLAN_VERSION;
  const std::string dir = vm["dir"].as<std::string>();
  // Another folder is written like every output folder (ADR 0009): staged, then swapped in
  // whole, so that it never mixes two reports; DIR itself only gets the report files beside
  // the run's own, each written atomically.
  std::unique_ptr<AtomicOutputDir> staged;
  if (vm.count("out") && !SameFolder(dir, vm["out"].as<std::string>())) {
    staged = std::make_unique<AtomicOutputDir>(vm["out"].as<std::string>(),
                                               OutputFolderOptions(vm, "report", {dir}));
    report_options.out_dir = staged->staging();
  }
  report::ReportOutcome outcome = report::WriteFolderReport(dir, report_options);
  if (staged) {
    staged->Commit();
    outcome.out_dir = staged->dir();
  }

  if (!vm.count("quiet")) {
    const bool plan = outcome.kind == report::ReportKind::kPlan;
    io.out << fmt::format("wrote {}/{{report.html, report.md}} and {} figures ({} report, {})\n",
                          outcome.out_dir.string(), outcome.figures, plan ? "plan" : "run",
                          report::LangCode(report_options.lang));
  }
  return 0;
}

}  // namespace gpuplan
