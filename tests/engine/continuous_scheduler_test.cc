// Hand-derived expectations for the `continuous` policy, with the fake latency model
// (step = 1 ms + 0.01 ms per prefill token + 0.5 ms if any decode).
#include "sim/engine/continuous_scheduler.h"

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

Replica MakeReplica(ContinuousSchedulerOptions options,
                    KvCacheConfig kv = {.num_blocks = 10000, .block_size = 16, .watermark = 0}) {
  return Replica(ReplicaConfig{.index = 0, .kv = kv}, MakeContinuousScheduler(options), Fake());
}

TEST(ContinuousSchedulerTest, OneRequestTtftIsThePrefillAndE2eAddsNineDecodes) {
  Replica replica = MakeReplica({.max_num_batched_tokens = 2048});
  RecordingSink sink;
  EXPECT_EQ(RunReplica(replica, {Spec(0, 0, 1000, 10)}, sink), 0);
  ASSERT_EQ(sink.done.size(), 1u);
  const RequestRecord& r = sink.done[0];
  EXPECT_EQ(r.first_scheduled, 0);
  EXPECT_EQ(r.Ttft(), Ms(11));               // 1 + 1000 * 0.01
  EXPECT_EQ(r.E2e(), Ms(11) + 9 * Ms(1.5));  // + 9 decodes of 1 + 0.5
  EXPECT_EQ(r.preemptions, 0);
  EXPECT_EQ(sink.itls[0], std::vector<SimTime>(9, Ms(1.5)));
  ASSERT_EQ(sink.steps.size(), 10u);
  EXPECT_EQ(sink.steps[0].num_prefill_tokens, 1000);
  EXPECT_EQ(sink.steps[1].num_decodes, 1);
  EXPECT_EQ(replica.kv().num_used(), 0);
  EXPECT_EQ(replica.busy_time(), r.E2e());
}

TEST(ContinuousSchedulerTest, ChunkedPrefillSplitsThePromptAcrossSteps) {
  Replica replica = MakeReplica({.max_num_batched_tokens = 256, .enable_chunked_prefill = true});
  ASSERT_FALSE(replica.Enqueue(Spec(0, 0, 1000, 10), 0));
  RecordingSink sink;
  SimTime now = 0;
  const int32_t chunks[] = {256, 256, 256, 232};
  int32_t kv_len = 0;
  for (const int32_t chunk : chunks) {
    SimTime end = 0;
    ASSERT_TRUE(replica.FormStep(now, &end));
    kv_len += chunk;
    ASSERT_EQ(replica.batch_shape().prefills.size(), 1u);
    EXPECT_EQ(replica.batch_shape().prefills[0].q_len, chunk);
    EXPECT_EQ(replica.batch_shape().prefills[0].kv_len, kv_len);
    EXPECT_EQ(end - now, Ms(1) + chunk * Ms(0.01));
    now = end;
    replica.ApplyStep(now, sink);
  }
  EXPECT_EQ(replica.state().pool[replica.state().running[0]].num_generated, 1);
  EXPECT_EQ(now, Ms(14));  // 3.56 * 3 + 3.32
  EXPECT_EQ(RunReplica(replica, {}, sink, now), 0);
  const RequestRecord& r = sink.Done(0);
  EXPECT_EQ(r.Ttft(), Ms(14));
  EXPECT_EQ(r.E2e(), Ms(14) + 9 * Ms(1.5));
}

TEST(ContinuousSchedulerTest, TwoRequestsArrivingTogetherShareSteps) {
  Replica replica = MakeReplica({});
  RecordingSink sink;
  RunReplica(replica, {Spec(0, 0, 100, 3), Spec(1, 0, 50, 2)}, sink);
  ASSERT_EQ(sink.steps.size(), 3u);
  EXPECT_EQ(sink.steps[0].num_prefill_seqs, 2);
  EXPECT_EQ(sink.steps[0].num_prefill_tokens, 150);
  EXPECT_EQ(sink.steps[1].num_decodes, 2);
  EXPECT_EQ(sink.steps[2].num_decodes, 1);
  EXPECT_EQ(sink.Done(0).first_token, Ms(2.5));
  EXPECT_EQ(sink.Done(1).first_token, Ms(2.5));
  EXPECT_EQ(sink.Done(1).done, Ms(4.0));
  EXPECT_EQ(sink.Done(0).done, Ms(5.5));
}

TEST(ContinuousSchedulerTest, TokenBudgetChunksTheSecondPrompt) {
  Replica replica = MakeReplica({.max_num_batched_tokens = 150});
  ASSERT_FALSE(replica.Enqueue(Spec(0, 0, 100, 2), 0));
  ASSERT_FALSE(replica.Enqueue(Spec(1, 0, 100, 2), 0));
  SimTime end = 0;
  ASSERT_TRUE(replica.FormStep(0, &end));
  ASSERT_EQ(replica.batch_shape().prefills.size(), 2u);
  EXPECT_EQ(replica.batch_shape().prefills[0].q_len, 100);
  EXPECT_EQ(replica.batch_shape().prefills[1].q_len, 50);
}

TEST(ContinuousSchedulerTest, MaxNumSeqsBoundary) {
  for (const int32_t max_seqs : {2, 3}) {
    Replica replica = MakeReplica({.max_num_seqs = max_seqs});
    for (uint64_t id = 0; id < 3; ++id) ASSERT_FALSE(replica.Enqueue(Spec(id, 0, 10, 2), 0));
    SimTime end = 0;
    ASSERT_TRUE(replica.FormStep(0, &end));
    EXPECT_EQ(replica.num_running(), max_seqs);  // admitted at the limit, not one over
    EXPECT_EQ(replica.num_waiting(), 3 - max_seqs);
  }
}

TEST(ContinuousSchedulerTest, WatermarkBoundaryAdmitsAtTheWatermarkRefusesOneBlockOver) {
  // 100 blocks of 16, watermark 10 blocks. A takes 20 blocks; B then needs 70 (leaves 10: ok)
  // or 71 (leaves 9: refused).
  const KvCacheConfig kv{.num_blocks = 100, .block_size = 16, .watermark = 0.1};
  for (const int32_t b_prompt : {70 * 16, 70 * 16 + 1}) {
    Replica replica = MakeReplica({}, kv);
    ASSERT_FALSE(replica.Enqueue(Spec(0, 0, 20 * 16, 50), 0));
    ASSERT_FALSE(replica.Enqueue(Spec(1, 0, b_prompt, 2), 0));
    SimTime end = 0;
    ASSERT_TRUE(replica.FormStep(0, &end));
    const bool admitted = b_prompt == 70 * 16;
    EXPECT_EQ(replica.num_running(), admitted ? 2 : 1) << b_prompt;
    EXPECT_EQ(replica.kv().num_used(), admitted ? 90 : 20);
  }
}

TEST(ContinuousSchedulerTest, PreemptsTheLastRunningRequestByRecompute) {
  // 10 blocks of 16 tokens, no watermark. A and B (64 prompt, 40 output) take 4 blocks each and
  // grow to 5 at token 65; at step 18 A needs a 6th block: B (the last running) is preempted.
  Replica replica = MakeReplica({}, {.num_blocks = 10, .block_size = 16, .watermark = 0});
  ASSERT_FALSE(replica.Enqueue(Spec(0, 0, 64, 40), 0));
  ASSERT_FALSE(replica.Enqueue(Spec(1, 0, 64, 40), 0));
  RecordingSink sink;
  SimTime now = 0;
  for (int step = 1; step <= 18; ++step) {
    SimTime end = 0;
    ASSERT_TRUE(replica.FormStep(now, &end));
    EXPECT_EQ(replica.plan().num_preempted, step == 18 ? 1 : 0) << step;
    if (step == 18) {
      const ReplicaState& s = replica.state();
      ASSERT_EQ(s.running.size(), 1u);
      EXPECT_EQ(s.pool[s.running[0]].record.id, 0u);
      ASSERT_EQ(s.waiting.size(), 1u);
      const Request& b = s.pool[s.waiting.front()];
      EXPECT_EQ(b.record.id, 1u);
      EXPECT_TRUE(b.blocks.empty());
      EXPECT_EQ(b.num_computed, 0);
      EXPECT_EQ(b.num_generated, 17);
      EXPECT_EQ(b.record.preemptions, 1);
      EXPECT_EQ(s.kv.num_used(), 6);  // only A's blocks
      EXPECT_EQ(replica.batch_shape().num_decodes, 1);
    }
    now = end;
    replica.ApplyStep(now, sink);
  }
  RunReplica(replica, {}, sink, now);  // the rest
  const SimTime step1 = Ms(2.28);      // 1 + 128 * 0.01
  const RequestRecord& a = sink.Done(0);
  const RequestRecord& b = sink.Done(1);
  EXPECT_EQ(a.preemptions, 0);
  EXPECT_EQ(a.done, step1 + 39 * Ms(1.5));
  EXPECT_EQ(b.preemptions, 1);
  EXPECT_EQ(b.first_token, step1);
  // B waits for A to finish, recomputes 64 + 17 = 81 tokens (producing token 18), then decodes.
  const SimTime b_recompute_end = a.done + Ms(1.81);
  EXPECT_EQ(b.done, b_recompute_end + 22 * Ms(1.5));
  ASSERT_EQ(sink.itls[1].size(), 39u);
  EXPECT_EQ(sink.itls[1][16], b_recompute_end - (step1 + 16 * Ms(1.5)));  // the stall
  EXPECT_EQ(replica.num_preemptions(), 1);
  EXPECT_EQ(replica.kv().num_used(), 0);
  int preempted_steps = 0;
  for (const StepRecord& s : sink.steps) preempted_steps += s.num_preempted;
  EXPECT_EQ(preempted_steps, 1);
}

TEST(ContinuousSchedulerTest, ChunkedPrefillOffRejectsPromptsOverTheBudget) {
  Replica replica = MakeReplica({.max_num_batched_tokens = 256, .enable_chunked_prefill = false});
  auto too_long = replica.Enqueue(Spec(0, 0, 1000, 10), 0);
  ASSERT_TRUE(too_long);
  EXPECT_EQ(too_long->reason, DropReason::kExceedsBatchBudget);
  EXPECT_NE(too_long->message.find("prompt of 1000 tokens exceeds max_num_batched_tokens=256"),
            std::string::npos)
      << too_long->message;
  // Fits now, but a recompute of 200 + 99 tokens after a preemption never could.
  auto recompute = replica.Enqueue(Spec(1, 0, 200, 100), 0);
  ASSERT_TRUE(recompute);
  EXPECT_NE(recompute->message.find("recomputed"), std::string::npos) << recompute->message;
  EXPECT_FALSE(replica.Enqueue(Spec(2, 0, 200, 57), 0));  // 256 exactly
  EXPECT_EQ(replica.num_waiting(), 1);
}

TEST(ContinuousSchedulerTest, ChunkedPrefillOffRunsWholePromptsOnly) {
  Replica replica = MakeReplica({.max_num_batched_tokens = 256, .enable_chunked_prefill = false});
  ASSERT_FALSE(replica.Enqueue(Spec(0, 0, 200, 2), 0));
  ASSERT_FALSE(replica.Enqueue(Spec(1, 0, 100, 2), 0));
  SimTime end = 0;
  ASSERT_TRUE(replica.FormStep(0, &end));
  EXPECT_EQ(replica.batch_shape().prefills.size(), 1u);  // 200 + 100 > 256: B waits whole
  EXPECT_EQ(replica.num_waiting(), 1);
  RecordingSink sink;
  replica.ApplyStep(end, sink);
  ASSERT_TRUE(replica.FormStep(end, &end));
  EXPECT_EQ(replica.batch_shape().num_decodes, 1);
  ASSERT_EQ(replica.batch_shape().prefills.size(), 1u);
  EXPECT_EQ(replica.batch_shape().prefills[0].q_len, 100);
}

TEST(ContinuousSchedulerTest, RequestTooLargeForTheCacheIsRejected) {
  Replica replica = MakeReplica({}, {.num_blocks = 10, .block_size = 16, .watermark = 0.1});
  // Longest prefill 150 + 10 - 1 = 159 tokens = 10 blocks > 10 - 1 watermark block.
  auto rejection = replica.Enqueue(Spec(0, 0, 150, 10), 0);
  ASSERT_TRUE(rejection);
  EXPECT_EQ(rejection->reason, DropReason::kExceedsKvCapacity);
  EXPECT_FALSE(replica.Enqueue(Spec(1, 0, 135, 10), 0));  // 144 tokens = 9 blocks
  auto invalid = replica.Enqueue(Spec(2, 0, 10, 0), 0);
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->reason, DropReason::kInvalidRequest);
}

TEST(ContinuousSchedulerTest, RejectsBadOptions) {
  EXPECT_THROW(MakeContinuousScheduler({.max_num_seqs = 0}), ConfigError);
  EXPECT_THROW(MakeContinuousScheduler({.max_num_batched_tokens = 0}), ConfigError);
}

}  // namespace
}  // namespace gpuplan

namespace gpuplan {
namespace {

// With prefix caching a preempted request takes back the leading blocks that survived and
// recomputes only the rest (vLLM V1 get_computed_blocks on re-admission).
TEST(ContinuousSchedulerTest, APreemptedRequestRecomputesOnlyWhatWasEvicted) {
  ReplicaState state({.num_blocks = 8, .block_size = 4, .watermark = 0, .prefix_caching = true});
  const RequestSlot slot = state.pool.Acquire(test::Spec(1, 0, 14, 10), 0);
  Request& r = state.pool[slot];
  r.num_generated = 3;  // 17 tokens, 16 computed, in 4 blocks
  r.num_computed = 16;
  state.kv.Allocate(&r.blocks, 4);
  state.running.push_back(slot);
  detail::PreemptLastRunning(state);
  EXPECT_EQ(r.num_computed, 0);
  EXPECT_EQ(r.record.preemptions, 1);
  auto scheduler = MakeContinuousScheduler({.max_num_batched_tokens = 64});
  StepPlan plan;
  scheduler->Schedule(state, &plan);
  // At most (17 - 1) / 4 = 4 blocks could be hits; all 4 survived: 16 tokens cached, 1 to compute.
  ASSERT_EQ(plan.items.size(), 1u);
  EXPECT_EQ(plan.items[0].num_new_tokens, 1);
  EXPECT_EQ(r.num_computed, 16);
  EXPECT_EQ(r.blocks.size(), 5u);  // the 4 cached blocks back + 1 new
}

TEST(ContinuousSchedulerTest, WithoutPrefixCachingAPreemptedRequestRecomputesEverything) {
  ReplicaState state({.num_blocks = 8, .block_size = 4, .watermark = 0});
  const RequestSlot slot = state.pool.Acquire(test::Spec(1, 0, 14, 10), 0);
  Request& r = state.pool[slot];
  r.num_generated = 3;
  r.num_computed = 16;
  state.kv.Allocate(&r.blocks, 4);
  state.running.push_back(slot);
  detail::PreemptLastRunning(state);
  auto scheduler = MakeContinuousScheduler({.max_num_batched_tokens = 64});
  StepPlan plan;
  scheduler->Schedule(state, &plan);
  ASSERT_EQ(plan.items.size(), 1u);
  EXPECT_EQ(plan.items[0].num_new_tokens, 17);
}

}  // namespace
}  // namespace gpuplan
