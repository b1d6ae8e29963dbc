// Hand-derived expectations for the `sglang` policy, with the fake latency model
// (step = 1 ms + 0.01 ms per prefill token + 0.5 ms if any decode) and 1-token KV pages.
#include "sim/engine/sglang_scheduler.h"

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

Replica MakeReplica(int32_t kv_tokens, SglangSchedulerOptions options = {}) {
  return Replica(
      ReplicaConfig{.index = 0, .kv = {.num_blocks = kv_tokens, .block_size = 1, .watermark = 0}},
      MakeSglangScheduler(options), Fake());
}

TEST(SglangSchedulerTest, APrefillStepRunsNoDecodes) {
  Replica replica = MakeReplica(10000);
  RecordingSink sink;
  RunReplica(replica, {Spec(0, 0, 100, 5), Spec(1, Ms(2), 50, 3)}, sink);
  // Step 1: A's prompt (2 ms). Step 2 at t = 2 ms: B's prompt alone, A's decode waits.
  EXPECT_EQ(sink.steps[1].start, Ms(2));
  EXPECT_EQ(sink.steps[1].num_prefill_tokens, 50);
  EXPECT_EQ(sink.steps[1].num_decodes, 0);
  EXPECT_EQ(sink.steps[1].end, Ms(3.5));  // 1 + 50 x 0.01
  EXPECT_EQ(sink.steps[2].num_decodes, 2);
  EXPECT_EQ(sink.Done(0).first_token, Ms(2));
}

// A request needs prompt + min(output, 4096) < the KV left; the first one takes prompt + output.
TEST(SglangSchedulerTest, AdmissionReservesTheWholeOutputOfEachNewRequest) {
  for (const auto& [kv, both] : {std::pair{400, false}, std::pair{401, true}}) {
    Replica replica = MakeReplica(kv);
    ASSERT_FALSE(replica.Enqueue(Spec(0, 0, 100, 100), 0));
    ASSERT_FALSE(replica.Enqueue(Spec(1, 0, 100, 100), 0));
    SimTime end = 0;
    ASSERT_TRUE(replica.FormStep(0, &end));
    // A: 200 < kv, leaving kv - 200; B: 200 < kv - 200 only when kv > 400.
    EXPECT_EQ(replica.num_running(), both ? 2 : 1) << "kv " << kv;
  }
}

TEST(SglangSchedulerTest, ARequestThatCouldNeverBeAdmittedIsRefused) {
  Replica replica = MakeReplica(200);
  const auto refused = replica.Enqueue(Spec(0, 0, 100, 100), 0);  // 100 + 100 >= 200
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->reason, DropReason::kExceedsKvCapacity);
  EXPECT_FALSE(replica.Enqueue(Spec(1, 0, 100, 99), 0).has_value());
}

// Places a running request that has generated `generated` tokens of `output`.
RequestSlot AddRunning(ReplicaState& state, uint64_t id, int32_t prompt, int32_t generated,
                       int32_t output) {
  const RequestSlot slot = state.pool.Acquire(Spec(id, 0, prompt, output), 0);
  Request& r = state.pool[slot];
  r.num_generated = generated;
  r.num_computed = prompt + generated - 1;  // the last sampled token is computed next step
  state.kv.Allocate(&r.blocks, r.num_computed);
  state.running.push_back(slot);
  return slot;
}

TEST(SglangSchedulerTest, RetractionTakesTheFewestGeneratedThenTheLongestPrompt) {
  ReplicaState state({.num_blocks = 10, .block_size = 1, .watermark = 0});
  const RequestSlot r1 = AddRunning(state, 1, 2, 3, 100);  // 4 tokens, 3 generated
  const RequestSlot r2 = AddRunning(state, 2, 3, 1, 100);  // 3 tokens, 1 generated, prompt 3
  const RequestSlot r3 = AddRunning(state, 3, 2, 1, 100);  // 2 tokens, 1 generated, prompt 2
  ASSERT_EQ(state.kv.num_free(), 1);                       // 3 decodes need 3
  auto scheduler = MakeSglangScheduler({});
  StepPlan plan;
  scheduler->Schedule(state, &plan);
  // R2 goes first (longest prompt among the fewest generated), then R3: with two left, 20 steps
  // of room each (40 tokens) is still short; one request left stops it.
  EXPECT_EQ(plan.num_preempted, 2);
  ASSERT_EQ(plan.items.size(), 1u);
  EXPECT_EQ(plan.items[0].slot, r1);
  ASSERT_EQ(state.waiting.size(), 2u);
  EXPECT_EQ(state.waiting.front(), r2);
  EXPECT_EQ(state.pool[r3].num_computed, 0);
  EXPECT_EQ(state.pool[r2].record.preemptions, 1);
  EXPECT_EQ(state.kv.num_free(), 5);  // 1 + 3 + 2 freed, 1 taken by R1's decode
}

TEST(SglangSchedulerTest, EveryRequestFinishesAndKvIsReturned) {
  Replica replica = MakeReplica(3000, {.chunked_prefill_size = 256});
  RecordingSink sink;
  std::vector<RoutedRequest> requests;
  for (int i = 0; i < 40; ++i) requests.push_back(Spec(i, Ms(i), 300 + 7 * i, 20 + i));
  EXPECT_EQ(RunReplica(replica, requests, sink), 0);
  EXPECT_EQ(sink.done.size(), 40u);
  EXPECT_EQ(replica.kv().num_used(), 0);
}

}  // namespace
}  // namespace gpuplan
