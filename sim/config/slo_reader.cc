#include "sim/config/slo_reader.h"

#include <string>

#include "sim/core/error.h"

namespace gpuplan::detail {
namespace {

// The preset named at `node`, resolved at `level`; an unknown name is reported there.
std::optional<SloLevels> ReadPreset(const YamlNode& node, SloLevel level,
                                    const SloThresholds& given) {
  std::optional<std::string> name = node.As<std::string>();
  if (!name) return std::nullopt;
  try {
    return ResolveSloLevels(*name, level, given);
  } catch (const ConfigError& e) {
    for (const Diagnostic& d : e.diagnostics()) node.Fail(d.message);
    return std::nullopt;
  }
}

}  // namespace

std::optional<SloLevel> ReadSloLevel(const YamlNode& node, bool has_preset) {
  std::optional<std::string> name = node.As<std::string>(Expect::OneOf(SloLevelNames()));
  if (!name) return std::nullopt;
  if (!has_preset) {
    node.Fail(
        "given without a preset; expected slo.preset beside it (a level picks one of the "
        "preset's two target sets)");
    return std::nullopt;
  }
  return SloLevelFromName(*name);
}

SloThresholds ReadSloThresholds(YamlMap& map) {
  SloThresholds thresholds;
  for (SloMetric m : kSloMetrics) {
    thresholds[m] = map.Optional<double>(SloMetricMsKey(m), Expect::Above(0));
  }
  return thresholds;
}

SloSpec ReadScenarioSlo(YamlMap& map) {
  std::optional<YamlNode> preset = map.Find("preset");
  bool any = preset.has_value();
  for (SloMetric m : kSloMetrics) any = any || map.Has(SloMetricMsKey(m));
  const SloThresholds given = ReadSloThresholds(map);
  std::optional<SloLevel> level;
  if (std::optional<YamlNode> node = map.Find("level")) {
    level = ReadSloLevel(*node, preset.has_value());
  }
  SloSpec slo;
  if (preset) slo.levels = ReadPreset(*preset, level.value_or(SloLevel::kIdeal), given);
  slo.thresholds = slo.levels ? slo.levels->AtLevel() : given;
  slo.percentile =
      map.Get("percentile", slo.levels ? slo.levels->percentile : slo.percentile,
              Expect{.min = 0, .max = 100, .min_exclusive = true, .max_exclusive = true});
  if (!any) {
    map.node().Fail(
        "no threshold given; expected a preset or at least one of ttft_ms, tpot_ms, e2e_ms");
  }
  map.Finish();
  return slo;
}

}  // namespace gpuplan::detail
