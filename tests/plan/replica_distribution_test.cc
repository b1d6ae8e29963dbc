// Each seed's own replica count: the per-seed verdict of a probe (the search's rule on one seed's
// percentile), the per-seed bisection over the search's probes in a world where seeds differ by
// hand, the summary (min / median / max / share covered) on both sides of each boundary, and the
// fixed world end to end (plan.json and the console).
#include "sim/plan/replica_distribution.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "sim/plan/plan_output.h"
#include "sim/plan/planner.h"
#include "tests/common/slo_thresholds.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::Limit;
using ::gpuplan::testing::TtftTpotE2eMs;

using ::testing::ElementsAre;
using testing::FixedWorldPlan;
using ::testing::HasSubstr;
using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;

std::vector<SeedOutcome> TtftPerSeed(const std::vector<double>& ttft_ms) {
  std::vector<SeedOutcome> seeds(ttft_ms.size());
  for (size_t k = 0; k < ttft_ms.size(); ++k)
    seeds[k].percentile_ms = TtftTpotE2eMs(ttft_ms[k], 5, 500);
  return seeds;
}

// The threshold itself passes (the CI rule is upper <= threshold), a hair above fails.
TEST(SeedVerdictTest, EachSeedIsJudgedOnItsOwnPercentile) {
  const SloSpec slo{.thresholds = Limit(SloMetric::kTtft, 200)};
  const ProbeResult p =
      JudgeProbe({.replicas = 3, .rate_per_s = 5.0}, slo, TtftPerSeed({150, 200, 200.001}), 0.95);
  EXPECT_THAT(p.seed_passed, ElementsAre(true, true, false));
  // The interval over the three fails (its mean alone is 183.3 ms, its upper bound far above).
  EXPECT_FALSE(p.passed);
}

TEST(SeedVerdictTest, TheSafetyFactorDropsAndOverloadFailOnlyTheirSeed) {
  const SloSpec slo{.thresholds = Limit(SloMetric::kTtft, 200)};
  std::vector<SeedOutcome> seeds = TtftPerSeed({100, 100, 100, 160});
  seeds[1].dropped = 1;
  seeds[2].overloaded = true;
  // 200 ms / 1.25 = 160 ms: the fourth seed sits exactly on the judged threshold.
  const ProbeResult p = JudgeProbe({.replicas = 3, .rate_per_s = 5.0}, slo, seeds, 0.95, 1.25);
  EXPECT_THAT(p.seed_passed, ElementsAre(true, false, false, true));
  const ProbeResult q = JudgeProbe({.replicas = 3, .rate_per_s = 5.0}, slo, seeds, 0.95, 1.26);
  EXPECT_THAT(q.seed_passed, ElementsAre(true, false, false, false));  // 158.7 ms < 160 ms
}

// A world where seed k passes exactly when replicas >= need[k]; the probe as a whole passes only
// when every seed does (the interval's upper bound is at least the worst seed's in practice).
class PerSeedRunner final : public ProbeRunner {
 public:
  explicit PerSeedRunner(std::vector<int> need) : need_(std::move(need)) {
    for (size_t k = 0; k < need_.size(); ++k) settings_.seeds.push_back(1 + k);
  }
  std::vector<ProbeResult> Run(const std::vector<ProbeSpec>& specs) override {
    std::vector<ProbeResult> out;
    for (const ProbeSpec& s : specs) {
      ProbeResult r;
      r.replicas = s.replicas;
      r.passed = true;
      for (int n : need_) {
        r.seed_passed.push_back(s.replicas >= n);
        r.passed = r.passed && s.replicas >= n;
      }
      if (simulated_.insert(s.replicas).second) ++simulated;
      out.push_back(r);
    }
    return out;
  }
  const ProbeSettings& settings() const override { return settings_; }
  int simulated = 0;  // distinct counts, as a caching runner would simulate them

 private:
  std::vector<int> need_;
  ProbeSettings settings_;
  std::set<int> simulated_;
};

TEST(ReplicaDistributionTest, OneSeedNeedsOneMoreReplica) {
  Scenario s;
  PerSeedRunner runner({5, 6, 5});
  const SearchTarget target{&s, 10.0, 1, 16, 1};
  const SearchResult search = SearchMinReplicas({target}, runner)[0];
  ASSERT_EQ(search.min_replicas, 6);  // every seed must pass: the largest need
  // The search probed 1, 2, 4, 8, 6, 5: seed 2 fails at 5 and passes at 6, seeds 1 and 3 fail at
  // 4 and pass at 5, so nothing more is needed.
  const int before = runner.simulated;
  const ReplicaDistribution d = SeedReplicaDistribution(target, search, 6, runner);
  EXPECT_THAT(d.replicas, ElementsAre(5, 6, 5));
  EXPECT_EQ(d.min, 5);
  EXPECT_EQ(d.median, 5.0);
  EXPECT_EQ(d.max, 6);
  EXPECT_EQ(d.covered_seeds, 3);
  EXPECT_DOUBLE_EQ(d.covered_share, 1.0);
  EXPECT_EQ(runner.simulated, before);  // all from the search's probes (cache hits)
  EXPECT_EQ(d.extra_probes, 0);
  // One replica fewer than the search's answer covers the two seeds that need 5, not the third.
  const ReplicaDistribution fewer = SeedReplicaDistribution(target, search, 5, runner);
  EXPECT_EQ(fewer.covered_seeds, 2);
  EXPECT_NEAR(fewer.covered_share, 2.0 / 3.0, 1e-12);
}

TEST(ReplicaDistributionTest, BisectsWhereTheSearchLeftAGap) {
  Scenario s;
  // Seed 1 needs 3, seed 2 needs 7: the search probes 1, 2, 4, 8 and bisects 6, 7 (all must
  // pass), so seed 1 is bracketed by 2 (fail) and 4 (pass) and needs one more probe, at 3.
  PerSeedRunner runner({3, 7});
  const SearchTarget target{&s, 10.0, 1, 16, 1};
  const SearchResult search = SearchMinReplicas({target}, runner)[0];
  ASSERT_EQ(search.min_replicas, 7);
  const int before = runner.simulated;
  const ReplicaDistribution d = SeedReplicaDistribution(target, search, 7, runner);
  EXPECT_THAT(d.replicas, ElementsAre(3, 7));
  EXPECT_EQ(d.median, 5.0);  // the mean of the two middle counts
  EXPECT_EQ(d.extra_probes, 1);
  EXPECT_EQ(runner.simulated, before + 1);
}

TEST(ReplicaDistributionTest, ASeedNotMetAtTheCapHasNoCount) {
  Scenario s;
  PerSeedRunner runner({2, 20});  // seed 2 is never met within 1..8
  const SearchTarget target{&s, 10.0, 1, 8, 1};
  const SearchResult search = SearchMinReplicas({target}, runner)[0];
  ASSERT_FALSE(search.min_replicas.has_value());
  const ReplicaDistribution d = SeedReplicaDistribution(target, search, 8, runner);
  EXPECT_EQ(d.replicas[0], 2);
  EXPECT_FALSE(d.replicas[1].has_value());
  EXPECT_EQ(d.min, 2);
  EXPECT_FALSE(d.median.has_value());  // a middle seed is not met
  EXPECT_FALSE(d.max.has_value());
  EXPECT_EQ(d.covered_seeds, 1);
  EXPECT_THAT(ReplicaDistributionText(d),
              HasSubstr("replicas by seed: 2 not met (min 2, median not met, max not met over 2 "
                        "seeds); the recommended count, 8, covers 1 of 2 seeds (50%)"));
}

TEST(ReplicaDistributionTest, SummaryOnBothSidesOfTheRecommendedCount) {
  const ReplicaDistribution d =
      SummarizeSeedReplicas({1, 2, 3, 4, 5}, {4, 3, 5, 4, 4}, /*recommended=*/4);
  EXPECT_EQ(d.min, 3);
  EXPECT_EQ(d.median, 4.0);
  EXPECT_EQ(d.max, 5);
  EXPECT_EQ(d.covered_seeds, 4);  // the seed that needs 5 is not covered by 4
  EXPECT_DOUBLE_EQ(d.covered_share, 0.8);
  EXPECT_EQ(SummarizeSeedReplicas({1, 2, 3, 4, 5}, {4, 3, 5, 4, 4}, 5).covered_seeds, 5);
  EXPECT_EQ(SummarizeSeedReplicas({1, 2, 3, 4, 5}, {4, 3, 5, 4, 4}, 3).covered_seeds, 1);
}

// The fixed world is deterministic: both seeds need exactly the 5 replicas of the search, found
// among its probes (4 fails, 5 passes) with no extra simulation.
TEST(ReplicaDistributionTest, FixedWorldPlanReportsItInJsonAndConsole) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan());
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 1});
  ASSERT_TRUE(r.recommendation.has_value());
  ASSERT_TRUE(r.replicas_by_seed.has_value());
  EXPECT_THAT(r.replicas_by_seed->replicas, ElementsAre(5, 5));
  EXPECT_EQ(r.replicas_by_seed->extra_probes, 0);
  std::string json = PlanJson(plan, r, "test");
  std::erase_if(json, [](char c) { return c == ' ' || c == '\n'; });  // pretty-printed
  EXPECT_NE(json.find(R"("replicas_by_seed":{"seeds":[1,2],"replicas":[5,5],"min":5,)"
                      R"("median":5,"max":5,"recommended":5,"covered_seeds":2,)"
                      R"("covered_share":1,"extra_probes":0})"),
            std::string::npos);
  EXPECT_THAT(FormatPlanSummary(plan, r),
              HasSubstr("   replicas by seed: 5 5 (min 5, median 5, max 5 over 2 seeds); the "
                        "recommended count, 5, covers 2 of 2 seeds (100%)\n"));
}

}  // namespace
}  // namespace gpuplan
