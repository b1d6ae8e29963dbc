// SLO preset levels in a plan: `slo: {preset: P, level: acceptable}` resolved by hand, the grade
// letters, located errors, the three-level verdict of a probe on both sides of each boundary,
// and whole plans in the fixed-latency world (plan_test_util.h) sized for each level.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sim/plan/plan_inputs.h"
#include "sim/plan/plan_output.h"
#include "sim/plan/slo_verdict.h"
#include "sim/util/json_value.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using testing::FixedWorldPlan;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;

// The fixed world with its `slo:` line replaced.
std::string WorldWithSlo(const std::string& slo, const std::string& extra = "") {
  std::string yaml = FixedWorldPlan(extra);
  const std::string line = "slo: {ttft_ms: 15, e2e_ms: 15}";
  yaml.replace(yaml.find(line), line.size(), "slo: " + slo);
  return yaml;
}

SloStep ResolveSlo(const std::string& slo) {
  const PlanSpec plan = PlanFromYaml(WorldWithSlo(slo));
  Diagnostics diags;
  SloStep step = ResolvePlanSlo(plan, diags);
  diags.ThrowIfAny();
  return step;
}

std::vector<std::string> LoadErrors(const std::string& slo) {
  try {
    PlanFromYaml(WorldWithSlo(slo));
  } catch (const ConfigError& e) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : e.diagnostics()) lines.push_back(d.ToString());
    return lines;
  }
  return {};
}

TEST(PlanSloLevelTest, IdealIsTheDefaultLevel) {
  const SloStep s = ResolveSlo("{preset: chatbot}");
  EXPECT_EQ(s.targets.thresholds.ttft_ms(), 500);
  ASSERT_TRUE(s.targets.levels.has_value());
  EXPECT_EQ(s.targets.levels->level, SloLevel::kIdeal);
  EXPECT_EQ(s.targets.levels->acceptable.ttft_ms(), 1'000);
  EXPECT_EQ(s.steps[1].ToString(), "TTFT target = preset chatbot = 500 ms");
}

TEST(PlanSloLevelTest, LevelAcceptableSizesForTheAcceptableTargets) {
  // search at acceptable: TTFT 500 ms, TPOT 1000 / 30 = 33.333 ms (fast), E2E 2,300 ms.
  const SloStep s = ResolveSlo("{preset: search, level: acceptable}");
  EXPECT_EQ(s.targets.thresholds.ttft_ms(), 500);
  EXPECT_NEAR(*s.targets.thresholds.tpot_ms(), 33.333, 1e-3);
  EXPECT_EQ(s.targets.thresholds.e2e_ms(), 2'300);
  EXPECT_EQ(s.targets.levels->level, SloLevel::kAcceptable);
  EXPECT_EQ(s.targets.levels->ideal.ttft_ms(), 200);
  ASSERT_EQ(s.steps.size(), 3u);
  EXPECT_EQ(s.steps[0].ToString(), "TPOT target = 1000 / speed (fast) = 1000 / 30 = 33.333 ms");
  EXPECT_EQ(s.steps[1].ToString(), "TTFT target = preset search (acceptable) = 500 ms");
  EXPECT_EQ(s.steps[2].ToString(), "E2E target = preset search (acceptable) = 2,300 ms");
  // The probes' scenario carries both levels, so the recommended run says which it meets.
  const SloSpec spec = s.AsSloSpec();
  ASSERT_TRUE(spec.levels.has_value());
  EXPECT_EQ(spec.levels->ideal.e2e_ms(), 2'000);
}

TEST(PlanSloLevelTest, ExplicitNumbersOverrideThePresetAtBothLevels) {
  const SloStep s = ResolveSlo("{preset: chatbot, level: acceptable, ttft_ms: 700}");
  EXPECT_EQ(s.targets.thresholds.ttft_ms(), 700);
  EXPECT_EQ(s.targets.levels->ideal.ttft_ms(), 700);
  EXPECT_EQ(s.steps[1].ToString(), "TTFT target = given = 700 ms");
}

TEST(PlanSloLevelTest, GradeLettersAreAccepted) {
  // B = fast, 30 tokens/s: 1000 / 30 = 33.333 ms.
  const SloStep s = ResolveSlo("{ttft_ms: 500, speed_grade: B}");
  EXPECT_NEAR(*s.targets.thresholds.tpot_ms(), 33.333, 1e-3);
  EXPECT_EQ(s.targets.speed->grade, "fast");
  EXPECT_EQ(s.steps[0].ToString(), "TPOT target = 1000 / speed (B = fast) = 1000 / 30 = 33.333 ms");
  EXPECT_FALSE(s.targets.levels.has_value());
}

TEST(PlanSloLevelTest, BadLevelsAreLocatedInThePlan) {
  // FixedWorldPlan's slo line is line 14; the level's value starts at column 31.
  EXPECT_THAT(LoadErrors("{preset: chatbot, level: best}"),
              ::testing::ElementsAre("test_plan.yaml:14:31: slo.level: 'best' is not a valid "
                                     "choice; expected one of: ideal, acceptable"));
  EXPECT_THAT(LoadErrors("{ttft_ms: 500, level: acceptable}"),
              ::testing::ElementsAre("test_plan.yaml:14:28: slo.level: given without a preset; "
                                     "expected slo.preset beside it (a level picks one of the "
                                     "preset's two target sets)"));
}

TEST(PlanSloLevelTest, ABaseScenarioPresetCarriesItsLevels) {
  std::string yaml = WorldWithSlo("{ttft_ms: 15}");
  yaml.replace(yaml.find("slo: {ttft_ms: 15}\n"), 19, "");
  yaml.replace(yaml.find("traffic:"), 8,
               "  slo: {preset: backend_batch, level: acceptable}\ntraffic:");
  const PlanSpec plan = PlanFromYaml(yaml);
  Diagnostics diags;
  const SloStep s = ResolvePlanSlo(plan, diags);
  ASSERT_TRUE(diags.empty());
  EXPECT_EQ(s.source, "base scenario");
  EXPECT_EQ(s.targets.preset, "backend_batch");
  EXPECT_EQ(s.targets.thresholds.e2e_ms(), 15'000);
  EXPECT_EQ(s.targets.levels->ideal.e2e_ms(), 10'000);
}

// A probe whose TTFT interval over two seeds ends at `upper` ms, with no TPOT or E2E data.
ProbeResult ProbeWithTtftUpTo(double upper) {
  ProbeResult p;
  p.metrics[SloMetric::kTtft].ci.n = 2;
  p.metrics[SloMetric::kTtft].ci.mean = upper - 1;
  p.metrics[SloMetric::kTtft].ci.lower = upper - 2;
  p.metrics[SloMetric::kTtft].ci.upper = upper;
  return p;
}

SloLevels TtftLevels(double ideal, double acceptable) {
  SloLevels l;
  l.preset = "test";
  l.ideal[SloMetric::kTtft] = ideal;
  l.acceptable[SloMetric::kTtft] = acceptable;
  return l;
}

TEST(PlanSloLevelTest, ProbeVerdictAtEachSideOfBothBoundaries) {
  const ProbeResult p = ProbeWithTtftUpTo(385);
  EXPECT_EQ(ProbeLevelMet(p, TtftLevels(385, 500), 1), SloLevelMet::kIdeal);
  EXPECT_EQ(ProbeLevelMet(p, TtftLevels(384.9, 385), 1), SloLevelMet::kAcceptable);
  EXPECT_EQ(ProbeLevelMet(p, TtftLevels(384.9, 384.9), 1), SloLevelMet::kNone);
  // With a latency safety factor of 1.25 each limit is judged / 1.25: 481.25 / 1.25 = 385.
  EXPECT_EQ(ProbeLevelMet(p, TtftLevels(481.25, 600), 1.25), SloLevelMet::kIdeal);
  EXPECT_EQ(ProbeLevelMet(p, TtftLevels(481, 481.25), 1.25), SloLevelMet::kAcceptable);
  EXPECT_EQ(SloVerdictText(SloLevelMet::kIdeal), "meets ideal");
  EXPECT_EQ(SloVerdictText(SloLevelMet::kAcceptable), "meets acceptable");
  EXPECT_EQ(SloVerdictText(SloLevelMet::kNone), "fails");
}

TEST(PlanSloLevelTest, AProbeThatShedsOrFallsBehindMeetsNoLevel) {
  ProbeResult dropped = ProbeWithTtftUpTo(100);
  dropped.dropped = 1;
  EXPECT_EQ(ProbeLevelMet(dropped, TtftLevels(500, 1000), 1), SloLevelMet::kNone);
  ProbeResult behind = ProbeWithTtftUpTo(100);
  behind.overloaded_seeds = 1;
  EXPECT_EQ(ProbeLevelMet(behind, TtftLevels(500, 1000), 1), SloLevelMet::kNone);
}

PlanResult RunThePlan(const PlanSpec& plan) {
  return RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 2});
}

TEST(PlanSloLevelTest, WhereBothLevelsHoldTheFleetIsTheSame) {
  // The fixed world serves every request in 10 ms: search's 200 ms (ideal) and 500 ms
  // (acceptable) TTFT both hold from the 5 replicas that keep up with 430 req/s.
  const PlanResult ideal = RunThePlan(PlanFromYaml(WorldWithSlo("{preset: search}")));
  const PlanResult acceptable =
      RunThePlan(PlanFromYaml(WorldWithSlo("{preset: search, level: acceptable}")));
  ASSERT_TRUE(ideal.recommendation && acceptable.recommendation);
  EXPECT_EQ(ideal.recommendation->replicas, 5);
  EXPECT_EQ(acceptable.recommendation->replicas, 5);
  EXPECT_LE(acceptable.recommendation->cost.usd_per_month,
            ideal.recommendation->cost.usd_per_month);
}

TEST(PlanSloLevelTest, SizedForAcceptableAFleetExistsWhereIdealHasNone) {
  // 3 ms per prompt token: every request takes 100 x 3 = 300 ms alone, over search's ideal 200 ms
  // TTFT even one at a time, so nothing meets ideal. Acceptable (500 ms) holds once no request
  // waits: 12 req/s spread evenly over r replicas reach each every r / 12 s, which is >= 0.3 s
  // from r = 4 (3 replicas fall behind: they complete 10 of the 12 req/s).
  std::string world = WorldWithSlo("{preset: search}");
  const std::string fast = "prefill_ms_per_token: 0.1";
  world.replace(world.find(fast), fast.size(), "prefill_ms_per_token: 3");
  const std::vector<std::string> twelve = {"traffic.peak_rate_per_s=12"};
  const PlanSpec ideal_plan = PlanFromYaml(world, twelve);
  const PlanResult ideal = RunThePlan(ideal_plan);
  EXPECT_FALSE(ideal.recommendation.has_value());
  ASSERT_EQ(ideal.outcomes.size(), 1u);
  EXPECT_EQ(ideal.outcomes[0].status, CandidateStatus::kSloImpossible);

  std::vector<std::string> sets = twelve;
  sets.push_back("slo.level=acceptable");
  const PlanSpec plan = PlanFromYaml(world, sets);
  const PlanResult r = RunThePlan(plan);
  ASSERT_TRUE(r.recommendation.has_value()) << r.no_recommendation;
  EXPECT_EQ(r.recommendation->replicas, 4);
  EXPECT_DOUBLE_EQ(r.recommendation->probe.metrics[SloMetric::kTtft].ci.upper, 300);
  // The verdict: 300 ms misses ideal's 200 ms and meets acceptable's 500 ms.
  EXPECT_EQ(ProbeLevelMet(r.recommendation->probe, *r.slo.targets.levels, 1),
            SloLevelMet::kAcceptable);
  const JsonValue json = JsonValue::Parse(PlanJson(plan, r, "test"));
  EXPECT_EQ(json.At("recommendation").At("level_met").AsString(), "acceptable");
  EXPECT_EQ(json.At("steps").At("slo").At("level").AsString(), "acceptable");
  EXPECT_EQ(json.At("steps").At("slo").At("levels").At("ideal").At("ttft_ms").AsDouble(), 200);
  EXPECT_EQ(json.At("inputs").At("slo").At("level").AsString(), "acceptable");
  const std::string console = FormatPlanSummary(plan, r);
  EXPECT_THAT(console, HasSubstr("(plan, preset search sized for its acceptable level)"));
  EXPECT_THAT(console, HasSubstr("   preset levels: ideal TTFT 200 ms, TPOT 33.333 ms, E2E 2,000 "
                                 "ms; acceptable TTFT 500 ms, TPOT 33.333 ms, E2E 2,300 ms\n"));
  EXPECT_THAT(console, HasSubstr("   SLO verdict (preset search): meets acceptable\n"));
}

TEST(PlanSloLevelTest, WithoutAPresetPlanJsonHasNoLevel) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan());
  const PlanResult r = RunThePlan(plan);
  const std::string json = PlanJson(plan, r, "test");
  EXPECT_THAT(json, Not(HasSubstr("\"level")));
  EXPECT_THAT(FormatPlanSummary(plan, r), Not(HasSubstr("SLO verdict")));
}

}  // namespace
}  // namespace gpuplan
