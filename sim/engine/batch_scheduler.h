// BatchScheduler: the per-replica policy that decides, before every engine iteration, which
// requests run and how many tokens each computes (vLLM's Scheduler.schedule()). Policies are
// selected by name through SchedulerRegistry: `continuous` (vLLM V1), `trtllm`, `sglang`, `static`.
//
// Contract of Schedule(): it reads and mutates the replica's queues and KV cache (admitting
// waiting requests into `running`, growing block tables for the tokens it schedules,
// preempting), and appends one StepItem per request that computes tokens this step. Every
// item's blocks must already hold num_computed + num_new_tokens tokens. It must not touch
// requests' computed/generated counts (the Replica applies the step when it ends). If running
// is non-empty, or waiting is non-empty and running is empty, the plan must not be empty
// unless the head of the queue can never run (the Replica then drops it).
// Threads: a scheduler belongs to one replica of one run, used by that run's thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/catalog/specs.h"
#include "sim/engine/index_deque.h"
#include "sim/engine/kv_cache.h"
#include "sim/engine/request.h"
#include "sim/util/registry.h"

namespace gpuplan {

// Why a request was dropped instead of served.
enum class DropReason : uint8_t {
  kInvalidRequest,      // prompt or output length < 1
  kExceedsBatchBudget,  // longer than max_num_batched_tokens with chunked prefill off
  kExceedsKvCapacity,   // cannot fit in the KV cache even alone
  kUnschedulable,       // the scheduler could not run it on an idle replica (safety net)
  kCount,
};
constexpr size_t kNumDropReasons = static_cast<size_t>(DropReason::kCount);
std::string_view DropReasonName(DropReason reason);  // "exceeds_kv_capacity", ...

struct Rejection {
  DropReason reason = DropReason::kInvalidRequest;
  std::string message;
};

// The queues and cache a scheduler works on. Owned by the Replica.
struct ReplicaState {
  explicit ReplicaState(const KvCacheConfig& kv_config) : kv(kv_config) {}

  RequestPool pool;
  detail::IndexDeque waiting;        // FCFS; preempted requests go back to the front
  std::vector<RequestSlot> running;  // priority order: the last one is preempted first
  KvCache kv;
};

struct StepItem {
  RequestSlot slot = kNoSlot;
  int32_t num_new_tokens = 0;
};

// One iteration's work, as chosen by the scheduler. Reused from step to step.
struct StepPlan {
  std::vector<StepItem> items;
  int32_t num_preempted = 0;

  void Clear() {
    items.clear();
    num_preempted = 0;
  }
  bool empty() const { return items.empty(); }
};

class BatchScheduler {
 public:
  virtual ~BatchScheduler() = default;
  virtual std::string_view name() const = 0;
  // Why `spec` can never run on a replica with this cache, or nullopt when it can.
  virtual std::optional<Rejection> CheckServable(const RoutedRequest& spec,
                                                 const KvCache& kv) const = 0;
  // Fills `plan` (cleared by the caller) for the next iteration; see the contract above.
  virtual void Schedule(ReplicaState& state, StepPlan* plan) = 0;
};

// Built from the engine preset: options a user does not give default to the EngineSpec's
// values (max_num_seqs, max_num_batched_tokens, enable_chunked_prefill, preemption_mode).
using SchedulerRegistry = Registry<std::unique_ptr<BatchScheduler>, const EngineSpec&>;

// Registers `continuous`, `trtllm`, `sglang` and `static`.
void RegisterBuiltinSchedulers(SchedulerRegistry& registry);

namespace detail {

// Preempts running.back() by recompute (vLLM V1's only mode): frees all its blocks, resets
// num_computed to 0 (generated tokens are kept and re-prefilled), puts it at the front of the
// waiting queue and counts the preemption. Returns its slot.
RequestSlot PreemptLastRunning(ReplicaState& state);

// Frees a request's blocks for recompute: with prefix caching its computed full blocks stay
// cached (remembered in preempted_blocks) so that admission can take them back. Resets
// num_computed and counts the preemption.
void EvictForRecompute(ReplicaState& state, Request& r);

// Leading blocks of a waiting request's preempted table still cached, in whole blocks of at most
// num_tokens - 1 tokens (vLLM get_computed_blocks: the last token is always recomputed so that it
// yields logits); 0 without prefix caching or when nothing survived.
int32_t CachedHits(const ReplicaState& state, const Request& r);
// Takes `hits` cached blocks back for `r` (num_computed becomes hits x block_size); they were
// free, so admission must have counted them (KvCache::CanAllocate(new + hits)).
void TakeCachedHits(ReplicaState& state, Request& r, int32_t hits);

}  // namespace detail
}  // namespace gpuplan
