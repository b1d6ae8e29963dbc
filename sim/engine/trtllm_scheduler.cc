// The `trtllm` policy. Each rule models one behaviour of TensorRT-LLM's batch manager
// (NVIDIA/TensorRT-LLM cpp/tensorrt_llm/batch_manager/capacityScheduler.cpp,
// microBatchScheduler.cpp, and tensorrt_llm/llmapi/llm.py for request checks); the code is ours.
//
// Every iteration, over the requests in arrival order:
//  1. Capacity (GUARANTEED_NO_EVICT): started requests always run; each holds a reservation of
//     the blocks it still needs to finish (prompt + its whole output, minus what it holds:
//     getRemainingBlocksToCompletion). A waiting request starts only when its own reservation fits
//     in the free blocks left after every reservation; the first one that does not fit stops
//     admission (FCFS, no skipping ahead). Growth therefore never fails and nothing is evicted.
//     MAX_UTILIZATION charges one step's blocks instead and pauses the latest started request
//     (its KV freed, recomputed later) when they run out.
//  2. Micro-batch: one token per generating request, then context (prefill) work, in order, within
//     max_num_tokens. Without chunked prefill a context request runs whole or waits, and the
//     first one that does not fit ends the iteration's list; with chunking (first come, first
//     served) a context gets what is left, cut down to whole KV blocks (chunkUnitSize =
//     tokens_per_block). Context and generation work share one iteration.
#include "sim/engine/trtllm_scheduler.h"

#include "sim/core/error.h"
#include "sim/engine/engine_limits.h"

namespace gpuplan {
namespace {

class TrtllmScheduler final : public BatchScheduler {
 public:
  explicit TrtllmScheduler(const TrtllmSchedulerOptions& options) : o_(options) {}

  std::string_view name() const override { return "trtllm"; }

  std::optional<Rejection> CheckServable(const RoutedRequest& spec,
                                         const KvCache& kv) const override {
    // llm.py _check_arguments: without chunked prefill a prompt longer than max_num_tokens is
    // refused when it arrives (HTTP 400); the output length is not counted.
    if (!o_.enable_chunked_prefill && spec.prompt_tokens > o_.max_num_tokens) {
      return Rejection{DropReason::kExceedsBatchBudget,
                       fmt::format("prompt of {} tokens exceeds max_num_tokens={} with chunked "
                                   "prefill off (TensorRT-LLM refuses it)",
                                   spec.prompt_tokens, o_.max_num_tokens)};
    }
    const int64_t whole = int64_t{spec.prompt_tokens} + spec.output_tokens;
    if (kv.BlocksForTokens(whole) > kv.num_blocks()) {
      return Rejection{DropReason::kExceedsKvCapacity,
                       fmt::format("needs {} KV blocks for {} tokens but the cache has {}",
                                   kv.BlocksForTokens(whole), whole, kv.num_blocks())};
    }
    return std::nullopt;
  }

  void Schedule(ReplicaState& state, StepPlan* plan) override {
    budget_ = o_.max_num_tokens;
    open_ = true;
    if (o_.capacity_scheduler_policy == CapacityPolicy::kGuaranteedNoEvict) {
      ScheduleNoEvict(state, plan);
    } else {
      ScheduleMaxUtilization(state, plan);
    }
  }

 private:
  // Blocks a request still needs to finish: its whole sequence minus what it holds.
  static int64_t RemainingBlocks(const KvCache& kv, const Request& r) {
    const int64_t whole = int64_t{r.record.prompt_tokens} + r.record.output_tokens;
    return kv.BlocksForTokens(whole) - static_cast<int64_t>(r.blocks.size());
  }

  // Tokens the micro-batch gives `r` this step (0: it does not run), and whether the list ends
  // there. Generation costs one token; a context costs its remainder, or a block-aligned chunk.
  int32_t MicroBatchTokens(const Request& r, int32_t block_size, int32_t cached_tokens = 0) {
    const int32_t want = r.tokens_to_compute() - cached_tokens;
    const bool generating = r.num_generated > 0 && want == 1;
    if (generating || !o_.enable_chunked_prefill) {
      if (want > budget_) open_ = false;  // microBatchScheduler: break
      return open_ ? want : 0;
    }
    int32_t n = std::min(want, budget_);
    if (n < want) n -= n % block_size;  // a cut chunk ends on a block boundary
    return n;
  }

  // Appends `slot` to the plan with `n` tokens; its blocks are grown to hold them.
  void Run(ReplicaState& state, StepPlan* plan, RequestSlot slot, int32_t n) {
    Request& r = state.pool[slot];
    GPUPLAN_CHECK(state.kv.Grow(&r.blocks, int64_t{r.num_computed} + n),
                  "trtllm: request {} outgrew its KV reservation", r.record.id);
    plan->items.push_back({slot, n});
    budget_ -= n;
  }

  void ScheduleNoEvict(ReplicaState& state, StepPlan* plan) {
    int64_t reserved = state.kv.num_free();
    for (const RequestSlot slot : state.running) {
      reserved -= RemainingBlocks(state.kv, state.pool[slot]);
    }
    GPUPLAN_CHECK(reserved >= 0, "trtllm: reservations exceed the free blocks by {}", -reserved);
    for (const RequestSlot slot : state.running) {
      if (!open_ || budget_ <= 0) break;
      const int32_t n = MicroBatchTokens(state.pool[slot], state.kv.block_size());
      if (n > 0) Run(state, plan, slot, n);
    }
    while (open_ && budget_ > 0 && !state.waiting.empty() &&
           static_cast<int64_t>(state.running.size()) < o_.max_batch_size) {
      const RequestSlot slot = state.waiting.front();
      const Request& r = state.pool[slot];
      const int64_t need = RemainingBlocks(state.kv, r);
      if (need > reserved) break;  // capacityScheduler: the first that does not fit stops it
      const int32_t n = MicroBatchTokens(r, state.kv.block_size());
      if (n == 0) break;
      reserved -= need;
      state.waiting.pop_front();
      state.running.push_back(slot);
      Run(state, plan, slot, n);
    }
  }

  void ScheduleMaxUtilization(ReplicaState& state, StepPlan* plan) {
    size_t i = 0;
    while (i < state.running.size() && open_ && budget_ > 0) {
      const RequestSlot slot = state.running[i];
      Request& r = state.pool[slot];
      const int32_t n = MicroBatchTokens(r, state.kv.block_size());
      if (n == 0) break;
      // One step's blocks; when short, pause the latest started request and retry
      // (capacityScheduler.cpp: trySchedulingRequestMaxUtilization, pausedRequests).
      bool paused_self = false;
      while (!state.kv.Grow(&r.blocks, int64_t{r.num_computed} + n)) {
        const RequestSlot victim = detail::PreemptLastRunning(state);
        ++plan->num_preempted;
        if (victim == slot) {
          paused_self = true;
          break;
        }
      }
      if (paused_self) break;
      plan->items.push_back({slot, n});
      budget_ -= n;
      ++i;
    }
    while (open_ && budget_ > 0 && !state.waiting.empty() &&
           static_cast<int64_t>(state.running.size()) < o_.max_batch_size) {
      const RequestSlot slot = state.waiting.front();
      Request& r = state.pool[slot];
      // A paused request's blocks kept for reuse count as computed (block reuse).
      const int32_t hits = detail::CachedHits(state, r);
      const int32_t n = MicroBatchTokens(r, state.kv.block_size(), hits * state.kv.block_size());
      if (n == 0) break;
      const int32_t need =
          state.kv.BlocksForTokens(int64_t{hits} * state.kv.block_size() + n) - hits;
      if (!state.kv.HasFree(need + hits)) break;
      state.waiting.pop_front();
      state.running.push_back(slot);
      detail::TakeCachedHits(state, r, hits);
      Run(state, plan, slot, n);
    }
  }

  TrtllmSchedulerOptions o_;
  int32_t budget_ = 0;  // tokens left in the iteration being formed
  bool open_ = true;    // false once the micro-batch list has ended
};

std::vector<OptionSpec> Schema() {
  std::vector<OptionSpec> schema = EngineLimitsSchema(
      {.seqs_default = "2048",
       .seqs_help = "TensorRT-LLM max_batch_size: most requests running at once.",
       .tokens_default = "8192",
       .tokens_help = "TensorRT-LLM max_num_tokens: token budget of one iteration.",
       .chunked_default = "false",
       .chunked_help = "Split prompts into block-aligned chunks (first come, first served)."});
  schema.push_back({.name = "capacity_scheduler_policy",
                    .type = OptionType::kEnum,
                    .default_value = "guaranteed_no_evict",
                    .help = "guaranteed_no_evict: start a request only when KV for its whole "
                            "output is guaranteed; max_utilization: one step's blocks, pause the "
                            "latest started request when short",
                    .choices = {"guaranteed_no_evict", "max_utilization"}});
  return schema;
}

std::unique_ptr<BatchScheduler> MakeFromTable(OptionReader& reader, const EngineSpec& engine) {
  const std::optional<EngineLimits> limits = ReadEngineLimits(reader, engine);
  if (!limits) return nullptr;
  TrtllmSchedulerOptions o;
  o.max_batch_size = limits->max_num_seqs;
  o.max_num_tokens = limits->max_num_batched_tokens;
  o.enable_chunked_prefill = limits->enable_chunked_prefill;
  o.capacity_scheduler_policy = reader.String("capacity_scheduler_policy") == "max_utilization"
                                    ? CapacityPolicy::kMaxUtilization
                                    : CapacityPolicy::kGuaranteedNoEvict;
  return MakeTrtllmScheduler(o);
}

}  // namespace

std::unique_ptr<BatchScheduler> MakeTrtllmScheduler(const TrtllmSchedulerOptions& options) {
  GPUPLAN_CHECK(options.max_batch_size >= 1 && options.max_num_tokens >= 1,
                "trtllm scheduler limits {} / {}", options.max_batch_size, options.max_num_tokens);
  return std::make_unique<TrtllmScheduler>(options);
}

void RegisterTrtllmScheduler(SchedulerRegistry& registry) {
  registry.Add({.name = "trtllm",
                .summary = "TensorRT-LLM in-flight batching: capacity scheduler "
                           "(GUARANTEED_NO_EVICT reserves KV for the whole output, or "
                           "MAX_UTILIZATION pauses) and micro-batch scheduler",
                .options = Schema(),
                .make = MakeFromTable});
}

}  // namespace gpuplan
