// The provisioning specification (`gpuplan report PLAN_DIR`): what a planner signs off and
// procurement buys from. Summary first (the recommended fleet, its cost, predicted latencies with
// confidence intervals, SLO verdicts, N+1 headroom, the assumptions that drive the answer), then
// the provisioning steps with their numbers (latency targets, traffic, memory budget, candidates
// and why each was rejected, cost), the charts, and provenance to reproduce it.
//
// Built from plan.json alone; `recommended_run`, a simulate output of the recommended fleet at
// peak (PLAN_DIR/recommended/ when the plan wrote one), adds the per-request charts: latency
// CDFs, KV cache and queue over time, and the step-time breakdown. Without it those sections say
// how to produce it. `manifests`, the files of PLAN_DIR/deployment/ (the recommended fleet's
// Kubernetes manifests), are listed and shown verbatim; without them that section says so.
//
// The report opens with an executive summary (the fleet, its monthly cost, the targets it meets,
// its two main risks, what to verify before buying), has a risk register after the summary
// (plan_risks.h: each rule's level and the evidence from plan.json) and ends with an approval
// block to fill in by hand.
#pragma once

#include <string>
#include <vector>

#include "reports/document.h"
#include "reports/plan_data.h"
#include "reports/run_data.h"
#include "reports/run_report.h"

namespace gpuplan::report {

// A file of PLAN_DIR/deployment/: its name ("hpa.yaml") and text.
struct PlanManifest {
  std::string name;
  std::string text;
};

Document BuildPlanReport(const PlanDocument& plan, const RunData* recommended_run, Lang lang,
                         const ReportInfo& info,
                         const std::vector<PlanManifest>* manifests = nullptr);

}  // namespace gpuplan::report
