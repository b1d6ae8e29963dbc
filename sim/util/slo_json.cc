#include "sim/util/slo_json.h"

#include <optional>
#include <string_view>

namespace gpuplan {
namespace {

void WriteLimit(JsonWriter& json, std::string_view key, const std::optional<double>& ms) {
  json.Key(key);
  ms ? void(json.Double(*ms)) : void(json.Null());
}

}  // namespace

void WriteSloThresholdsMs(JsonWriter& json, const SloThresholds& thresholds) {
  for (SloMetric m : kSloMetrics) WriteLimit(json, SloMetricMsKey(m), thresholds[m]);
}

void WriteSloThresholdsByName(JsonWriter& json, const SloThresholds& thresholds) {
  for (SloMetric m : kSloMetrics) WriteLimit(json, SloMetricName(m), thresholds[m]);
}

}  // namespace gpuplan
