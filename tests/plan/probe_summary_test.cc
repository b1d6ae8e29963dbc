// The percentiles every probe reports besides the SLO's own (p50/p90/p95/p99 with intervals over
// the seeds), and the recommended fleet as one scenario: by hand and in the fixed world.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/metrics/run_result.h"
#include "sim/plan/planner.h"
#include "sim/plan/probe.h"
#include "tests/common/slo_thresholds.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::Limit;
using ::gpuplan::testing::TtftTpotE2eMs;

using testing::FixedWorldPlan;
using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;

constexpr SloMetric kTtft = SloMetric::kTtft;
constexpr SloMetric kTpot = SloMetric::kTpot;
constexpr int kP50 = 0;
constexpr int kP99 = 3;

TEST(ProbeSummaryTest, PercentilesAreMeansOverTheSeedsThatHaveThem) {
  std::vector<SeedOutcome> seeds(3);
  for (int k = 0; k < 3; ++k) {
    seeds[k].percentile_ms = TtftTpotE2eMs(100, 20, 300);
    seeds[k].quantiles_ms[kTtft][kP50] = 10 + 2 * k;  // 10, 12, 14
    seeds[k].quantiles_ms[kTtft][kP99] = 50;
    // TPOT p50 is missing in one seed (no request with two tokens) and p99 in two.
    seeds[k].quantiles_ms[kTpot][kP50] = k == 1 ? kNoValue : 30.0 + k;  // 30, -, 32
    seeds[k].quantiles_ms[kTpot][kP99] = k == 2 ? 40.0 : kNoValue;
  }
  const SloSpec slo{.thresholds = Limit(SloMetric::kTtft, 200)};
  const ProbeResult p = JudgeProbe({.replicas = 2, .rate_per_s = 5.0}, slo, seeds, 0.95);
  const ConfidenceInterval& ttft50 = p.quantiles[kTtft][kP50];
  EXPECT_EQ(ttft50.n, 3);
  EXPECT_DOUBLE_EQ(ttft50.mean, 12);
  // s = 2, t(0.975, 2) = 4.302653: half width 4.302653 x 2 / sqrt(3).
  EXPECT_NEAR(ttft50.upper - ttft50.mean, 4.302653 * 2 / std::sqrt(3.0), 1e-5);
  EXPECT_EQ(p.quantiles[kTtft][kP99].n, 3);
  EXPECT_DOUBLE_EQ(p.quantiles[kTtft][kP99].lower, 50);  // no spread, no width
  EXPECT_EQ(p.quantiles[kTpot][kP50].n, 2);
  EXPECT_DOUBLE_EQ(p.quantiles[kTpot][kP50].mean, 31);
  EXPECT_EQ(p.quantiles[kTpot][kP99].n, 0);  // one value: no interval
  EXPECT_TRUE(p.passed);  // the summary percentiles never judge: TTFT 100 ms <= 200 ms
}

// At 5 replicas nothing waits in the fixed world: every request takes exactly 10 ms.
TEST(ProbeSummaryTest, FixedWorldRecommendationHasTenMillisecondsAtEveryPercentile) {
  const PlanResult r =
      RunPlan(PlanFromYaml(FixedWorldPlan()), ShippedCatalog(), SharedBuiltins(), {.threads = 1});
  ASSERT_TRUE(r.recommendation.has_value());
  for (SloMetric m : {SloMetric::kTtft, SloMetric::kE2e}) {  // TPOT: no request has two tokens
    for (int q = 0; q < kNumSummaryPercentiles; ++q) {
      const ConfidenceInterval& ci = r.recommendation->probe.quantiles[m][q];
      EXPECT_EQ(ci.n, 2) << SloMetricName(m) << " " << q;
      EXPECT_NEAR(ci.mean, 10, 1e-6) << SloMetricName(m) << " " << q;
      EXPECT_NEAR(ci.upper, 10, 1e-6) << SloMetricName(m) << " " << q;
    }
  }
  EXPECT_EQ(r.recommendation->probe.quantiles[kTpot][kP50].n, 0);
}

TEST(ProbeSummaryTest, RecommendedScenarioIsThePeakProbeWithTheFirstSeed) {
  const PlanResult r =
      RunPlan(PlanFromYaml(FixedWorldPlan()), ShippedCatalog(), SharedBuiltins(), {.threads = 1});
  const std::optional<Scenario> s = RecommendedScenario(r);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->deployment.replicas, 5);
  EXPECT_EQ(s->simulation.seed, r.settings.seeds.front());
  EXPECT_EQ(s->simulation.num_requests, 600);
  EXPECT_EQ(s->workload.arrival->options.values.at("rate_per_s").text, "430");

  const PlanResult none = RunPlan(PlanFromYaml(FixedWorldPlan(), {"slo.ttft_ms=5"}),
                                  ShippedCatalog(), SharedBuiltins(), {.threads = 1});
  EXPECT_FALSE(none.recommendation.has_value());
  EXPECT_FALSE(RecommendedScenario(none).has_value());
}

}  // namespace
}  // namespace gpuplan
