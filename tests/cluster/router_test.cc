#include "sim/cluster/router.h"

#include <gtest/gtest.h>

#include "tests/cluster/test_world.h"

namespace gpuplan {
namespace {

using test::ContinuousReplica;
using test::Spec;

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int32_t i = 0; i < 3; ++i) owned_.push_back(ContinuousReplica(i));
    for (auto& r : owned_) views_.push_back(r.get());
  }
  // Queues `n` requests of `prompt` tokens on replica i; optionally runs a step so they hold KV.
  void Load(int32_t i, int n, int32_t prompt, bool step) {
    for (int k = 0; k < n; ++k) {
      ASSERT_FALSE(owned_[static_cast<size_t>(i)]->Enqueue(Spec(id_++, 0, prompt, 4), 0));
    }
    SimTime end;
    if (step) {
      ASSERT_TRUE(owned_[static_cast<size_t>(i)]->FormStep(0, &end));
    }
  }
  int32_t Route(Router& router) { return router.Route(Spec(999, 0, 10, 1), views_); }

  std::vector<std::unique_ptr<Replica>> owned_;
  std::vector<const Replica*> views_;
  uint64_t id_ = 0;
};

TEST_F(RouterTest, RoundRobinCyclesFromReplicaZero) {
  auto router = MakeRoundRobinRouter();
  Load(0, 5, 10, false);  // load is ignored
  std::vector<int32_t> picks;
  for (int i = 0; i < 7; ++i) picks.push_back(Route(*router));
  EXPECT_EQ(picks, (std::vector<int32_t>{0, 1, 2, 0, 1, 2, 0}));
}

TEST_F(RouterTest, LeastOutstandingPicksFewestWaitingPlusRunning) {
  auto router = MakeLeastOutstandingRouter();
  EXPECT_EQ(Route(*router), 0);  // all empty: tie -> lowest index
  Load(0, 2, 10, true);          // 2 running
  Load(1, 1, 10, false);         // 1 waiting
  Load(2, 1, 10, true);          // 1 running
  EXPECT_EQ(Route(*router), 1);  // tie 1 vs 2 -> lowest index
  Load(1, 1, 10, false);
  EXPECT_EQ(Route(*router), 2);
}

TEST_F(RouterTest, LeastKvUsagePicksLowestUsedFraction) {
  auto router = MakeLeastKvUsageRouter();
  EXPECT_EQ(Route(*router), 0);
  Load(0, 1, 160, true);         // 10 blocks
  Load(1, 1, 16, true);          // 1 block
  Load(2, 1, 16, true);          // 1 block
  EXPECT_EQ(Route(*router), 1);  // tie 1 vs 2 -> lowest index
  Load(1, 1, 1, false);          // waiting holds no KV: still 1 block
  EXPECT_EQ(Route(*router), 1);
  Load(2, 3, 1, false);
  EXPECT_EQ(Route(*router), 1);
}

TEST_F(RouterTest, LeastKvUsageComparesFractionsAcrossCacheSizes) {
  std::vector<std::unique_ptr<Replica>> mixed;
  mixed.push_back(ContinuousReplica(0, {}, {.num_blocks = 100, .block_size = 16}));
  mixed.push_back(ContinuousReplica(1, {}, {.num_blocks = 10, .block_size = 16}));
  SimTime end;
  ASSERT_FALSE(mixed[0]->Enqueue(Spec(0, 0, 160, 2), 0));  // 10 / 100
  ASSERT_TRUE(mixed[0]->FormStep(0, &end));
  ASSERT_FALSE(mixed[1]->Enqueue(Spec(1, 0, 16, 2), 0));  // 1 / 10: equal fraction
  ASSERT_TRUE(mixed[1]->FormStep(0, &end));
  std::vector<const Replica*> views{mixed[0].get(), mixed[1].get()};
  auto router = MakeLeastKvUsageRouter();
  EXPECT_EQ(router->Route(Spec(2, 0, 1, 1), views), 0);
}

TEST(RouterRegistryTest, RegistersThePoliciesByName) {
  RouterRegistry registry("router");
  RegisterBuiltinRouters(registry);
  EXPECT_EQ(registry.Names(), (std::vector<std::string>{"round_robin", "least_outstanding_requests",
                                                        "least_kv_usage"}));
  Diagnostics diags;
  auto router = registry.Make("least_kv_usage", {}, "cluster.router.kind", ParamTable{}, diags);
  ASSERT_TRUE(router && *router);
  EXPECT_EQ((*router)->name(), "least_kv_usage");
  EXPECT_FALSE(registry.Make("round_robbin", {}, "cluster.router.kind", ParamTable{}, diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags.items()[0].message.find("did you mean 'round_robin'"), std::string::npos);
  EXPECT_THROW(RegisterBuiltinRouters(registry), InternalError);
}

}  // namespace
}  // namespace gpuplan
