// The provisioning specification (`gpuplan report PLAN_DIR`): what a planner signs off and
// procurement buys from. Summary first (the recommended fleet, its cost, predicted latencies with
// confidence intervals, SLO verdicts, N+1 headroom, the assumptions that drive the answer), then
// the provisioning steps with their numbers (latency targets, traffic, memory budget, candidates
// and why each was rejected, cost), the charts, and provenance to reproduce it.
//
// Built from plan.json alone; `recommended_run`, a simulate output of the recommended fleet at
// peak (PLAN_DIR/recommended/ when the plan wrote one), adds the per-request charts: latency
// CDFs, KV cache and queue over time, and the step-time breakdown. Without it those sections say
// how to produce it.
#pragma once

#include "reports/document.h"
#include "reports/plan_data.h"
#include "reports/run_data.h"
#include "reports/run_report.h"

namespace gpuplan::report {

Document BuildPlanReport(const PlanData& plan, const RunData* recommended_run, Lang lang,
                         const ReportInfo& info);

}  // namespace gpuplan::report
