// What `gpuplan plan` writes: plan.json (every step's inputs, derivations and results, every
// candidate with its probes, the recommendation, Pareto set, sensitivity, N+1 and autoscaler
// comparison, provenance), candidates.csv and pareto.csv (one row per candidate / point), and
// the console summary. The schema is in docs/planning-method.md; plan.json's content is the
// PlanDocument of sim/documents/plan_document.h, whose codec writes it here and reads it in
// reports/.
// Every text is a pure function of the plan result, so equal plans give byte-identical files.
#pragma once

#include <string>
#include <string_view>

#include "sim/config/plan_spec.h"
#include "sim/documents/plan_document.h"
#include "sim/plan/planner.h"

namespace gpuplan {

// The plan as plan.json's document; `gpuplan_version` is recorded in the provenance.
PlanDocument BuildPlanDocument(const PlanSpec& plan, const PlanResult& result,
                               std::string_view gpuplan_version);
// PlanDocumentJson(BuildPlanDocument(...)): the whole file's text.
std::string PlanJson(const PlanSpec& plan, const PlanResult& result,
                     std::string_view gpuplan_version);
std::string CandidatesCsv(const PlanResult& result);
std::string ParetoCsv(const PlanResult& result);

// The console summary: the derivations, the memory and candidate tables, the recommendation
// and its robustness.
std::string FormatPlanSummary(const PlanSpec& plan, const PlanResult& result);

}  // namespace gpuplan
