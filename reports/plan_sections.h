// The sections of the plan report, one function per group, in report order. Internal to
// reports/ (plan_report.cc assembles them).
#pragma once

#include "reports/document.h"
#include "reports/plan_data.h"
#include "reports/plan_report.h"
#include "reports/run_data.h"

namespace gpuplan::report::detail {

// Executive summary: the fleet, its monthly cost, the targets it meets, its two main risks and
// what to verify before buying, one line each, from plan.json alone (plan_overview.cc).
void AddExecutiveSummary(Document& doc, const PlanDocument& plan);
// Summary: recommendation, the numbers a planner signs, predicted latencies, verdicts, N+1 and
// the assumptions (plan_summary.cc).
void AddPlanSummary(Document& doc, const PlanDocument& plan, const RunData* run);
// The risk register: each rule's level and evidence (plan_risks.h); `run` only adds evidence.
void AddRiskRegister(Document& doc, const PlanDocument& plan, const RunData* run);
// Steps 1-5: latency targets, traffic, memory budget, candidates, cost (plan_steps.cc).
void AddPlanSteps(Document& doc, const PlanDocument& plan);
// Charts: latency CDFs, the knee, the Pareto frontier, a day of traffic, KV and queue, step
// time (plan_figures.cc).
void AddPlanFigures(Document& doc, const PlanDocument& plan, const RunData* run);
// The Kubernetes manifests of PLAN_DIR/deployment/, listed and shown verbatim; a note when
// `manifests` is null or empty, or belongs to another fleet (plan_overview.cc).
void AddKubernetes(Document& doc, const PlanDocument& plan,
                   const std::vector<PlanManifest>* manifests);
// The approval block: plan, run date, gpuplan version, and fields to fill in by hand.
void AddApproval(Document& doc, const PlanDocument& plan);

}  // namespace gpuplan::report::detail
