// `gpuplan report DIR`: finds what DIR holds and writes its report beside it.
//   - DIR/plan.json (gpuplan plan): the provisioning specification; DIR/recommended/, when present,
//     is a simulate output of the recommended fleet and adds the per-request charts, and the
//     *.yaml files of DIR/deployment/ are the Kubernetes manifests the report lists;
//   - else DIR/summary.json (gpuplan simulate): the run report.
// Writes report.html, report.md and figures/*.svg into DIR (or the chosen output folder, which
// then also gets a copy of the files the report was built from), each file atomically.
// This is the one call the CLI (`gpuplan report`, `gpuplan plan --report`) needs.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "reports/locale.h"
#include "reports/run_report.h"
#include "sim/documents/plan_document.h"

namespace gpuplan::report {

// The subfolder of a plan folder that holds a simulate output of the recommended fleet.
inline constexpr const char* kRecommendedRunDir = "recommended";
// The subfolder of a plan folder that holds the recommended fleet's Kubernetes manifests
// (sim/plan/kubernetes_manifests.h), which the plan report lists.
inline constexpr const char* kKubernetesDir = "deployment";

struct ReportOptions {
  Lang lang = Lang::kEn;
  std::optional<std::filesystem::path> out_dir;  // default: the input folder
  ReportInfo info;
};

enum class ReportKind { kRun, kPlan };

struct ReportOutcome {
  ReportKind kind = ReportKind::kRun;
  std::filesystem::path out_dir;
  std::vector<std::filesystem::path> written;  // report files, then copied inputs
  int figures = 0;
};

// Throws ConfigError (exit code 2) when DIR holds neither file or a file is malformed.
ReportOutcome WriteFolderReport(const std::filesystem::path& dir, const ReportOptions& options);
// The same for a plan folder whose plan.json is `plan`, already in memory (`gpuplan plan
// --report`, which has just written it): rendered from the document rather than re-read from the
// file; DIR's recommended/ run and deployment/ manifests are read as above.
ReportOutcome WriteFolderReport(const std::filesystem::path& dir, const PlanDocument& plan,
                                const ReportOptions& options);

}  // namespace gpuplan::report
