// The plan's progress: the search's probe bound by hand, the counter's semantics, and a whole
// plan in the fixed-latency world, whose simulated requests are counted by hand.
#include "sim/plan/plan_progress.h"

#include <gtest/gtest.h>

#include <mutex>
#include <utility>
#include <vector>

#include "sim/plan/planner.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using testing::FixedWorldPlan;
using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;

TEST(PlanProgressTest, SearchBoundByHand) {
  EXPECT_EQ(SearchProbesAtMost(1, 1), 1);
  // 1, 2, 4, 8, 16, 32, then bisecting (16, 32]: 24, 20, 18, 17.
  EXPECT_EQ(SearchProbesAtMost(1, 32), 10);
  // 2, 4, 5, then (4, 5] needs nothing more.
  EXPECT_EQ(SearchProbesAtMost(2, 5), 3);
  // 3, 6, 12, 24, 40, then bisecting (24, 40]: 32, 28, 26, 25. An answer above 40 stops at 5.
  EXPECT_EQ(SearchProbesAtMost(3, 40), 9);
  // From 8 of 1..16: 8 passes, then 4, 2, 1 (need 1); or 8 fails, 16, then 12, 10, 9 (need 9).
  EXPECT_EQ(SearchProbesAtMost(1, 16, 8), 5);
}

TEST(PlanProgressTest, CountsAgainstARevisedTotal) {
  std::vector<std::pair<int64_t, int64_t>> calls;
  PlanProgress progress([&](int64_t done, int64_t total) { calls.emplace_back(done, total); });
  progress.ExpectAtMost(100);
  progress.Simulated(30);
  progress.ExpectAtMost(20);  // the estimate shrinks: 30 done + 20 left
  progress.Simulated(40);     // more than estimated: the total grows with the work
  progress.Finish();
  const std::vector<std::pair<int64_t, int64_t>> expected = {
      {0, 100}, {30, 100}, {30, 50}, {70, 70}, {70, 70}};
  EXPECT_EQ(calls, expected);
  EXPECT_FALSE(PlanProgress(nullptr).Callback());  // nobody listens: the runner gets no hook
}

// The fixed world (plan_test_util.h): one candidate, 2 seeds, 600 requests per probe and 500
// per isolated probe, minimum 5 of at most 16 replicas, no sensitivity, no autoscaler.
TEST(PlanProgressTest, WholePlanCountsEverySimulatedRequest) {
  std::vector<std::pair<int64_t, int64_t>> calls;
  std::mutex mutex;
  PlanOptions options{.threads = 2};
  options.on_progress = [&](int64_t done, int64_t total) {
    std::lock_guard lock(mutex);
    calls.emplace_back(done, total);
  };
  const PlanResult r =
      RunPlan(PlanFromYaml(FixedWorldPlan()), ShippedCatalog(), SharedBuiltins(), options);
  ASSERT_TRUE(r.recommendation.has_value());
  ASSERT_EQ(r.recommendation->replicas, 5);
  ASSERT_FALSE(calls.empty());
  // First estimate: isolated 2 x 500; search 1..16 at most 8 probes (1, 2, 4, 8, 16, then 3
  // bisections) x 2 seeds x 600; N+1 one probe x 2 x 600.
  EXPECT_EQ(calls.front(), std::make_pair(int64_t{0}, int64_t{1000 + 9600 + 1200}));
  // Simulated: isolated 1,000; the search probes 1, 2, 4, 8, 6, 5 (6 x 1,200); N+1 at 4 replicas
  // was already probed (cached): 8,200 in all, and the last report says done.
  EXPECT_EQ(calls.back(), std::make_pair(int64_t{8200}, int64_t{8200}));
  for (size_t i = 1; i < calls.size(); ++i) {
    EXPECT_GE(calls[i].first, calls[i - 1].first) << i;
    EXPECT_LE(calls[i].first, calls[i].second) << i;
  }
}

}  // namespace
}  // namespace gpuplan
