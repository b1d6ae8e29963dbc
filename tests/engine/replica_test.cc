#include "sim/engine/replica.h"

#include <gtest/gtest.h>

#include "sim/core/rng.h"
#include "sim/engine/continuous_scheduler.h"
#include "sim/engine/static_scheduler.h"
#include "tests/engine/fakes.h"

namespace gpuplan {
namespace {

using test::Fake;
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
    Replica replica(
        ReplicaConfig{.kv = {.num_blocks = blocks, .block_size = 16, .watermark = 0.05}},
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

}  // namespace
}  // namespace gpuplan
