// The autoscaler inside the cluster loop (sim/cluster/autoscaling.h), with the fake latency
// model (1 ms + 0.01 ms per prefill token + 0.5 ms if any decode); expected values by hand.
#include "sim/cluster/autoscaling.h"

#include <gtest/gtest.h>

#include <array>

#include "sim/cluster/cluster_simulation.h"
#include "sim/cluster/replica_timeseries.h"
#include "tests/cluster/test_world.h"

namespace gpuplan {

// How GoogleTest prints a point when a comparison fails; found by argument-dependent lookup, so
// it lives in the point's namespace, not in the anonymous one.
void PrintTo(const ReplicaCountPoint& p, std::ostream* os) {
  *os << "{" << p.time << " ns, started " << p.started << ", routable " << p.routable << ", paid "
      << p.paid << "}";
}

namespace {

using test::Ms;
using test::RecordingSink;
using test::Replicas;
using test::VectorSource;

constexpr SimTime kSecond = kNanosPerSecond;

AutoscalingOptions Scaling(int32_t min, int32_t max, int32_t initial, double target,
                           SimTime cold_start, SimTime window) {
  return {.metric = ScalingMetric::kRequestsPerReplica,
          .target = target,
          .tolerance = 0.1,
          .min_replicas = min,
          .max_replicas = max,
          .initial_replicas = initial,
          .sync_period = kSecond,
          .cold_start = cold_start,
          .scale_down_window = window};
}

ClusterRunStats RunScaled(const AutoscalingOptions& scaling, RequestSource& feed, MetricsSink& sink,
                          std::unique_ptr<Router> router = MakeLeastOutstandingRouter()) {
  ClusterOptions options;
  options.autoscaling = scaling;
  ClusterSimulation sim(Replicas(scaling.max_replicas), std::move(router), feed, sink, options);
  return sim.Run();
}

RequestSpec Req(SimTime at, int32_t prompt, int32_t output) {
  return {.arrival = at, .prompt_tokens = prompt, .output_tokens = output};
}

// A and B (4,000 tokens each) keep 2 requests in flight on the one routable replica: the sync at
// 1 s sees 2 per replica against a target of 1 and starts replica 1, routable at 1 + 2 = 3 s.
// C, 1 ns before, still goes to replica 0 although replica 1 is empty; D at exactly 3 s goes to
// replica 1 (ready before the instant's routing) and is served at once: TTFT 1 + 1 ms.
TEST(AutoscalingTest, ScaleUpTakesEffectExactlyAfterTheColdStart) {
  VectorSource feed({Req(0, 100, 4000), Req(0, 100, 4000), Req(3 * kSecond - 1, 100, 1),
                     Req(3 * kSecond, 100, 1)});
  RecordingSink sink;
  const ClusterRunStats stats = RunScaled(Scaling(1, 2, 1, 1, 2 * kSecond, 0), feed, sink);
  EXPECT_EQ(sink.Done(2).replica, 0);
  EXPECT_EQ(sink.Done(3).replica, 1);
  EXPECT_EQ(sink.Done(3).first_scheduled, 3 * kSecond);
  EXPECT_EQ(sink.Done(3).Ttft(), Ms(2));
  for (const RequestRecord& r : sink.done) {
    if (r.replica == 1) {
      EXPECT_GE(r.first_scheduled, 3 * kSecond) << "request " << r.id;
    }
  }
  // A and B end near 6 s; the sync at 7 s sees ~0 in flight over its second and scales down.
  const std::vector<ReplicaCountPoint> expected = {
      {0, 1, 1, 1}, {kSecond, 2, 1, 2}, {3 * kSecond, 2, 2, 2}, {7 * kSecond, 1, 1, 1}};
  EXPECT_EQ(stats.replica_counts, expected);
  EXPECT_EQ(stats.requests_finished, 4);
}

// The time series of the run above, at 1 s intervals: each row has the fleet at its start, the
// step function's value there (the change at exactly 1 s, 3 s and 7 s already counts). Row 0:
// 1 started, 1 routable, 1 paid; rows 1-2: 2 started (one starting), 1 routable, 2 paid; rows
// 3-6: 2, 2, 2; row 7 on: 1, 1, 1. A row starting 1 ns before a change still shows the old fleet.
TEST(AutoscalingTest, TimeseriesRowsCarryTheFleetAtTheirStart) {
  VectorSource feed({Req(0, 100, 4000), Req(0, 100, 4000), Req(3 * kSecond - 1, 100, 1),
                     Req(3 * kSecond, 100, 1)});
  RecordingSink sink;
  const ClusterRunStats stats = RunScaled(Scaling(1, 2, 1, 1, 2 * kSecond, 0), feed, sink);
  std::vector<TimeseriesRow> rows(9);
  AddReplicaCounts(stats.replica_counts, kSecond, rows);
  const std::vector<std::array<int32_t, 3>> expected = {{1, 1, 1}, {2, 1, 2}, {2, 1, 2},
                                                        {2, 2, 2}, {2, 2, 2}, {2, 2, 2},
                                                        {2, 2, 2}, {1, 1, 1}, {1, 1, 1}};
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_TRUE(rows[i].has_replica_counts);
    EXPECT_EQ((std::array<int32_t, 3>{rows[i].replicas_started, rows[i].replicas_routable,
                                      rows[i].replicas_paid}),
              expected[i])
        << "row " << i;
  }
  std::vector<TimeseriesRow> offset(2);  // rows at 0 and 3 s - 1 ns
  AddReplicaCounts(stats.replica_counts, 3 * kSecond - 1, offset);
  EXPECT_EQ(offset[1].replicas_routable, 1);
  // A fixed fleet (no points) gets no counts.
  std::vector<TimeseriesRow> fixed(3);
  AddReplicaCounts({}, kSecond, fixed);
  for (const TimeseriesRow& row : fixed) EXPECT_FALSE(row.has_replica_counts);
}

// Two replicas, one long request each (X on 0, Y on 1: 2 ms prefill + 1,999 x 1.5 ms = 3.0005 s).
// The sync at 1 s sees 1 per replica against 10: desired ceil(2 x 0.1) = 1, the newest (1) leaves
// routing but finishes Y, and is released when Y ends. Z at 1.5 s goes to replica 0, joining X's
// step that ends at 1500.5 ms (1 + 1 + 0.5 ms, done at 1503 ms), which delays X by 1 ms.
TEST(AutoscalingTest, ScaleDownDrainsWithoutLosingRequests) {
  VectorSource feed({Req(0, 100, 2000), Req(0, 100, 2000), Req(Ms(1500), 100, 1)});
  RecordingSink sink;
  const ClusterRunStats stats =
      RunScaled(Scaling(1, 2, 2, 10, 0, 0), feed, sink, MakeRoundRobinRouter());
  EXPECT_EQ(stats.requests_arrived, 3);
  EXPECT_EQ(stats.requests_finished, 3);
  EXPECT_EQ(stats.requests_dropped, 0);
  EXPECT_EQ(sink.Done(1).replica, 1);
  EXPECT_EQ(sink.Done(1).done, Ms(3000.5));
  EXPECT_EQ(sink.Done(2).replica, 0);
  EXPECT_EQ(sink.Done(2).done, Ms(1503));
  EXPECT_EQ(sink.Done(0).done, Ms(3001.5));
  const std::vector<ReplicaCountPoint> expected = {
      {0, 2, 2, 2}, {kSecond, 1, 1, 2}, {Ms(3000.5), 1, 1, 1}};
  EXPECT_EQ(stats.replica_counts, expected);
  EXPECT_EQ(stats.end_time, Ms(3001.5));
  // 2 paid replicas to 3.0005 s, then 1 to the end: 6.001 + 0.001.
  EXPECT_NEAR(stats.paid_replica_seconds, 6.002, 1e-9);
}

// No replica at first (min 0). R arrives at 0.3 s and waits in the cluster queue; the sync at
// 1 s starts one, routable at 1 + 2 = 3 s; R's prefill takes 1 + 1000 x 0.01 = 11 ms. TTFT =
// 0.7 s waiting for the sync + 2 s cold start + 11 ms; E2E adds 9 decodes of 1.5 ms.
TEST(AutoscalingTest, FromZeroTheFirstArrivalWaitsForTheColdStart) {
  VectorSource feed({Req(Ms(300), 1000, 10)});
  RecordingSink sink;
  const ClusterRunStats stats = RunScaled(Scaling(0, 1, 0, 1, 2 * kSecond, 0), feed, sink);
  ASSERT_EQ(sink.done.size(), 1u);
  EXPECT_EQ(sink.done[0].first_scheduled, 3 * kSecond);
  EXPECT_EQ(sink.done[0].Ttft(), Ms(700) + 2 * kSecond + Ms(11));
  EXPECT_EQ(sink.done[0].E2e(), Ms(2711) + 9 * Ms(1.5));
  // The run ends at 3.0245 s, before a sync could see a whole second without requests.
  const std::vector<ReplicaCountPoint> expected = {
      {0, 0, 0, 0}, {kSecond, 1, 0, 1}, {3 * kSecond, 1, 1, 1}};
  EXPECT_EQ(stats.replica_counts, expected);
  EXPECT_NEAR(stats.paid_replica_seconds, 2.0245, 1e-9);
}

// With nothing in flight over a whole sync period the count falls to min 0; a later arrival
// starts a replica again from zero. The scale-down window holds the largest recommendation.
TEST(AutoscalingTest, ScalesToZeroAfterTheWindowAndBackUp) {
  VectorSource feed({Req(0, 100, 1), Req(10 * kSecond + Ms(500), 100, 1)});
  RecordingSink sink;
  const ClusterRunStats stats = RunScaled(Scaling(0, 2, 1, 1, Ms(500), 3 * kSecond), feed, sink);
  // Request 0 ends at 2 ms. Syncs from 1 s see 0 in flight: desired 0, but the window holds the
  // 1 recommended at 1 s until the sync at 4 s (1 + 3 <= 4 drops it): released at 4 s.
  // Request 1 waits from 10.5 s; the sync at 11 s starts a replica, routable at 11.5 s.
  const std::vector<ReplicaCountPoint> expected = {{0, 1, 1, 1},
                                                   {4 * kSecond, 0, 0, 0},
                                                   {11 * kSecond, 1, 0, 1},
                                                   {11 * kSecond + Ms(500), 1, 1, 1}};
  EXPECT_EQ(stats.replica_counts, expected);
  EXPECT_EQ(sink.Done(1).first_scheduled, 11 * kSecond + Ms(500));
  EXPECT_EQ(sink.Done(1).Ttft(), Ms(1000) + Ms(2));
}

// The run above with prefix caching: request 0 (100 prompt tokens: 6 full blocks of 16 and a
// partial one, blocks 0-6) finishes on replica 0 at 2 ms, its 6 full blocks keeping its tokens.
// Replica 0 is released at 4 s and started again at 11 s for request 1. A cold start has an empty
// cache: request 1 gets blocks 0-6 as in a new cache, and none of request 0's blocks is cached
// any more. (Kept, the cache would hand out 6, then 7-12, and still hold request 0's 6 blocks.)
TEST(AutoscalingTest, AReplicaStartedAgainHasAnEmptyPrefixCache) {
  VectorSource feed({Req(0, 100, 1), Req(10 * kSecond + Ms(500), 100, 1)});
  RecordingSink sink;
  const KvCacheConfig kv{
      .num_blocks = 10000, .block_size = 16, .watermark = 0, .prefix_caching = true};
  ClusterOptions options;
  options.autoscaling = Scaling(0, 2, 1, 1, Ms(500), 3 * kSecond);
  BlockTable first;
  BlockTable second;
  int32_t still_cached = -1;
  options.on_step_formed = [&](const Replica& replica, SimTime, SimTime) {
    const ReplicaState& state = replica.state();
    ASSERT_EQ(replica.index(), 0);
    ASSERT_EQ(state.running.size(), 1u);
    const Request& r = state.pool[state.running.front()];
    if (r.record.id == 0) {
      first = r.blocks;
    } else {
      second = r.blocks;
      still_cached = replica.kv().CachedPrefix(first, 0, 7);
    }
  };
  ClusterSimulation sim(Replicas(2, {}, kv), MakeLeastOutstandingRouter(), feed, sink, options);
  const ClusterRunStats stats = sim.Run();
  EXPECT_EQ(stats.requests_finished, 2);
  EXPECT_EQ(first, (BlockTable{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(second, (BlockTable{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(still_cached, 0);
  EXPECT_EQ(sink.Done(1).replica, 0);
}

ClusterRunStats RunRandom(uint64_t seed, RecordingSink& sink) {
  VectorSource feed(test::RandomRequests(seed, 3000, 400, 600, 60));
  AutoscalingOptions a = Scaling(0, 4, 1, 2, Ms(300), 2 * kSecond);
  a.sync_period = Ms(500);
  ClusterOptions options;
  options.autoscaling = a;
  options.timeseries_interval = Ms(250);
  ClusterSimulation sim(Replicas(4), MakeLeastKvUsageRouter(), feed, sink, options);
  return sim.Run();
}

TEST(AutoscalingTest, RandomRunKeepsInvariantsAndIsDeterministic) {
  RecordingSink first, second;
  const ClusterRunStats a = RunRandom(7, first);
  const ClusterRunStats b = RunRandom(7, second);
  EXPECT_EQ(a.requests_arrived, 3000);
  EXPECT_EQ(a.requests_arrived, a.requests_finished + a.requests_dropped);
  EXPECT_GE(a.replica_counts.size(), 3u);  // it did scale, more than once
  for (const ReplicaCountPoint& p : a.replica_counts) {
    EXPECT_LE(p.routable, p.started);
    EXPECT_LE(p.started, 4);
    EXPECT_LE(p.started, p.paid);
  }
  EXPECT_EQ(a.replica_counts, b.replica_counts);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.paid_replica_seconds, b.paid_replica_seconds);
  ASSERT_EQ(first.done.size(), second.done.size());
  for (size_t i = 0; i < first.done.size(); ++i) {
    EXPECT_EQ(first.done[i].id, second.done[i].id);
    EXPECT_EQ(first.done[i].done, second.done[i].done);
    EXPECT_EQ(first.done[i].replica, second.done[i].replica);
  }
}

TEST(AutoscalingTest, PaidReplicaSecondsClipsTheStepFunction) {
  const std::vector<ReplicaCountPoint> points = {
      {0, 1, 1, 1}, {2 * kSecond, 3, 1, 3}, {5 * kSecond, 1, 1, 2}};
  EXPECT_DOUBLE_EQ(PaidReplicaSeconds(points, 0, 6 * kSecond), 2 + 9 + 2);
  EXPECT_DOUBLE_EQ(PaidReplicaSeconds(points, kSecond, 3 * kSecond), 1 + 3);
  EXPECT_DOUBLE_EQ(PaidReplicaSeconds(points, 7 * kSecond, 8 * kSecond), 2);
}

}  // namespace
}  // namespace gpuplan
