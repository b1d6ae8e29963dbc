// Hand-derived expectations for the `trtllm` policy, with the fake latency model
// (step = 1 ms + 0.01 ms per prefill token + 0.5 ms if any decode).
#include "sim/engine/trtllm_scheduler.h"

#include <gtest/gtest.h>

#include "sim/engine/replica.h"
#include "tests/engine/fakes.h"

namespace gpuplan {
namespace {

using test::Fake;
using test::Ms;
using test::RecordingSink;
using test::RunReplica;
using test::Spec;

Replica MakeReplica(TrtllmSchedulerOptions options, int32_t num_blocks, int32_t block_size = 16) {
  return Replica(
      ReplicaConfig{.index = 0,
                    .kv = {.num_blocks = num_blocks, .block_size = block_size, .watermark = 0}},
      MakeTrtllmScheduler(options), Fake());
}

TEST(TrtllmSchedulerTest, GuaranteedNoEvictReservesTheWholeOutputBeforeStarting) {
  // Each request needs ceil((64 + 32) / 16) = 6 blocks to finish; 10 blocks hold one at a time.
  Replica replica = MakeReplica({}, 10);
  RecordingSink sink;
  EXPECT_EQ(RunReplica(replica, {Spec(0, 0, 64, 32), Spec(1, 0, 64, 32)}, sink), 0);
  EXPECT_EQ(sink.steps[0].num_prefill_seqs, 1);  // only A starts
  const RequestRecord& a = sink.Done(0);
  EXPECT_EQ(a.first_token, Ms(1.64));
  EXPECT_EQ(a.done, Ms(1.64) + 31 * Ms(1.5));  // 31 decodes
  const RequestRecord& b = sink.Done(1);
  EXPECT_EQ(b.first_scheduled, a.done);  // B starts in the step after A finished
  EXPECT_EQ(b.first_token, a.done + Ms(1.64));
  EXPECT_EQ(a.preemptions + b.preemptions, 0);
}

TEST(TrtllmSchedulerTest, AWaitingRequestStaysQueuedWhileTheReservationIsShort) {
  Replica replica = MakeReplica({}, 10);
  ASSERT_FALSE(replica.Enqueue(Spec(0, 0, 64, 32), 0));
  ASSERT_FALSE(replica.Enqueue(Spec(1, 0, 64, 32), 0));
  SimTime end = 0;
  ASSERT_TRUE(replica.FormStep(0, &end));
  EXPECT_EQ(replica.num_running(), 1);
  EXPECT_EQ(replica.num_waiting(), 1);
  EXPECT_EQ(replica.kv().num_used(), 4);  // 64 prompt tokens; the reservation is bookkeeping
}

TEST(TrtllmSchedulerTest, BothStartWhenTheReservationsFitExactly) {
  Replica replica = MakeReplica({}, 12);  // 6 + 6 = 12: fits
  RecordingSink sink;
  RunReplica(replica, {Spec(0, 0, 64, 32), Spec(1, 0, 64, 32)}, sink);
  EXPECT_EQ(sink.steps[0].num_prefill_seqs, 2);
  EXPECT_EQ(sink.Done(1).first_token, Ms(2.28));  // 1 + 128 x 0.01
}

TEST(TrtllmSchedulerTest, WithoutChunkingALongerPromptThanMaxNumTokensIsRefused) {
  Replica replica = MakeReplica({.max_num_tokens = 100}, 100);
  const auto refused = replica.Enqueue(Spec(0, 0, 101, 8), 0);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->reason, DropReason::kExceedsBatchBudget);
  EXPECT_FALSE(replica.Enqueue(Spec(1, 0, 100, 8), 0).has_value());  // exactly the budget
}

TEST(TrtllmSchedulerTest, AContextThatDoesNotFitTheBudgetEndsTheIterationList) {
  Replica replica = MakeReplica({.max_num_tokens = 100}, 100);
  RecordingSink sink;
  RunReplica(replica, {Spec(0, 0, 60, 2), Spec(1, 0, 60, 2)}, sink);
  EXPECT_EQ(sink.steps[0].num_prefill_tokens, 60);  // B's 60 do not fit the 40 left
  EXPECT_EQ(sink.steps[1].num_prefill_tokens, 60);  // next iteration: A's decode + B's prompt
  EXPECT_EQ(sink.steps[1].num_decodes, 1);
}

TEST(TrtllmSchedulerTest, ChunkedContextsAreCutOnBlockBoundaries) {
  Replica replica = MakeReplica({.max_num_tokens = 100, .enable_chunked_prefill = true}, 100);
  RecordingSink sink;
  RunReplica(replica, {Spec(0, 0, 250, 2)}, sink);
  // 100 -> 96 (a multiple of 16), 96, then the last 58 whole.
  ASSERT_GE(sink.steps.size(), 3u);
  EXPECT_EQ(sink.steps[0].num_prefill_tokens, 96);
  EXPECT_EQ(sink.steps[1].num_prefill_tokens, 96);
  EXPECT_EQ(sink.steps[2].num_prefill_tokens, 58);
}

TEST(TrtllmSchedulerTest, MaxUtilizationPausesTheLatestStartedRequest) {
  // 8 blocks: both 60-token prompts start (4 blocks each); at token 64 A needs a fifth block.
  Replica replica = MakeReplica({.capacity_scheduler_policy = CapacityPolicy::kMaxUtilization}, 8);
  RecordingSink sink;
  RunReplica(replica, {Spec(0, 0, 60, 40), Spec(1, 0, 60, 40)}, sink);
  EXPECT_EQ(sink.steps[0].num_prefill_seqs, 2);
  EXPECT_EQ(sink.Done(0).preemptions, 0);
  EXPECT_GE(sink.Done(1).preemptions, 1);  // B, the later one, is paused
  EXPECT_EQ(sink.done.size(), 2u);
  EXPECT_EQ(replica.kv().num_used(), 0);
}

// Batch waiting, threshold 0.5 x 100 = 50 tokens, timeout 2: A (16-token prompt) starts alone at
// 0 (no generation yet, so nothing is held) and ends its prefill at 1.16 ms; B arrives at 0.5 ms.
// Step 2 has A's decode (1 token) and B's context (16): 17 < 50 and 0 held < 2, so B is held;
// likewise step 3 (1 held < 2); step 4 (2 held) runs both: B's first token at
// 1.16 + 1.5 + 1.5 + 1.66 = 5.82 ms instead of 1.16 + 1.66 = 2.82 ms.
TrtllmSchedulerOptions Waiting(CapacityPolicy policy, double ratio, int32_t timeout) {
  return {.max_num_tokens = 100,
          .capacity_scheduler_policy = policy,
          .batch_wait_timeout_iters = timeout,
          .batch_wait_max_tokens_ratio = ratio};
}

TEST(TrtllmSchedulerTest, BatchWaitingHoldsContextsUntilTheTimeout) {
  for (const CapacityPolicy policy :
       {CapacityPolicy::kGuaranteedNoEvict, CapacityPolicy::kMaxUtilization}) {
    Replica replica = MakeReplica(Waiting(policy, 0.5, 2), 100);
    RecordingSink sink;
    RunReplica(replica, {Spec(0, 0, 16, 10), Spec(1, Ms(0.5), 16, 2)}, sink);
    ASSERT_GE(sink.steps.size(), 4u);
    EXPECT_EQ(sink.steps[1].num_prefill_seqs, 0);
    EXPECT_EQ(sink.steps[1].num_decodes, 1);
    EXPECT_EQ(sink.steps[2].num_prefill_seqs, 0);
    EXPECT_EQ(sink.steps[3].num_prefill_seqs, 1);
    EXPECT_EQ(sink.Done(1).first_token, Ms(5.82));
    EXPECT_EQ(sink.Done(0).first_token, Ms(1.16));  // A's first token is not held
  }
}

TEST(TrtllmSchedulerTest, BatchWaitingEndsWhenTheTokensReachTheRatio) {
  // 0.17 x 100 = 17 tokens: A's decode + B's 16-token context reach it at once; at 0.18 they
  // do not (held once), and the timeout of 1 then lets B run in the next iteration.
  Replica at = MakeReplica(Waiting(CapacityPolicy::kGuaranteedNoEvict, 0.17, 5), 100);
  RecordingSink sink_at;
  RunReplica(at, {Spec(0, 0, 16, 10), Spec(1, Ms(0.5), 16, 2)}, sink_at);
  EXPECT_EQ(sink_at.Done(1).first_token, Ms(2.82));
  Replica above = MakeReplica(Waiting(CapacityPolicy::kGuaranteedNoEvict, 0.18, 1), 100);
  RecordingSink sink_above;
  RunReplica(above, {Spec(0, 0, 16, 10), Spec(1, Ms(0.5), 16, 2)}, sink_above);
  EXPECT_EQ(sink_above.Done(1).first_token, Ms(1.16 + 1.5 + 1.66));
}

TEST(TrtllmSchedulerTest, BatchWaitingNeedsBothLimitsAndGeneratingRequests) {
  // Either limit at 0 ends every wait at once (TensorRT-LLM's own condition): no hold.
  for (const auto& [ratio, timeout] : {std::pair(0.0, 5), std::pair(0.9, 0)}) {
    Replica replica = MakeReplica(Waiting(CapacityPolicy::kGuaranteedNoEvict, ratio, timeout), 100);
    RecordingSink sink;
    RunReplica(replica, {Spec(0, 0, 16, 10), Spec(1, Ms(0.5), 16, 2)}, sink);
    EXPECT_EQ(sink.Done(1).first_token, Ms(2.82)) << ratio << " " << timeout;
  }
  // Nothing generating: contexts arriving together are never held (no dead wait).
  Replica replica = MakeReplica(Waiting(CapacityPolicy::kGuaranteedNoEvict, 0.9, 20), 100);
  RecordingSink sink;
  RunReplica(replica, {Spec(0, 0, 16, 2), Spec(1, 0, 16, 2)}, sink);
  EXPECT_EQ(sink.steps[0].num_prefill_seqs, 2);
  EXPECT_EQ(sink.Done(1).first_token, Ms(1.32));
  EXPECT_EQ(replica.kv().num_used(), 0);
}

}  // namespace
}  // namespace gpuplan
