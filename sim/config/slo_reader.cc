#include "sim/config/slo_reader.h"

#include <string>

#include "sim/core/error.h"

namespace gpuplan::detail {
namespace {

// The preset named at `node`, resolved at `level`; an unknown name is reported there.
std::optional<SloLevels> ReadPreset(const YamlNode& node, SloLevel level, const SloLimits& given) {
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

SloSpec ReadScenarioSlo(YamlMap& map) {
  const Expect positive = Expect::Above(0);
  std::optional<YamlNode> preset = map.Find("preset");
  const bool any = preset || map.Has("ttft_ms") || map.Has("tpot_ms") || map.Has("e2e_ms");
  const SloLimits given{map.Optional<double>("ttft_ms", positive),
                        map.Optional<double>("tpot_ms", positive),
                        map.Optional<double>("e2e_ms", positive)};
  std::optional<SloLevel> level;
  if (std::optional<YamlNode> node = map.Find("level")) {
    level = ReadSloLevel(*node, preset.has_value());
  }
  SloSpec slo;
  if (preset) slo.levels = ReadPreset(*preset, level.value_or(SloLevel::kIdeal), given);
  const SloLimits& at = slo.levels ? slo.levels->AtLevel() : given;
  slo.ttft_ms = at.ttft_ms;
  slo.tpot_ms = at.tpot_ms;
  slo.e2e_ms = at.e2e_ms;
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
