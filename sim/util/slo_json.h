// The one JSON spelling of a set of SLO thresholds (sim/core/slo.h), shared by summary.json
// (metrics/) and plan.json (plan/): a member per metric, every metric always present, null when
// it has no limit, so readers find the same keys whatever was set.
#pragma once

#include "sim/core/slo.h"
#include "sim/util/json_writer.h"

namespace gpuplan {

// "ttft_ms": 500, "tpot_ms": null, "e2e_ms": 2000, into the object being written.
void WriteSloThresholdsMs(JsonWriter& json, const SloThresholds& thresholds);
// The same keyed by the bare names ("ttft", "tpot", "e2e"), for an object whose key already says
// the unit (plan.json's judged_thresholds_ms).
void WriteSloThresholdsByName(JsonWriter& json, const SloThresholds& thresholds);

}  // namespace gpuplan
