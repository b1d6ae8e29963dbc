// The second pass of scenario validation: rules that relate fields of different sections
// (parallelism vs model shape, engine limits vs model context, dtypes vs GPU). Per-field rules
// (types, ranges such as 0 < gpu_memory_utilization <= 1 or 0 < percentile < 100) are checked
// while reading; these run after, on the typed Scenario.
#pragma once

#include <string_view>

#include "sim/config/scenario.h"
#include "sim/core/error.h"

namespace gpuplan::detail {

// True when a first-pass diagnostic concerns `path`, one of its parents or one of its children:
// a check reading that value must not run on it (it holds a placeholder, maybe zero).
bool PathFailed(const Diagnostics& first_pass, std::string_view path);

// Adds a diagnostic to `diags` for each violated rule, skipping rules whose inputs already
// failed in `first_pass`. Each is located at the scenario key to change.
void CheckScenario(const Scenario& scenario, const Diagnostics& first_pass, Diagnostics& diags);

}  // namespace gpuplan::detail
