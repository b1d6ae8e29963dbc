#include "sim/engine/replica.h"

#include <gtest/gtest.h>

#include "sim/core/rng.h"
#include "sim/engine/continuous_scheduler.h"
#include "sim/engine/static_scheduler.h"
#include "tests/engine/fakes.h"

namespace gpuplan {
namespace {

using test::Fake;
using test::Ms;
using test::RecordingSink;
using test::RunReplica;
using test::Spec;

// A broken policy that never schedules anything: the replica must drop, not stall.
class NeverScheduler final : public BatchScheduler {
 public:
  std::string_view name() const override { return "never"; }
  std::optional<Rejection> CheckServable(const RoutedRequest&, const KvCache&) const override {
    return std::nullopt;
  }
  void Schedule(ReplicaState&, StepPlan*) override {}
};

TEST(ReplicaTest, UnschedulableHeadOfQueueIsDroppedNotStalled) {
  Replica replica(ReplicaConfig{.index = 2, .kv = {.num_blocks = 8}},
                  std::make_unique<NeverScheduler>(), Fake());
  ASSERT_FALSE(replica.Enqueue(Spec(7, 0, 10, 2), 0));
  ASSERT_FALSE(replica.Enqueue(Spec(8, 0, 10, 2), 0));
  SimTime end = 0;
  EXPECT_FALSE(replica.FormStep(0, &end));
  ASSERT_EQ(replica.dropped().size(), 2u);
  EXPECT_EQ(replica.dropped()[0].id, 7u);
  EXPECT_EQ(replica.dropped()[0].rejection.reason, DropReason::kUnschedulable);
  EXPECT_FALSE(replica.has_work());
}

TEST(ReplicaTest, NothingRunsBeforeItArrives) {
  Replica replica(ReplicaConfig{.kv = {.num_blocks = 8}}, MakeContinuousScheduler({}), Fake());
  EXPECT_THROW(replica.Enqueue(Spec(0, 100, 10, 2), 99), InternalError);
}

TEST(ReplicaTest, ApplyWithoutAStepIsABug) {
  Replica replica(ReplicaConfig{.kv = {.num_blocks = 8}}, MakeContinuousScheduler({}), Fake());
  RecordingSink sink;
  EXPECT_THROW(replica.ApplyStep(10, sink), InternalError);
}

TEST(ReplicaTest, RandomWorkloadsFinishEverythingAndFreeEveryBlock) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    Rng rng(seed, 99);
    const bool chunked = rng.UniformInt(0, 1) == 1;
    const bool use_static = rng.UniformInt(0, 3) == 0;
    const int32_t budget = static_cast<int32_t>(rng.UniformInt(64, 512));
    const int32_t blocks = static_cast<int32_t>(rng.UniformInt(8, 64));
    std::unique_ptr<BatchScheduler> scheduler =
        use_static
            ? MakeStaticScheduler({.max_num_seqs = static_cast<int32_t>(rng.UniformInt(1, 8))})
            : MakeContinuousScheduler({.max_num_seqs = static_cast<int32_t>(rng.UniformInt(1, 16)),
                                       .max_num_batched_tokens = budget,
                                       .enable_chunked_prefill = chunked});
    Replica replica(ReplicaConfig{.kv = {.num_blocks = blocks, .block_size = 16, .watermark = 0.05},
                                  .schedules_ahead = rng.UniformInt(0, 1) == 1},
                    std::move(scheduler), Fake());
    std::vector<RoutedRequest> requests;
    SimTime t = 0;
    for (uint64_t id = 0; id < 200; ++id) {
      t += rng.UniformInt(0, 3'000'000);
      requests.push_back(Spec(id, t, static_cast<int32_t>(rng.UniformInt(1, 600)),
                              static_cast<int32_t>(rng.UniformInt(1, 80))));
    }
    RecordingSink sink;
    const int rejected = RunReplica(replica, requests, sink);
    SCOPED_TRACE(seed);
    EXPECT_EQ(sink.done.size() + static_cast<size_t>(rejected), requests.size());
    EXPECT_EQ(replica.kv().num_used(), 0);
    EXPECT_FALSE(replica.has_work());
    EXPECT_LE(replica.state().pool.capacity(), requests.size());
    for (const RequestRecord& r : sink.done) {
      EXPECT_EQ(sink.itls[r.id].size(), static_cast<size_t>(r.output_tokens - 1));
      if (use_static) {
        EXPECT_EQ(r.preemptions, 0);
      }
    }
  }
}

// Scheduling ahead (async scheduling), by hand with the fake model (1 ms + 0.01 ms per prefill
// token + 0.5 ms with decodes). A: t = 0, 100 + 3 tokens; B: t = 0.5 ms, 100 + 2 tokens.
//   without: [0, 2] A prefill; [2, 4.5] A decode + B prefill (B's first token at 4.5 ms);
//            [4.5, 6] both decode: A and B done at 6.
//   ahead:   [0, 2] A prefill; [2, 3.5] A decode only: this step was formed at t = 0, before B
//            arrived; [3.5, 6] A decode + B prefill (first token at 6); [6, 7.5] B decode.
TEST(ReplicaTest, SchedulingAheadAnArrivalJoinsTheStepAfterTheNext) {
  for (const bool ahead : {false, true}) {
    SCOPED_TRACE(ahead);
    Replica replica(ReplicaConfig{.kv = {.num_blocks = 100}, .schedules_ahead = ahead},
                    MakeContinuousScheduler({.max_num_batched_tokens = 2048}), Fake());
    RecordingSink sink;
    ASSERT_EQ(RunReplica(replica, {Spec(0, 0, 100, 3), Spec(1, Ms(0.5), 100, 2)}, sink), 0);
    const RequestRecord& a = sink.Done(0);
    const RequestRecord& b = sink.Done(1);
    EXPECT_EQ(a.first_token, Ms(2));
    EXPECT_EQ(b.first_scheduled, ahead ? Ms(3.5) : Ms(2));
    EXPECT_EQ(b.first_token, ahead ? Ms(6) : Ms(4.5));
    EXPECT_EQ(a.done, Ms(6));
    EXPECT_EQ(b.done, ahead ? Ms(7.5) : Ms(6));
    EXPECT_EQ(sink.steps.size(), 4u - (ahead ? 0u : 1u));
  }
}

// When what the engine could see gives nothing to run, it waited for the step in flight and
// schedules with what has arrived: A (100 + 1) ends at 2 ms, B (t = 0.5 ms) starts at once.
TEST(ReplicaTest, SchedulingAheadAddsNoWaitWhenNothingElseRuns) {
  Replica replica(ReplicaConfig{.kv = {.num_blocks = 100}, .schedules_ahead = true},
                  MakeContinuousScheduler({.max_num_batched_tokens = 2048}), Fake());
  RecordingSink sink;
  ASSERT_EQ(RunReplica(replica, {Spec(0, 0, 100, 1), Spec(1, Ms(0.5), 100, 1)}, sink), 0);
  EXPECT_EQ(sink.Done(0).done, Ms(2));
  EXPECT_EQ(sink.Done(1).first_scheduled, Ms(2));
  EXPECT_EQ(sink.Done(1).first_token, Ms(4));
}

// Requests the scheduler has not seen yet are still work and still count as waiting.
TEST(ReplicaTest, UnseenRequestsCountAsWaiting) {
  Replica replica(ReplicaConfig{.kv = {.num_blocks = 100}, .schedules_ahead = true},
                  MakeContinuousScheduler({.max_num_batched_tokens = 2048}), Fake());
  ASSERT_FALSE(replica.Enqueue(Spec(0, 0, 100, 2), 0));
  EXPECT_TRUE(replica.has_work());
  EXPECT_EQ(replica.num_waiting(), 1);
  SimTime end = 0;
  ASSERT_TRUE(replica.FormStep(0, &end));  // idle: seen at once
  EXPECT_EQ(replica.num_waiting(), 0);
  ASSERT_FALSE(replica.Enqueue(Spec(1, Ms(1), 100, 2), Ms(1)));
  EXPECT_EQ(replica.num_waiting(), 1);
  EXPECT_EQ(replica.num_outstanding(), 2);
}

}  // namespace
}  // namespace gpuplan
