// Property-style runs: random clusters and workloads over many seeds must conserve requests and
// KV blocks, be deterministic, and never hang. Plus a large-run smoke with its throughput.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "sim/cluster/cluster_simulation.h"
#include "tests/cluster/test_world.h"

namespace gpuplan {
namespace {

using test::CountingSink;
using test::Fake;
using test::Ms;
using test::RandomRequests;
using test::RecordingSink;
using test::VectorSource;

struct World {
  std::vector<std::unique_ptr<Replica>> replicas;
  std::unique_ptr<Router> router;
  std::vector<RequestSpec> requests;
};

// A random small cluster: 1-4 replicas, a random router and scheduler, often a tiny KV cache
// (forcing preemptions), and a few requests that can never fit.
World RandomWorld(uint64_t seed, int num_requests) {
  Rng rng(seed, RngStream::kPlanSeeds);
  World w;
  const int32_t n = static_cast<int32_t>(rng.UniformInt(1, 4));
  const int64_t kind = rng.UniformInt(0, 2);
  const int32_t blocks = static_cast<int32_t>(rng.UniformInt(12, 200));
  for (int32_t i = 0; i < n; ++i) {
    std::unique_ptr<BatchScheduler> scheduler;
    if (kind == 2) {
      scheduler =
          MakeStaticScheduler({.max_num_seqs = static_cast<int32_t>(rng.UniformInt(1, 16))});
    } else {
      scheduler = MakeContinuousScheduler(
          {.max_num_seqs = static_cast<int32_t>(rng.UniformInt(1, 64)),
           .max_num_batched_tokens = static_cast<int32_t>(rng.UniformInt(32, 1024)),
           .enable_chunked_prefill = kind == 0});
    }
    w.replicas.push_back(std::make_unique<Replica>(
        ReplicaConfig{
            .index = i,
            .kv = {.num_blocks = blocks, .block_size = 16, .watermark = rng.Uniform01() * 0.1}},
        std::move(scheduler), Fake()));
  }
  switch (rng.UniformInt(0, 2)) {
    case 0:
      w.router = MakeRoundRobinRouter();
      break;
    case 1:
      w.router = MakeLeastOutstandingRouter();
      break;
    default:
      w.router = MakeLeastKvUsageRouter();
      break;
  }
  w.requests = RandomRequests(seed, num_requests, rng.Uniform01() * 2000 + 50, 700, 120);
  for (int k = 0; k < 3; ++k) {  // hopeless ones
    w.requests[static_cast<size_t>(rng.UniformInt(0, num_requests - 1))].prompt_tokens = 50000;
  }
  return w;
}

TEST(ClusterPropertyTest, EveryRequestFinishesOrIsDroppedAndAllBlocksAreFreed) {
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    SCOPED_TRACE(seed);
    World w = RandomWorld(seed, 400);
    VectorSource feed(w.requests);
    RecordingSink sink;
    ClusterSimulation sim(std::move(w.replicas), std::move(w.router), feed, sink,
                          {.timeseries_interval = Ms(50)});
    const ClusterRunStats stats = sim.Run();  // throws on a broken invariant
    EXPECT_EQ(stats.requests_arrived, 400);
    EXPECT_EQ(stats.requests_finished + stats.requests_dropped, 400);
    EXPECT_GE(stats.requests_dropped, 1);
    EXPECT_EQ(static_cast<int64_t>(sink.done.size()), stats.requests_finished);
    std::set<uint64_t> ids;
    for (const RequestRecord& r : sink.done) {
      EXPECT_TRUE(ids.insert(r.id).second) << "request " << r.id << " finished twice";
      EXPECT_GE(r.first_scheduled, r.arrival);
      EXPECT_EQ(sink.itls[r.id].size(), static_cast<size_t>(r.output_tokens - 1));
    }
    for (const auto& rep : sim.replicas()) {
      EXPECT_EQ(rep->kv().num_used(), 0);
      EXPECT_EQ(rep->kv().num_free(), rep->kv().num_blocks());
    }
    int64_t drops = 0;
    for (const DropSummary& d : stats.drops) drops += d.count;
    EXPECT_EQ(drops, stats.requests_dropped);
  }
}

std::vector<RequestRecord> RunRecords(uint64_t seed, ClusterRunStats* stats) {
  World w = RandomWorld(seed, 300);
  VectorSource feed(w.requests);
  RecordingSink sink;
  ClusterSimulation sim(std::move(w.replicas), std::move(w.router), feed, sink);
  *stats = sim.Run();
  return sink.done;
}

bool SameRecord(const RequestRecord& a, const RequestRecord& b) {
  return a.id == b.id && a.arrival == b.arrival && a.replica == b.replica &&
         a.first_scheduled == b.first_scheduled && a.first_token == b.first_token &&
         a.done == b.done && a.preemptions == b.preemptions;
}

TEST(ClusterPropertyTest, RunsAreDeterministic) {
  for (const uint64_t seed : {3u, 17u, 29u}) {
    ClusterRunStats s1, s2;
    const std::vector<RequestRecord> a = RunRecords(seed, &s1);
    const std::vector<RequestRecord> b = RunRecords(seed, &s2);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(SameRecord(a[i], b[i])) << i;
    EXPECT_EQ(s1.events, s2.events);
    EXPECT_EQ(s1.end_time, s2.end_time);
    EXPECT_EQ(s1.preemptions, s2.preemptions);
  }
}

TEST(ClusterPropertyTest, TinyCachesForcePreemptionsThatStillFinish) {
  std::vector<std::unique_ptr<Replica>> replicas;
  replicas.push_back(
      test::ContinuousReplica(0, {}, {.num_blocks = 24, .block_size = 16, .watermark = 0}));
  VectorSource feed(RandomRequests(5, 300, 400, 200, 150));
  RecordingSink sink;
  ClusterSimulation sim(std::move(replicas), MakeLeastKvUsageRouter(), feed, sink);
  const ClusterRunStats stats = sim.Run();
  EXPECT_GT(stats.preemptions, 0);
  EXPECT_EQ(stats.requests_finished, 300);
  int64_t preemptions = 0;
  for (const RequestRecord& r : sink.done) preemptions += r.preemptions;
  EXPECT_EQ(preemptions, stats.preemptions);
}

TEST(ClusterPropertyTest, LargeRunSmoke) {
#ifdef NDEBUG
  constexpr int kRequests = 200'000;  // ~0.6 s in a release build
#else
  constexpr int kRequests = 20'000;  // debug and sanitizer builds are ~40x slower
#endif
  std::vector<std::unique_ptr<Replica>> replicas;
  for (int32_t i = 0; i < 8; ++i) {
    replicas.push_back(
        test::ContinuousReplica(i, {.max_num_batched_tokens = 2048},
                                {.num_blocks = 4096, .block_size = 16, .watermark = 0.01}));
  }
  VectorSource feed(RandomRequests(11, kRequests, 2000, 512, 64));
  CountingSink sink;
  ClusterSimulation sim(std::move(replicas), MakeLeastOutstandingRouter(), feed, sink,
                        {.timeseries_interval = kNanosPerSecond});
  const auto start = std::chrono::steady_clock::now();
  const ClusterRunStats stats = sim.Run();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(stats.requests_finished, kRequests);
  EXPECT_EQ(sink.done, kRequests);
  RecordProperty("requests_per_wall_second", static_cast<int>(kRequests / wall));
  std::printf(
      "large run: %d requests, %lld steps, %llu events, %.1f s simulated, %.3f s wall "
      "(%.0f requests/s), GPU busy %.2f\n",
      kRequests, static_cast<long long>(stats.steps), static_cast<unsigned long long>(stats.events),
      ToSeconds(stats.end_time), wall, kRequests / wall, stats.GpuBusyFraction());
}

}  // namespace
}  // namespace gpuplan
