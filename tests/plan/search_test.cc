#include "sim/plan/search.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/plan/planner.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using ::testing::ElementsAre;
using testing::FixedWorldPlan;
using ::testing::HasSubstr;
using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;

// A world where a probe passes exactly when replicas >= need[scenario]: the search must find
// `need` itself, and the probes it runs are predictable.
class ThresholdRunner final : public ProbeRunner {
 public:
  explicit ThresholdRunner(std::map<const Scenario*, int> need) : need_(std::move(need)) {
    settings_.seeds = {1, 2};
  }
  std::vector<ProbeResult> Run(const std::vector<ProbeSpec>& specs) override {
    ++batches;
    std::vector<ProbeResult> out;
    for (const ProbeSpec& s : specs) {
      ProbeResult r;
      r.replicas = s.replicas;
      r.passed = s.replicas >= need_.at(s.scenario);
      out.push_back(r);
    }
    return out;
  }
  const ProbeSettings& settings() const override { return settings_; }
  int batches = 0;

 private:
  std::map<const Scenario*, int> need_;
  ProbeSettings settings_;
};

std::vector<int> Counts(const SearchResult& r) {
  std::vector<int> counts;
  for (const ProbeResult& p : r.probes) counts.push_back(p.replicas);
  return counts;
}

TEST(SearchTest, FindsTheTrueMinimumForEveryAnswer) {
  std::vector<Scenario> scenarios(40);
  std::map<const Scenario*, int> need;
  std::vector<SearchTarget> targets;
  for (int k = 1; k <= 40; ++k) {
    need[&scenarios[k - 1]] = k;
    targets.push_back({&scenarios[k - 1], 1.0, 1, 32, 1});
  }
  ThresholdRunner runner(need);
  const std::vector<SearchResult> found = SearchMinReplicas(targets, runner);
  for (int k = 1; k <= 40; ++k) {
    if (k <= 32) {
      EXPECT_EQ(found[k - 1].min_replicas, k) << k;
      // Doubling to the first pass, then bisection: at most 2 log2(32) + 1 probes.
      EXPECT_LE(found[k - 1].probes.size(), 11u) << k;
    } else {
      EXPECT_FALSE(found[k - 1].min_replicas.has_value()) << k;
      EXPECT_EQ(found[k - 1].probes.back().replicas, 32);
    }
  }
  EXPECT_THAT(Counts(found[4]), ElementsAre(1, 2, 4, 8, 6, 5));  // need 5
  // All targets advance together: the rounds are as many as the longest search.
  EXPECT_LE(runner.batches, 11);
}

TEST(SearchTest, StartingAboveTheAnswerBisectsDown) {
  Scenario s;
  ThresholdRunner runner({{&s, 3}});
  const std::vector<SearchResult> found = SearchMinReplicas({{&s, 1.0, 1, 16, 8}}, runner);
  EXPECT_EQ(found[0].min_replicas, 3);
  EXPECT_THAT(Counts(found[0]), ElementsAre(8, 4, 2, 3));
}

TEST(SearchTest, RespectsTheMinimumReplicaCount) {
  Scenario s;
  ThresholdRunner runner({{&s, 1}});
  const std::vector<SearchResult> found = SearchMinReplicas({{&s, 1.0, 3, 16, 1}}, runner);
  EXPECT_EQ(found[0].min_replicas, 3);
  EXPECT_THAT(Counts(found[0]), ElementsAre(3));
}

// The real simulator on the fixed-latency world of plan_test_util.h, where the answer is
// ceil(430 req/s x 10 ms) = 5 replicas.
// A batch job in the same world: 430 x 3600 requests within an hour is 430 req/s, judged only on
// a 24 h E2E. Every probe's backlog drains in seconds, far inside 24 h, so only the sustained-load
// check stops a fleet that serves a fraction of the arrivals: 4 replicas fall behind (as above),
// 5 keep up.
TEST(SearchTest, ABatchJobIsSizedByTheRateItMustSustain) {
  std::string yaml = FixedWorldPlan();
  yaml.replace(yaml.find("  peak_rate_per_s: 430"), 22,
               "  deadline: {requests: 1548000, hours: 1}");
  yaml.replace(yaml.find("slo: {ttft_ms: 15, e2e_ms: 15}"), 30, "slo: {preset: batch}");
  const PlanResult r =
      RunPlan(PlanFromYaml(yaml), ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  ASSERT_EQ(r.outcomes.size(), 1u);
  const CandidateOutcome& o = r.outcomes[0];
  ASSERT_EQ(o.status, CandidateStatus::kFeasible) << o.reason;
  EXPECT_DOUBLE_EQ(r.traffic.peak_rate_per_s, 430);
  EXPECT_EQ(o.replicas, 5);
  const ProbeResult* at4 = o.search.At(4);
  ASSERT_NE(at4, nullptr);
  EXPECT_FALSE(at4->passed);
  EXPECT_THAT(at4->reason, HasSubstr("overloaded"));
  EXPECT_TRUE(at4->metrics[SloMetric::kE2e].passed);  // its E2E alone would have passed
}

TEST(SearchTest, FixedLatencyWorldNeedsExactlyTheHandDerivedReplicaCount) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan());
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  ASSERT_EQ(r.outcomes.size(), 1u);
  const CandidateOutcome& o = r.outcomes[0];
  ASSERT_EQ(o.status, CandidateStatus::kFeasible) << o.reason;
  EXPECT_EQ(o.replicas, 5);
  EXPECT_THAT(Counts(o.search), ElementsAre(1, 2, 4, 8, 6, 5));
  // 5 replicas: each sees a request every 11.6 ms and serves it in 10 ms, alone.
  const ProbeResult* at5 = o.search.At(5);
  ASSERT_NE(at5, nullptr);
  EXPECT_TRUE(at5->passed);
  EXPECT_DOUBLE_EQ(at5->metrics[SloMetric::kTtft].ci.mean, 10.0);   // TTFT
  EXPECT_DOUBLE_EQ(at5->metrics[SloMetric::kTtft].ci.upper, 10.0);  // the same on every seed
  EXPECT_NEAR(at5->margin, (15.0 - 10.0) / 15.0, 1e-12);
  // 4 replicas: a request every 9.3 ms, 0.7 ms more than each replica can serve: a backlog. The
  // probe fails as overloaded (the second half of the arrivals, 430 req/s on whole intervals, is
  // not served at 95% of that rate), and its TTFT is over the threshold as well.
  const ProbeResult* at4 = o.search.At(4);
  ASSERT_NE(at4, nullptr);
  EXPECT_FALSE(at4->passed);
  EXPECT_THAT(at4->reason, HasSubstr("overloaded"));
  EXPECT_EQ(at4->overloaded_seeds, 2);
  EXPECT_NEAR(at4->sustained_arrival_rate_per_s, 430, 430 * 0.01);
  EXPECT_LT(at4->sustained_completion_rate_per_s, 0.95 * at4->sustained_arrival_rate_per_s);
  EXPECT_GT(at4->metrics[SloMetric::kTtft].ci.mean, 15.0);
  EXPECT_EQ(at5->overloaded_seeds, 0);
  // The isolated probe is the floor: 10 ms.
  ASSERT_TRUE(o.isolated.has_value());
  EXPECT_DOUBLE_EQ(o.isolated->metrics[SloMetric::kTtft].ci.mean, 10.0);
  ASSERT_TRUE(r.recommendation.has_value());
  EXPECT_EQ(r.recommendation->replicas, 5);
  // Every passing count has the same 10 ms latency, so only the cheapest is on the frontier.
  ASSERT_EQ(r.pareto.size(), 3u);
  EXPECT_EQ(r.pareto[0].replicas, 5);
  EXPECT_TRUE(r.pareto[0].frontier);
  EXPECT_FALSE(r.pareto[1].frontier);
  EXPECT_FALSE(r.pareto[2].frontier);
}

TEST(SearchTest, NPlusOneNeedsOneMoreReplicaInTheFixedWorld) {
  const PlanResult r =
      RunPlan(PlanFromYaml(FixedWorldPlan()), ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  ASSERT_TRUE(r.n_plus_one.has_value());
  EXPECT_EQ(r.n_plus_one->replicas, 5);
  EXPECT_FALSE(r.n_plus_one->holds);  // 4 replicas build a backlog
  EXPECT_EQ(r.n_plus_one->n_plus_one_replicas, 6);
  EXPECT_EQ(r.n_plus_one->cost.gpus, 6);
}

TEST(SearchTest, SensitivitySearchesFromTheRecommendedFleet) {
  // x0.8 = 344 req/s needs ceil(3.44) = 4; x1.2 = 516 req/s needs ceil(5.16) = 6.
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan(), {"search.sensitivity=[0.8, 1.2]"});
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  ASSERT_EQ(r.sensitivity.size(), 2u);
  EXPECT_NEAR(r.sensitivity[0].rate_per_s, 344, 1e-9);
  EXPECT_TRUE(r.sensitivity[0].at_fleet.passed);
  EXPECT_EQ(r.sensitivity[0].min_replicas, 4);
  EXPECT_FALSE(r.sensitivity[1].at_fleet.passed);
  EXPECT_EQ(r.sensitivity[1].min_replicas, 6);
}

}  // namespace
}  // namespace gpuplan
