// plan.json: the plan result as its document (plan_document_builder.cc), written by the one
// plan.json codec (sim/documents/plan_document.h) that the report reads it back with.

#include "sim/plan/plan_output.h"

namespace gpuplan {

std::string PlanJson(const PlanSpec& plan, const PlanResult& result,
                     std::string_view gpuplan_version) {
  return PlanDocumentJson(BuildPlanDocument(plan, result, gpuplan_version));
}

}  // namespace gpuplan
