// The static-batching baseline, with hand-derived times (fake model: 1 ms + 0.01 ms per
// prefill token + 0.5 ms if any decode), contrasted with continuous batching.
#include "sim/engine/static_scheduler.h"

#include <gtest/gtest.h>

#include "sim/engine/continuous_scheduler.h"
#include "sim/engine/replica.h"
#include "tests/engine/fakes.h"

namespace gpuplan {
namespace {

using test::Fake;
using test::Ms;
using test::RecordingSink;
using test::RunReplica;
using test::Spec;

const KvCacheConfig kBigKv{.num_blocks = 10000, .block_size = 16, .watermark = 0};

std::vector<RoutedRequest> ThreeRequests() {
  return {Spec(0, 0, 100, 3), Spec(1, 0, 200, 5), Spec(2, 0, 50, 2)};
}

TEST(StaticSchedulerTest, RunsEachBatchToCompletionBeforeAdmittingMore) {
  Replica replica(ReplicaConfig{.kv = kBigKv}, MakeStaticScheduler({.max_num_seqs = 2}), Fake());
  RecordingSink sink;
  RunReplica(replica, ThreeRequests(), sink);
  // Batch 1 = {0, 1}: prefill 300 tokens (4 ms), then decodes until 1 has its 5 tokens.
  EXPECT_EQ(sink.Done(0).first_token, Ms(4.0));
  EXPECT_EQ(sink.Done(0).done, Ms(7.0));
  EXPECT_EQ(sink.Done(1).first_token, Ms(4.0));
  EXPECT_EQ(sink.Done(1).done, Ms(10.0));
  // Request 2 waits for the whole batch, although a slot freed at 7 ms.
  EXPECT_EQ(sink.Done(2).first_scheduled, Ms(10.0));
  EXPECT_EQ(sink.Done(2).first_token, Ms(11.5));
  EXPECT_EQ(sink.Done(2).done, Ms(13.0));
  EXPECT_EQ(replica.kv().num_used(), 0);
}

TEST(StaticSchedulerTest, ContinuousBatchingAdmitsIntoTheFreedSlot) {
  Replica replica(ReplicaConfig{.kv = kBigKv}, MakeContinuousScheduler({.max_num_seqs = 2}),
                  Fake());
  RecordingSink sink;
  RunReplica(replica, ThreeRequests(), sink);
  EXPECT_EQ(sink.Done(0).done, Ms(7.0));
  // At 7 ms: decode of 1 + prefill of 2 (1 + 0.5 + 0.5 ms).
  EXPECT_EQ(sink.Done(2).first_scheduled, Ms(7.0));
  EXPECT_EQ(sink.Done(2).first_token, Ms(9.0));
  EXPECT_EQ(sink.Done(1).done, Ms(10.5));
  EXPECT_EQ(sink.Done(2).done, Ms(10.5));
}

TEST(StaticSchedulerTest, ReservesPromptPlusOutputUpFront) {
  // Request 0 reserves ceil(103 / 16) = 7 blocks, request 1 ceil(205 / 16) = 13: 20 in all.
  for (const int32_t blocks : {20, 19}) {
    Replica replica(ReplicaConfig{.kv = {.num_blocks = blocks, .block_size = 16, .watermark = 0}},
                    MakeStaticScheduler({.max_num_seqs = 8}), Fake());
    ASSERT_FALSE(replica.Enqueue(Spec(0, 0, 100, 3), 0));
    ASSERT_FALSE(replica.Enqueue(Spec(1, 0, 200, 5), 0));
    SimTime end = 0;
    ASSERT_TRUE(replica.FormStep(0, &end));
    EXPECT_EQ(replica.num_running(), blocks == 20 ? 2 : 1);
    EXPECT_EQ(replica.kv().num_used(), blocks == 20 ? 20 : 7);
  }
}

TEST(StaticSchedulerTest, RejectsRequestsLargerThanTheCache) {
  Replica replica(ReplicaConfig{.kv = {.num_blocks = 4, .block_size = 16, .watermark = 0}},
                  MakeStaticScheduler({}), Fake());
  EXPECT_FALSE(replica.Enqueue(Spec(0, 0, 60, 4), 0));  // 64 tokens
  auto rejection = replica.Enqueue(Spec(1, 0, 60, 5), 0);
  ASSERT_TRUE(rejection);
  EXPECT_EQ(rejection->reason, DropReason::kExceedsKvCapacity);
}

}  // namespace
}  // namespace gpuplan
