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

void AddTargetStep(std::vector<DerivationStep>& steps, const char* label,
                   const std::optional<double>& value, const std::string& origin) {
  if (value) steps.push_back({label, origin, *value, "ms"});
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
  step.targets.ttft_ms = s.ttft_ms;
  step.targets.tpot_ms = s.tpot_ms;
  step.targets.e2e_ms = s.e2e_ms;
  step.targets.percentile = s.percentile;
  step.targets.levels = s.levels;
  if (s.levels) step.targets.preset = s.levels->preset;
  AddTargetStep(step.steps, "TTFT target", s.ttft_ms, "base scenario slo");
  AddTargetStep(step.steps, "TPOT target", s.tpot_ms, "base scenario slo");
  AddTargetStep(step.steps, "E2E target", s.e2e_ms, "base scenario slo");
  return step;
}

// Each target with where it came from: the speed's derivation, given, or the preset (and level).
void AddPlanTargetSteps(SloStep& step, const PlanSloSpec& in) {
  const SloTargets& t = step.targets;
  if (t.speed && !in.tpot_ms) step.steps.push_back(t.speed->step);
  const auto origin = [&](const std::optional<double>& v) {
    return Origin(v, in.preset, in.level);
  };
  AddTargetStep(step.steps, "TTFT target", t.ttft_ms, origin(in.ttft_ms));
  if (in.tpot_ms || (!t.speed && t.tpot_ms)) {
    AddTargetStep(step.steps, "TPOT target", t.tpot_ms, origin(in.tpot_ms));
  }
  AddTargetStep(step.steps, "E2E target", t.e2e_ms, origin(in.e2e_ms));
}

// With a latency safety factor above 1: the threshold each probe is really judged against.
void AddJudgedSteps(SloStep& step) {
  const double f = step.latency_safety_factor;
  if (f == 1) return;
  const SloTargets& t = step.targets;
  for (const auto& [name, target] :
       {std::pair{"TTFT", t.ttft_ms}, {"TPOT", t.tpot_ms}, {"E2E", t.e2e_ms}}) {
    if (!target) continue;
    step.steps.push_back({fmt::format("{} threshold judged", name),
                          fmt::format("{} target / latency safety factor = {} / {}", name,
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
  return s.preset.empty() && !s.level && !s.ttft_ms && !s.tpot_ms && !s.e2e_ms &&
         !s.speed_tokens_per_s && s.speed_grade.empty() && !s.percentile;
}

}  // namespace

SloSpec SloStep::AsSloSpec() const {
  SloSpec spec;
  spec.ttft_ms = targets.ttft_ms;
  spec.tpot_ms = targets.tpot_ms;
  spec.e2e_ms = targets.e2e_ms;
  spec.percentile = targets.percentile;
  spec.levels = targets.levels;
  return spec;
}

std::optional<double> SloStep::Judged(const std::optional<double>& target) const {
  if (!target) return std::nullopt;
  return *target / latency_safety_factor;
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
  const SloLimits given{in.ttft_ms, in.tpot_ms ? in.tpot_ms : SpeedTpot(speed), in.e2e_ms};
  SloTargets& t = step.targets;
  if (!in.preset.empty()) {
    AtPlanKey(plan, "slo.preset", diags,
              [&] { t = ResolveSloPreset(in.preset, in.level.value_or(SloLevel::kIdeal), given); });
  }
  for (const Diagnostic& d : speed_diags.items()) diags.Add(d.loc, d.path, d.message);
  if (!t.levels) {
    t.ttft_ms = given.ttft_ms;
    t.tpot_ms = given.tpot_ms;
    t.e2e_ms = given.e2e_ms;
  }
  if (in.percentile) t.percentile = *in.percentile;
  if (speed) t.speed = speed;
  AddPlanTargetSteps(step, in);
  AddJudgedSteps(step);
  if (!t.ttft_ms && !t.tpot_ms && !t.e2e_ms && diags.size() == errors_before) {
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
