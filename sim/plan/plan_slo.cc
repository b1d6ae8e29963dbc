// Step 1 of a plan: the latency targets every probe is judged against.

#include <fmt/format.h>

#include <utility>

#include "sim/plan/plan_inputs.h"

namespace gpuplan {
namespace {

// Runs `resolve`, turning its ConfigError into diagnostics at `path` in the plan.
template <class F>
void AtPlanKey(const PlanSpec& plan, std::string_view path, Diagnostics& diags, F&& resolve) {
  try {
    resolve();
  } catch (const ConfigError& e) {
    for (const Diagnostic& d : e.diagnostics()) {
      diags.Add(plan.LocOf(path), std::string(path), d.message);
    }
  }
}

// "TTFT target = 500 ms (given)".
void AddTargetStep(std::vector<DerivationStep>& steps, SloMetric metric,
                   const std::optional<double>& value, const std::string& origin) {
  if (value)
    steps.push_back({fmt::format("{} target", SloMetricLabel(metric)), origin, *value, "ms"});
}

// "preset chatbot" at the ideal level (the default), "preset chatbot (acceptable)" otherwise.
std::string Origin(const std::optional<double>& given, const std::string& preset,
                   const std::optional<SloLevel>& level) {
  if (given) return "given";
  if (preset.empty()) return "";
  if (level.value_or(SloLevel::kIdeal) == SloLevel::kIdeal) return fmt::format("preset {}", preset);
  return fmt::format("preset {} ({})", preset, SloLevelName(*level));
}

SloStep FromBaseScenario(const PlanSpec& plan) {
  SloStep step;
  step.source = "base scenario";
  const SloSpec& s = *plan.base.slo;
  step.targets.thresholds = s.thresholds;
  step.targets.percentile = s.percentile;
  step.targets.levels = s.levels;
  if (s.levels) step.targets.preset = s.levels->preset;
  for (SloMetric m : kSloMetrics) {
    AddTargetStep(step.steps, m, s.thresholds[m], "base scenario slo");
  }
  return step;
}

// Each target with where it came from: the speed's derivation, given, or the preset (and level).
void AddPlanTargetSteps(SloStep& step, const PlanSloSpec& in) {
  const SloTargets& t = step.targets;
  const SloThresholds& given = in.thresholds;
  if (t.speed && !given.tpot_ms()) step.steps.push_back(t.speed->step);
  for (SloMetric m : kSloMetrics) {
    // A TPOT target derived from the speed is the speed's step above.
    if (m == SloMetric::kTpot && !given.tpot_ms() && t.speed) continue;
    AddTargetStep(step.steps, m, t.thresholds[m], Origin(given[m], in.preset, in.level));
  }
}

// With a latency safety factor above 1: the threshold each probe is really judged against.
void AddJudgedSteps(SloStep& step) {
  const double f = step.latency_safety_factor;
  if (f == 1) return;
  const SloThresholds& targets = step.targets.thresholds;
  for (SloMetric m : kSloMetrics) {
    const std::optional<double>& target = targets[m];
    if (!target) continue;
    const std::string_view label = SloMetricLabel(m);
    step.steps.push_back({fmt::format("{} threshold judged", label),
                          fmt::format("{} target / latency safety factor = {} / {}", label,
                                      FormatNumber(*target), FormatNumber(f)),
                          *target / f, "ms"});
  }
}

// The per-user speed the plan gives (speed_tokens_per_s or speed_grade), if any.
std::optional<SpeedTarget> GivenSpeed(const PlanSpec& plan, Diagnostics& diags) {
  std::optional<SpeedTarget> speed;
  if (plan.slo.speed_tokens_per_s) {
    speed = SpeedTargetFromTokensPerSecond(*plan.slo.speed_tokens_per_s);
  }
  if (!plan.slo.speed_grade.empty()) {
    AtPlanKey(plan, "slo.speed_grade", diags,
              [&] { speed = SpeedTargetFromGrade(plan.slo.speed_grade); });
  }
  return speed;
}

std::optional<double> SpeedTpot(const std::optional<SpeedTarget>& speed) {
  return speed ? std::optional<double>(speed->tpot_ms) : std::nullopt;
}

bool SloSectionEmpty(const PlanSloSpec& s) {
  return s.preset.empty() && !s.level && !s.thresholds.any() && !s.speed_tokens_per_s &&
         s.speed_grade.empty() && !s.percentile;
}

}  // namespace

SloSpec SloStep::AsSloSpec() const {
  SloSpec spec;
  spec.thresholds = targets.thresholds;
  spec.percentile = targets.percentile;
  spec.levels = targets.levels;
  return spec;
}

SloThresholds SloStep::Judged() const {
  SloThresholds judged;
  for (SloMetric m : kSloMetrics) {
    if (const std::optional<double>& target = targets.thresholds[m]) {
      judged[m] = *target / latency_safety_factor;
    }
  }
  return judged;
}

SloStep ResolvePlanSlo(const PlanSpec& plan, Diagnostics& diags) {
  const PlanSloSpec& in = plan.slo;
  if (SloSectionEmpty(in) && plan.base.slo) {
    SloStep step = FromBaseScenario(plan);
    step.latency_safety_factor = plan.search.latency_safety_factor;
    AddJudgedSteps(step);
    return step;
  }
  SloStep step;
  step.latency_safety_factor = plan.search.latency_safety_factor;
  step.source = "plan";
  const size_t errors_before = diags.size();
  // A given speed replaces the preset's TPOT at both levels, so it is resolved first; its
  // problem is reported after the preset's, in the order of the keys.
  Diagnostics speed_diags;
  const std::optional<SpeedTarget> speed = GivenSpeed(plan, speed_diags);
  SloThresholds given = in.thresholds;
  if (!given.tpot_ms()) given[SloMetric::kTpot] = SpeedTpot(speed);
  SloTargets& t = step.targets;
  if (!in.preset.empty()) {
    AtPlanKey(plan, "slo.preset", diags,
              [&] { t = ResolveSloPreset(in.preset, in.level.value_or(SloLevel::kIdeal), given); });
  }
  for (const Diagnostic& d : speed_diags.items()) diags.Add(d.loc, d.path, d.message);
  if (!t.levels) t.thresholds = given;
  if (in.percentile) t.percentile = *in.percentile;
  if (speed) t.speed = speed;
  AddPlanTargetSteps(step, in);
  AddJudgedSteps(step);
  if (!t.thresholds.any() && diags.size() == errors_before) {
    diags.Add(plan.LocOf("slo"), "slo",
              "no latency target; expected slo.preset, ttft_ms, tpot_ms, e2e_ms or a speed "
              "(speed_tokens_per_s, speed_grade), or an slo in the base scenario");
  }
  return step;
}

void LocateInPlan(const PlanSpec& plan, const Diagnostics& found, Diagnostics& diags) {
  for (const Diagnostic& d : found.items()) {
    diags.Add(d.loc.file.empty() ? plan.LocOf(d.path) : d.loc, d.path, d.message);
  }
}

}  // namespace gpuplan
