// gpuplan report DIR [--lang en|ja] [--out DIR2] [--quiet]
#include <fmt/format.h>

#include <ostream>

#include "reports/report_folder.h"
#include "sim/cli/cli_support.h"
#include "sim/cli/report_lang.h"
#include "sim/core/error.h"

namespace gpuplan {
namespace {

constexpr const char* kUsage =
    "usage: gpuplan report DIR [--lang en|ja] [--out DIR2]\n\n"
    "Renders the output folder of `gpuplan plan` (plan.json: the provisioning specification) or\n"
    "`gpuplan simulate` (summary.json: the run report) into report.html (one self-contained,\n"
    "printable page with inline SVG charts; no network, no JavaScript) and report.md with its\n"
    "charts in figures/, written into DIR or --out. For a PDF, see docs/reports.md.";

}  // namespace

int RunReportCommand(const std::vector<std::string>& args, CommandIo io) {
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(),
                        "output folder of gpuplan plan or gpuplan simulate")(
      "lang", po::value<std::string>()->default_value("en"), "report language: en or ja")(
      "out", po::value<std::string>(),
      "write the report (and a copy of its input files) here instead of into DIR")(
      "quiet,q", "print nothing on success");
  po::positional_options_description positional;
  positional.add("dir", 1);
  po::variables_map vm;
  if (!ParseCommandLine(args, options, positional, kUsage, &vm, io)) return 0;

  report::ReportOptions report_options;
  report_options.lang = ParseLangOption(vm["lang"].as<std::string>());
  if (vm.count("out")) report_options.out_dir = vm["out"].as<std::string>();
  report_options.info.gpuplan_version = GPUPLAN_VERSION;
  const report::ReportOutcome outcome =
      report::WriteFolderReport(vm["dir"].as<std::string>(), report_options);

  if (!vm.count("quiet")) {
    const bool plan = outcome.kind == report::ReportKind::kPlan;
    io.out << fmt::format("wrote {}/{{report.html, report.md}} and {} figures ({} report, {})\n",
                          outcome.out_dir.string(), outcome.figures, plan ? "plan" : "run",
                          report::LangCode(report_options.lang));
  }
  return 0;
}

}  // namespace gpuplan
