// What the plan report reads: plan.json's PlanDocument (sim/documents/plan_document.h, the one
// codec `gpuplan plan` writes it with), plus the few helpers the report derives from it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/core/slo.h"
#include "sim/documents/plan_document.h"

namespace gpuplan::report {

// The label of a metric's plan.json key ("TTFT" for "ttft"); any other key as it is.
inline std::string SloMetricLabelOfKey(std::string_view key) {
  const std::optional<SloMetric> metric = SloMetricFromName(key);
  return std::string(metric ? SloMetricLabel(*metric) : key);
}

}  // namespace gpuplan::report
