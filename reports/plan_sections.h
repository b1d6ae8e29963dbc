// The sections of the plan report, one function per group, in report order. Internal to
// reports/ (plan_report.cc assembles them).
#pragma once

#include "reports/document.h"
#include "reports/plan_data.h"
#include "reports/run_data.h"

namespace gpuplan::report::detail {

// Summary: recommendation, the numbers a planner signs, predicted latencies, verdicts, N+1 and
// the assumptions (plan_summary.cc).
void AddPlanSummary(Document& doc, const PlanData& plan, const RunData* run);
// Steps 1-5: latency targets, traffic, memory budget, candidates, cost (plan_steps.cc).
void AddPlanSteps(Document& doc, const PlanData& plan);
// Charts: latency CDFs, the knee, the Pareto frontier, a day of traffic, KV and queue, step
// time (plan_figures.cc).
void AddPlanFigures(Document& doc, const PlanData& plan, const RunData* run);

}  // namespace gpuplan::report::detail
