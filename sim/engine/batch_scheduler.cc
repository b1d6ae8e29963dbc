#include "sim/engine/batch_scheduler.h"

#include "sim/engine/continuous_scheduler.h"
#include "sim/engine/sglang_scheduler.h"
#include "sim/engine/static_scheduler.h"
#include "sim/engine/trtllm_scheduler.h"

namespace gpuplan {

std::string_view DropReasonName(DropReason reason) {
  switch (reason) {
    case DropReason::kInvalidRequest:
      return "invalid_request";
    case DropReason::kExceedsBatchBudget:
      return "exceeds_batch_budget";
    case DropReason::kExceedsKvCapacity:
      return "exceeds_kv_capacity";
    case DropReason::kUnschedulable:
      return "unschedulable";
    case DropReason::kCount:
      break;
  }
  return "?";
}

void RegisterBuiltinSchedulers(SchedulerRegistry& registry) {
  RegisterContinuousScheduler(registry);
  RegisterTrtllmScheduler(registry);
  RegisterSglangScheduler(registry);
  RegisterStaticScheduler(registry);
}

namespace detail {

RequestSlot PreemptLastRunning(ReplicaState& state) {
  GPUPLAN_CHECK(!state.running.empty(), "preemption with nothing running");
  const RequestSlot victim = state.running.back();
  state.running.pop_back();
  EvictForRecompute(state, state.pool[victim]);
  state.waiting.push_front(victim);
  return victim;
}

void EvictForRecompute(ReplicaState& state, Request& r) {
  if (state.kv.prefix_caching()) r.preempted_blocks = r.blocks;
  state.kv.Free(&r.blocks, r.record.id, r.num_computed);
  r.num_computed = 0;
  ++r.record.preemptions;
}

int32_t CachedHits(const ReplicaState& state, const Request& r) {
  if (r.num_computed != 0 || r.preempted_blocks.empty()) return 0;
  const int32_t max_blocks = (r.num_tokens() - 1) / state.kv.block_size();
  return state.kv.CachedPrefix(r.preempted_blocks, r.record.id, max_blocks);
}

void TakeCachedHits(ReplicaState& state, Request& r, int32_t hits) {
  if (hits > 0) {
    state.kv.Reclaim(&r.blocks, r.preempted_blocks, hits);
    r.num_computed = hits * state.kv.block_size();
  }
  r.preempted_blocks.clear();
}

}  // namespace detail
}  // namespace gpuplan
