// search.latency_safety_factor and the few-seeds warning, by hand in the fixed-latency world of
// plan_test_util.h: a 100-token prompt is prefilled in 100 x 0.1 ms = 10 ms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/plan/plan_output.h"
#include "sim/plan/planner.h"
#include "sim/util/json_value.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using testing::FixedWorldPlan;
using ::testing::HasSubstr;
using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;

std::vector<int> Counts(const SearchResult& r) {
  std::vector<int> counts;
  for (const ProbeResult& p : r.probes) counts.push_back(p.replicas);
  return counts;
}

PlanResult RunWorld(const PlanSpec& plan) {
  return RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 2});
}

// The same world with its arrivals replayed from a trace: bursts of 12 requests at once, one burst
// a second. Round robin gives each of r replicas ceil(12 / r) or floor(12 / r) of a burst; a
// replica prefills what it holds back to back (work-conserving, 10 ms each), so the last request
// of the fullest replica has its first token after 10 x ceil(12 / r) ms, and at least 1 in 6 of
// the requests finish that late: p95 TTFT = 10 x ceil(12 / r) ms. r = 1, 2, 3, 4, 5, 6 give 120,
// 60, 40, 30, 30, 20 ms; the bursts are 1 s apart, so nothing carries over.
class BurstWorld : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("gpuplan_burst_world_" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    std::ofstream out(*dir_ / "bursts.csv");
    out << "arrival_s,input_tokens,output_tokens\n";
    for (int burst = 0; burst < 30; ++burst) {
      for (int k = 0; k < 12; ++k) out << burst << ".25,100,1\n";
    }
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }

  // TTFT target 50 ms: ceil(12 / r) <= 5, so r >= 3.
  static PlanSpec Plan(const std::string& factor) {
    return PlanFromYaml(R"(
name: burst-world
scenario:
  model: llama-3.1-8b
  gpu: h100_sxm
  engine: {preset: vllm}
  latency: {kind: fixed, prefill_ms_per_token: 0.1, decode_ms_per_step: 1}
  workload:
    trace: {kind: request_csv, path: )" +
                        (*dir_ / "bursts.csv").string() +
                        R"(}
slo: {ttft_ms: 50}
candidates:
  replicas: {min: 1, max: 16}
search: {seeds: 2, requests_per_probe: 360, sensitivity: [], latency_safety_factor: )" +
                        factor + "}\n");
  }

  static fs::path* dir_;
};

fs::path* BurstWorld::dir_ = nullptr;

TEST_F(BurstWorld, TheSafetyFactorMovesTheReplicaCountByHand) {
  // 1: 50 ms, ceil(12 / r) <= 5, r = 3 (40 ms). 1.5: 33.3 ms, ceil <= 3, r = 4 (30 ms).
  // 2: 25 ms, ceil <= 2, r = 6 (20 ms; 5 replicas still leave 3 requests on some).
  const PlanResult plain = RunWorld(Plan("1"));
  const PlanResult tighter = RunWorld(Plan("1.5"));
  const PlanResult tightest = RunWorld(Plan("2"));
  for (const PlanResult* r : {&plain, &tighter, &tightest}) {
    ASSERT_EQ(r->outcomes.size(), 1u);
    ASSERT_EQ(r->outcomes[0].status, CandidateStatus::kFeasible) << r->outcomes[0].reason;
  }
  EXPECT_EQ(plain.outcomes[0].replicas, 3);
  EXPECT_EQ(tighter.outcomes[0].replicas, 4);
  EXPECT_EQ(tightest.outcomes[0].replicas, 6);
  EXPECT_THAT(Counts(tightest.outcomes[0].search), ElementsAre(1, 2, 4, 8, 6, 5));
  const ProbeResult* at3 = plain.outcomes[0].search.At(3);
  ASSERT_NE(at3, nullptr);
  EXPECT_NEAR(at3->metrics[SloMetric::kTtft].ci.upper, 40, 1e-6);
  EXPECT_NEAR(at3->margin, (50 - 40) / 50.0, 1e-6);
  // The same 40 ms fails against 50 / 1.5 = 33.3 ms, and 30 ms at 4 replicas passes.
  const ProbeResult* at3_tight = tighter.outcomes[0].search.At(3);
  ASSERT_NE(at3_tight, nullptr);
  EXPECT_FALSE(at3_tight->passed);
  EXPECT_NEAR(at3_tight->metrics[SloMetric::kTtft].threshold_ms, 50 / 1.5, 1e-12);
  EXPECT_EQ(at3_tight->metrics[SloMetric::kTtft].slo_ms, 50);
  EXPECT_THAT(at3_tight->reason, HasSubstr("> 33.333 ms (50 ms SLO / latency safety factor 1.5)"));
  EXPECT_NEAR(tighter.outcomes[0].search.At(4)->margin, (50 / 1.5 - 30) / (50 / 1.5), 1e-6);
  const ProbeResult* at5 = tightest.outcomes[0].search.At(5);
  ASSERT_NE(at5, nullptr);
  EXPECT_NEAR(at5->metrics[SloMetric::kTtft].ci.upper, 30, 1e-6);
  EXPECT_FALSE(at5->passed);
}

// A trace replayed as recorded gives every seed the same requests: the plan says so, and says it
// no more once the trace is resampled per seed.
TEST_F(BurstWorld, ATraceReplayedAsRecordedIsWarnedAbout) {
  const PlanResult recorded = RunWorld(Plan("1"));
  std::vector<std::string> codes;
  for (const PlanWarning& w : recorded.warnings) codes.push_back(w.code);
  EXPECT_THAT(codes, ElementsAre("few_seeds", "trace_not_resampled"));
  EXPECT_THAT(recorded.warnings[1].text,
              HasSubstr("set workload.trace.bootstrap_block_s (60 s keeps bursts of up to a "
                        "minute) to replay a resample of it per seed"));
  const JsonValue json = JsonValue::Parse(PlanJson(Plan("1"), recorded, "test"));
  const JsonValue& w = json.At("warnings").AsArray().at(1);
  EXPECT_EQ(w.At("code").AsString(), "trace_not_resampled");
  EXPECT_EQ(w.At("bootstrap_block_s").AsDouble(), 0);

  // Resampled (blocks of 2 s; the resample may put two bursts close together, so the count is
  // not the hand-derived one above), with 3 seeds: no warning at all.
  const PlanSpec resampled = PlanFromYaml(R"(
name: burst-world
scenario:
  model: llama-3.1-8b
  gpu: h100_sxm
  engine: {preset: vllm}
  latency: {kind: fixed, prefill_ms_per_token: 0.1, decode_ms_per_step: 1}
  workload:
    trace: {kind: request_csv, bootstrap_block_s: 2, path: )" +
                                          (*dir_ / "bursts.csv").string() + R"(}
slo: {ttft_ms: 50}
candidates:
  replicas: {min: 1, max: 16}
search: {seeds: 3, requests_per_probe: 360, sensitivity: []}
)");
  const PlanResult r = RunWorld(resampled);
  EXPECT_TRUE(r.warnings.empty());
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(r.outcomes[0].status, CandidateStatus::kFeasible) << r.outcomes[0].reason;
}

// In the constant-arrival world the 10 ms prefill is the floor at any replica count: a factor of
// 1.2 keeps the 5 replicas (10 <= 15 / 1.2 = 12.5) with margin (12.5 - 10) / 12.5 = 20%; a factor
// of 2 asks for 7.5 ms, below the floor, so even one request at a time fails.
TEST(LatencySafetyFactorTest, FixedWorldMarginAndFloorByHand) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan(), {"search.latency_safety_factor=1.2"});
  const PlanResult r = RunWorld(plan);
  ASSERT_TRUE(r.recommendation.has_value()) << r.no_recommendation;
  EXPECT_EQ(r.recommendation->replicas, 5);
  EXPECT_NEAR(r.recommendation->probe.margin, 0.2, 1e-12);
  EXPECT_NEAR(r.recommendation->probe.metrics[SloMetric::kTtft].threshold_ms, 12.5, 1e-12);
  EXPECT_EQ(r.recommendation->probe.metrics[SloMetric::kTtft].slo_ms, 15);
  // Printed as a step of section 1 and recorded in plan.json.
  const std::string console = FormatPlanSummary(plan, r);
  EXPECT_THAT(console, HasSubstr("1. Latency targets at p95 (plan, latency safety factor 1.2)\n"));
  EXPECT_THAT(console, HasSubstr("   TTFT threshold judged = TTFT target / latency safety factor "
                                 "= 15 / 1.2 = 12.5 ms\n"));
  EXPECT_THAT(console, HasSubstr("   E2E threshold judged = E2E target / latency safety factor = "
                                 "15 / 1.2 = 12.5 ms\n"));
  EXPECT_THAT(console, HasSubstr("against its SLO threshold / latency safety factor 1.2"));
  const JsonValue json = JsonValue::Parse(PlanJson(plan, r, "test"));
  EXPECT_EQ(json.At("inputs").At("search").At("latency_safety_factor").AsDouble(), 1.2);
  const JsonValue& slo = json.At("steps").At("slo");
  EXPECT_EQ(slo.At("latency_safety_factor").AsDouble(), 1.2);
  EXPECT_EQ(slo.At("ttft_ms").AsDouble(), 15);  // the SLO as given
  EXPECT_NEAR(slo.At("judged_thresholds_ms").At("ttft").AsDouble(), 12.5, 1e-12);
  EXPECT_TRUE(slo.At("judged_thresholds_ms").At("tpot").IsNull());
  const JsonValue& ttft = json.At("recommendation").At("probe").At("metrics").At("ttft");
  EXPECT_NEAR(ttft.At("threshold_ms").AsDouble(), 12.5, 1e-12);
  EXPECT_EQ(ttft.At("slo_ms").AsDouble(), 15);
  // The verification benchmark checks the SLO itself, not the tightened threshold.
  ASSERT_TRUE(r.deployment.has_value());
  EXPECT_THAT(r.deployment->bench, HasSubstr("--goodput ttft:15 e2el:15"));

  const PlanResult floor =
      RunWorld(PlanFromYaml(FixedWorldPlan(), {"search.latency_safety_factor=2"}));
  EXPECT_FALSE(floor.recommendation.has_value());
  EXPECT_EQ(floor.outcomes[0].status, CandidateStatus::kSloImpossible);
  EXPECT_THAT(floor.outcomes[0].reason,
              HasSubstr("p95 TTFT 10.0 ms (upper bound of the 95% CI; mean 10.0 ms over 2 seeds) "
                        "> 7.5 ms (15 ms SLO / latency safety factor 2)"));
}

TEST(LatencySafetyFactorTest, TheDefaultFactorChangesNothing) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan());
  const PlanResult r = RunWorld(plan);
  EXPECT_EQ(r.slo.latency_safety_factor, 1);
  for (const DerivationStep& s : r.slo.steps) EXPECT_EQ(s.label.find("judged"), std::string::npos);
  EXPECT_NEAR(r.recommendation->probe.margin, (15.0 - 10.0) / 15.0, 1e-12);
  EXPECT_EQ(r.recommendation->probe.metrics[SloMetric::kTtft].threshold_ms, 15);
}

// Two seeds: the interval's t is tan(0.95 pi / 2) = 12.706 (1 degree of freedom).
TEST(FewSeedsWarningTest, TwoSeedsAreWarnedAboutEverywhere) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan());  // seeds: 2
  const PlanResult r = RunWorld(plan);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].code, "few_seeds");
  EXPECT_THAT(r.warnings[0].text,
              HasSubstr("search.seeds is 2: the 95% confidence interval of each percentile uses "
                        "t = 12.7 (1 degree of freedom), so it is very wide, and when the seeds "
                        "happen to agree it has zero width"));
  const std::string console = FormatPlanSummary(plan, r);
  EXPECT_THAT(console, HasSubstr("\nwarning: search.seeds is 2: "));
  EXPECT_LT(console.find("warning:"), console.find("1. Latency targets"));
  const JsonValue json = JsonValue::Parse(PlanJson(plan, r, "test"));
  const JsonValue& w = json.At("warnings").AsArray().at(0);
  EXPECT_EQ(w.At("code").AsString(), "few_seeds");
  EXPECT_EQ(w.At("seeds").AsInt(), 2);
  EXPECT_NEAR(w.At("t").AsDouble(), 12.706204736, 1e-8);
  // This world's seeds agree exactly: the zero-width interval the warning is about.
  EXPECT_EQ(r.recommendation->probe.metrics[SloMetric::kTtft].ci.lower,
            r.recommendation->probe.metrics[SloMetric::kTtft].ci.upper);

  const PlanSpec three = PlanFromYaml(FixedWorldPlan(), {"search.seeds=3"});
  const PlanResult r3 = RunWorld(three);
  EXPECT_TRUE(r3.warnings.empty());
  EXPECT_EQ(FormatPlanSummary(three, r3).find("warning:"), std::string::npos);
  EXPECT_TRUE(JsonValue::Parse(PlanJson(three, r3, "test")).At("warnings").AsArray().empty());
}

}  // namespace
}  // namespace gpuplan
