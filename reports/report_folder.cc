#include "reports/report_folder.h"

#include <fmt/format.h>

#include <algorithm>

#include "reports/data_files.h"
#include "reports/plan_data.h"
#include "reports/plan_report.h"
#include "reports/run_data.h"
#include "sim/core/error.h"
#include "sim/util/atomic_file.h"

namespace gpuplan::report {
namespace {

namespace fs = std::filesystem;

// The files of a plan folder a report is built from (the recommended run's are kRunFiles).
constexpr const char* kPlanFiles[] = {"plan.json", "candidates.csv", "pareto.csv"};

int CountFigures(const Document& doc) {
  int figures = 0;
  for (const Section& section : doc.sections()) {
    for (const Block& block : section.blocks()) figures += std::holds_alternative<Figure>(block);
  }
  return figures;
}

// Copies the inputs that exist, so the output folder holds the data behind every number.
void CopyInputs(const fs::path& from, const fs::path& to, const auto& names,
                std::vector<fs::path>* written) {
  for (const char* name : names) {
    if (!fs::exists(from / name)) continue;
    fs::create_directories(to);
    WriteFileAtomic(to / name, ReadTextFile(from / name));
    written->push_back(to / name);
  }
}

// The Kubernetes manifests of a plan folder (every *.yaml of DIR/deployment/, by name); nullopt
// when the folder is absent (a plan of an older gpuplan, or nothing recommended).
std::optional<std::vector<PlanManifest>> ReadManifests(const fs::path& dir) {
  if (!fs::is_directory(dir)) return std::nullopt;
  std::vector<PlanManifest> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    files.push_back({entry.path().filename().string(), ReadTextFile(entry.path())});
  }
  std::sort(files.begin(), files.end(),
            [](const PlanManifest& a, const PlanManifest& b) { return a.name < b.name; });
  return files;
}

[[noreturn]] void FolderError(const fs::path& dir, std::string message) {
  ThrowDataError(dir.string(), 0, 0, "", std::move(message));
}

bool SameFolder(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::exists(b) && fs::equivalent(a, b, ec);
}

// The recommended run must simulate the fleet plan.json recommends; a run left from another plan
// would put its charts under this plan's numbers.
void CheckRecommendedRun(const PlanDocument& plan, const RunData& run, const fs::path& summary) {
  const SummaryDocument& s = run.summary;
  const PlanCandidate* c =
      plan.recommendation ? FindPlanCandidate(plan, plan.recommendation->candidate) : nullptr;
  if (c == nullptr) {
    FolderError(summary,
                "is a run of a recommended fleet, but plan.json recommends none; expected no "
                "recommended/ folder (re-run gpuplan plan)");
  }
  const int replicas = plan.recommendation->replicas;
  if (s.gpu() == c->gpu && s.tensor_parallel() == c->tensor_parallel && s.replicas == replicas) {
    return;
  }
  FolderError(summary, fmt::format("is a run of {} x {} TP{}, but plan.json recommends {} x {} "
                                   "TP{}; expected the recommended fleet's run (re-run gpuplan "
                                   "plan)",
                                   s.replicas, s.gpu(), s.tensor_parallel(), replicas, c->gpu,
                                   c->tensor_parallel));
}

void CheckFolder(const fs::path& dir) {
  if (!fs::is_directory(dir)) {
    FolderError(dir,
                "not a folder; expected the output folder of `gpuplan plan` or `gpuplan simulate`");
  }
}

// The plan report of folder `dir` whose plan.json is `plan`; `manifests` gets DIR/deployment/.
Document PlanFolderReport(const fs::path& dir, const PlanDocument& plan,
                          const ReportOptions& options,
                          std::optional<std::vector<PlanManifest>>* manifests) {
  const fs::path run_dir = dir / kRecommendedRunDir;
  std::optional<RunData> run;
  if (fs::exists(run_dir / "summary.json")) {
    run = ReadRunData(run_dir);
    CheckRecommendedRun(plan, *run, run_dir / "summary.json");
  }
  *manifests = ReadManifests(dir / kKubernetesDir);
  return BuildPlanReport(plan, run ? &*run : nullptr, options.lang, options.info,
                         *manifests ? &**manifests : nullptr);
}

// Writes `doc` and, for an output folder other than `dir`, copies the inputs behind it.
ReportOutcome Finish(const fs::path& dir, const ReportOptions& options, ReportKind kind,
                     const Document& doc,
                     const std::optional<std::vector<PlanManifest>>& manifests) {
  ReportOutcome outcome;
  outcome.kind = kind;
  outcome.out_dir = options.out_dir.value_or(dir);
  const bool copy = !SameFolder(dir, outcome.out_dir);
  outcome.figures = CountFigures(doc);
  outcome.written = WriteReport(doc, outcome.out_dir);
  if (copy && outcome.kind == ReportKind::kPlan) {
    CopyInputs(dir, outcome.out_dir, kPlanFiles, &outcome.written);
    CopyInputs(dir / kRecommendedRunDir, outcome.out_dir / kRecommendedRunDir, kRunFiles,
               &outcome.written);
    for (const PlanManifest& m : manifests ? *manifests : std::vector<PlanManifest>{}) {
      const fs::path to = outcome.out_dir / kKubernetesDir;
      fs::create_directories(to);
      WriteFileAtomic(to / m.name, m.text);
      outcome.written.push_back(to / m.name);
    }
  } else if (copy) {
    CopyInputs(dir, outcome.out_dir, kRunFiles, &outcome.written);
  }
  return outcome;
}

}  // namespace

ReportOutcome WriteFolderReport(const fs::path& dir, const PlanDocument& plan,
                                const ReportOptions& options) {
  CheckFolder(dir);
  std::optional<std::vector<PlanManifest>> manifests;
  const Document doc = PlanFolderReport(dir, plan, options, &manifests);
  return Finish(dir, options, ReportKind::kPlan, doc, manifests);
}

ReportOutcome WriteFolderReport(const fs::path& dir, const ReportOptions& options) {
  CheckFolder(dir);
  ReportKind kind = ReportKind::kRun;
  std::optional<Document> doc;
  std::optional<std::vector<PlanManifest>> manifests;
  if (fs::exists(dir / "plan.json")) {
    kind = ReportKind::kPlan;
    doc = PlanFolderReport(dir, ReadPlanDocumentFile(dir / "plan.json"), options, &manifests);
  } else if (fs::exists(dir / "summary.json")) {
    doc = BuildRunReport(ReadRunData(dir), options.lang, options.info);
  } else {
    FolderError(dir,
                "no plan.json or summary.json; expected the output folder of `gpuplan plan` or "
                "`gpuplan simulate`");
  }
  return Finish(dir, options, kind, *doc, manifests);
}

}  // namespace gpuplan::report
