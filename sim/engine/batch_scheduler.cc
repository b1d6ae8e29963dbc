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
  Request& r = state.pool[victim];
  state.kv.Free(&r.blocks);
  r.num_computed = 0;
  ++r.record.preemptions;
  state.waiting.push_front(victim);
  return victim;
}

}  // namespace detail
}  // namespace gpuplan
