// End-to-end runs of the cluster loop with the fake latency model (1 ms + 0.01 ms per prefill
// token + 0.5 ms if any decode); expected values derived by hand.
#include "sim/cluster/cluster_simulation.h"

#include <gtest/gtest.h>

#include "sim/workload/arrival.h"
#include "sim/workload/length_dist.h"
#include "sim/workload/synthetic_workload.h"
#include "tests/cluster/test_world.h"

namespace gpuplan {
namespace {

using test::ClosedLoopSource;
using test::Ms;
using test::RecordingSink;
using test::Replicas;
using test::VectorSource;

ClusterRunStats RunCluster(std::vector<std::unique_ptr<Replica>> replicas, RequestSource& feed,
                           MetricsSink& sink, ClusterOptions options = {},
                           std::unique_ptr<Router> router = MakeRoundRobinRouter()) {
  ClusterSimulation sim(std::move(replicas), std::move(router), feed, sink, options);
  return sim.Run();
}

TEST(ClusterSimulationTest, OneRequestTtftAndE2eAreExact) {
  VectorSource feed({{.arrival = Ms(3), .prompt_tokens = 1000, .output_tokens = 10}});
  RecordingSink sink;
  const ClusterRunStats stats = RunCluster(Replicas(1), feed, sink);
  ASSERT_EQ(sink.done.size(), 1u);
  EXPECT_EQ(sink.done[0].id, 0u);
  EXPECT_EQ(sink.done[0].arrival, Ms(3));
  EXPECT_EQ(sink.done[0].Ttft(), Ms(11));
  EXPECT_EQ(sink.done[0].E2e(), Ms(11) + 9 * Ms(1.5));
  EXPECT_EQ(stats.requests_arrived, 1);
  EXPECT_EQ(stats.requests_finished, 1);
  EXPECT_EQ(stats.requests_dropped, 0);
  EXPECT_EQ(stats.steps, 10);
  EXPECT_EQ(stats.end_time, Ms(3) + Ms(24.5));
  EXPECT_EQ(stats.replica_busy, std::vector<SimTime>{Ms(24.5)});
  // arrival, route, 10 x (schedule + step end), one final sample at 1 s that finds the run over
  EXPECT_EQ(stats.events, 23u);
  EXPECT_TRUE(sink.snapshots.empty());
  EXPECT_EQ(sink.arrivals, 1);
}

TEST(ClusterSimulationTest, ArrivalExactlyAtAStepEndJoinsTheStepFormedThen) {
  // A's prefill (100 tokens) ends at 2 ms. B arriving at exactly 2 ms is routed after that
  // completion and before scheduling, so it shares the step formed at 2 ms with A's decode.
  for (const SimTime delay : {SimTime{0}, SimTime{1}}) {
    VectorSource feed({{.arrival = 0, .prompt_tokens = 100, .output_tokens = 2},
                       {.arrival = Ms(2) + delay, .prompt_tokens = 100, .output_tokens = 2}});
    RecordingSink sink;
    RunCluster(Replicas(1), feed, sink);
    const RequestRecord& a = sink.Done(0);
    const RequestRecord& b = sink.Done(1);
    if (delay == 0) {
      EXPECT_EQ(b.first_scheduled, Ms(2));
      EXPECT_EQ(b.first_token, Ms(4.5));  // 1 + 1 (100 tokens) + 0.5 (A's decode)
      EXPECT_EQ(a.done, Ms(4.5));
    } else {  // 1 ns later: waits for A's decode step (2 -> 3.5 ms)
      EXPECT_EQ(a.done, Ms(3.5));
      EXPECT_EQ(b.first_scheduled, Ms(3.5));
      EXPECT_EQ(b.first_token, Ms(5.5));
    }
  }
}

TEST(ClusterSimulationTest, CompletionsFreeKvBeforeSameInstantRouting) {
  // A (replica 0, 7 blocks) finishes at 2 ms; B holds 1 block on replica 1 then. C arrives at
  // exactly 2 ms: routing runs after A's completion, so least_kv_usage sees replica 0 empty.
  VectorSource feed({{.arrival = 0, .prompt_tokens = 100, .output_tokens = 1},
                     {.arrival = Ms(1), .prompt_tokens = 10, .output_tokens = 5},
                     {.arrival = Ms(2), .prompt_tokens = 10, .output_tokens = 1}});
  RecordingSink sink;
  RunCluster(Replicas(2), feed, sink, {}, MakeLeastKvUsageRouter());
  EXPECT_EQ(sink.Done(0).done, Ms(2));
  EXPECT_EQ(sink.Done(1).replica, 1);
  EXPECT_EQ(sink.Done(2).replica, 0);
}

TEST(ClusterSimulationTest, RoundRobinSpreadsSimultaneousArrivals) {
  VectorSource feed({{.arrival = 0, .prompt_tokens = 1000, .output_tokens = 10},
                     {.arrival = 0, .prompt_tokens = 1000, .output_tokens = 10}});
  RecordingSink sink;
  const ClusterRunStats stats = RunCluster(Replicas(2), feed, sink);
  EXPECT_EQ(sink.Done(0).replica, 0);
  EXPECT_EQ(sink.Done(1).replica, 1);
  EXPECT_EQ(sink.Done(1).Ttft(), Ms(11));
  EXPECT_DOUBLE_EQ(stats.GpuBusyFraction(), 1.0);
}

TEST(ClusterSimulationTest, BusyFractionCountsIdleReplicas) {
  VectorSource feed({{.arrival = 0, .prompt_tokens = 1000, .output_tokens = 10}});
  RecordingSink sink;
  const ClusterRunStats stats = RunCluster(Replicas(2), feed, sink);
  EXPECT_DOUBLE_EQ(stats.GpuBusyFraction(), 0.5);
}

TEST(ClusterSimulationTest, RequestThatCanNeverFitIsDroppedWithAReason) {
  VectorSource feed({{.arrival = 0, .prompt_tokens = 100, .output_tokens = 4},
                     {.arrival = Ms(1), .prompt_tokens = 100000, .output_tokens = 4},
                     {.arrival = Ms(2), .prompt_tokens = 100, .output_tokens = 4}});
  RecordingSink sink;
  const ClusterRunStats stats = RunCluster(
      Replicas(1, {}, {.num_blocks = 64, .block_size = 16, .watermark = 0.01}), feed, sink);
  EXPECT_EQ(stats.requests_arrived, 3);
  EXPECT_EQ(stats.requests_finished, 2);
  EXPECT_EQ(stats.requests_dropped, 1);
  ASSERT_EQ(stats.drops.size(), 1u);
  EXPECT_EQ(stats.drops[0].reason, DropReason::kExceedsKvCapacity);
  EXPECT_EQ(stats.drops[0].count, 1);
  EXPECT_NE(stats.drops[0].first_message.find("request 1: needs 6251 KV blocks"), std::string::npos)
      << stats.drops[0].first_message;
  EXPECT_EQ(DropReasonName(stats.drops[0].reason), "exceeds_kv_capacity");
}

TEST(ClusterSimulationTest, ClosedLoopClientsSendAfterThinkTime) {
  ClosedLoopSource feed(3, 4, Ms(1), {.arrival = 0, .prompt_tokens = 100, .output_tokens = 5});
  RecordingSink sink;
  const ClusterRunStats stats = RunCluster(Replicas(1), feed, sink);
  EXPECT_EQ(stats.requests_arrived, 12);
  EXPECT_EQ(stats.requests_finished, 12);
  ASSERT_EQ(feed.completions.size(), 12u);
  for (int32_t client = 0; client < 3; ++client) {
    std::vector<const RequestRecord*> mine;
    for (const RequestRecord& r : sink.done) {
      if (r.client == client) mine.push_back(&r);
    }
    ASSERT_EQ(mine.size(), 4u);
    for (size_t k = 1; k < mine.size(); ++k) {
      EXPECT_EQ(mine[k]->arrival, mine[k - 1]->done + Ms(1));
    }
  }
}

// The workload's own closed-loop RequestSource, pulled by the cluster with no adapter between
// them: one client, fixed think 250 ms, 100 prompt + 2 output tokens, two requests. The first
// arrives at 0, prefills 0 -> 2 ms (1 + 100 x 0.01), decodes 2 -> 3.5 ms (1 + 0.5) and leaves;
// OnComplete(0, 3.5 ms) sends the follow-up at 3.5 + 250 = 253.5 ms, done at 253.5 + 3.5 ms.
TEST(ClusterSimulationTest, ClosedLoopFollowUpArrivesThroughOnComplete) {
  const SyntheticWorkload workload(
      MakeClosedLoopArrivals({.concurrency = 1,
                              .think_time_s = 0.25,
                              .think_distribution = ThinkDistribution::kFixed}),
      MakeFixedLength({.tokens = 100}), MakeFixedLength({.tokens = 2}));
  const std::unique_ptr<RequestSource> source = workload.Open(1, {.max_requests = 2});
  RecordingSink sink;
  const ClusterRunStats stats = RunCluster(Replicas(1), *source, sink);
  EXPECT_EQ(stats.requests_arrived, 2);
  ASSERT_EQ(sink.done.size(), 2u);
  EXPECT_EQ(sink.Done(0).arrival, 0);
  EXPECT_EQ(sink.Done(0).done, Ms(3.5));
  EXPECT_EQ(sink.Done(1).client, 0);
  EXPECT_EQ(sink.Done(1).arrival, Ms(253.5));
  EXPECT_EQ(sink.Done(1).first_token, Ms(255.5));
  EXPECT_EQ(sink.Done(1).done, Ms(257));
  EXPECT_EQ(stats.end_time, Ms(257));
}

TEST(ClusterSimulationTest, ClosedLoopClientsMoveOnAfterADrop) {
  ClosedLoopSource feed(2, 3, Ms(1), {.arrival = 0, .prompt_tokens = 5000, .output_tokens = 5});
  RecordingSink sink;
  const ClusterRunStats stats = RunCluster(
      Replicas(1, {.max_num_batched_tokens = 4096, .enable_chunked_prefill = false}), feed, sink);
  EXPECT_EQ(stats.requests_arrived, 6);
  EXPECT_EQ(stats.requests_dropped, 6);
  ASSERT_EQ(stats.drops.size(), 1u);
  EXPECT_EQ(stats.drops[0].reason, DropReason::kExceedsBatchBudget);
  EXPECT_EQ(stats.end_time, Ms(2));
}

TEST(ClusterSimulationTest, SnapshotsEveryIntervalWhileWorkRemains) {
  VectorSource feed({{.arrival = 0, .prompt_tokens = 1000, .output_tokens = 10}});
  RecordingSink sink;
  RunCluster(Replicas(1), feed, sink, {.timeseries_interval = Ms(1)});
  ASSERT_EQ(sink.snapshots.size(), 24u);  // 1 ms .. 24 ms; the run ends at 24.5 ms
  const Snapshot& s = sink.snapshots[4];
  EXPECT_EQ(s.time, Ms(5));
  EXPECT_EQ(s.running, 1);
  EXPECT_EQ(s.waiting, 0);
  EXPECT_EQ(s.kv_blocks_used, 63);  // ceil(1000 / 16)
  EXPECT_EQ(s.kv_blocks_total, 10000);
}

TEST(ClusterSimulationTest, LimitsStopTheFeedWithoutOverReading) {
  std::vector<RequestSpec> requests;
  for (int i = 0; i < 10; ++i) {
    requests.push_back({.arrival = Ms(i), .prompt_tokens = 10, .output_tokens = 2});
  }
  VectorSource by_count(requests);
  RecordingSink sink;
  EXPECT_EQ(RunCluster(Replicas(1), by_count, sink, {.max_requests = 4}).requests_arrived, 4);
  EXPECT_EQ(by_count.read(), 4u);
  VectorSource by_time(requests);
  RecordingSink sink2;
  EXPECT_EQ(RunCluster(Replicas(1), by_time, sink2, {.arrival_horizon = Ms(6)}).requests_finished,
            6);
}

TEST(ClusterSimulationTest, RunTwiceIsABug) {
  VectorSource feed({});
  RecordingSink sink;
  ClusterSimulation sim(Replicas(1), MakeRoundRobinRouter(), feed, sink);
  const ClusterRunStats stats = sim.Run();
  EXPECT_EQ(stats.requests_arrived, 0);
  EXPECT_EQ(stats.end_time, 0);
  EXPECT_THROW(sim.Run(), InternalError);
}

TEST(ClusterSimulationTest, FeedGoingBackInTimeIsCaught) {
  VectorSource feed({{.arrival = Ms(5), .prompt_tokens = 10, .output_tokens = 2},
                     {.arrival = Ms(4), .prompt_tokens = 10, .output_tokens = 2}});
  RecordingSink sink;
  EXPECT_THROW(RunCluster(Replicas(1), feed, sink), InternalError);
}

}  // namespace
}  // namespace gpuplan
