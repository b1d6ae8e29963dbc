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
//  3. Batch waiting (tensorrt_llm/_torch/pyexecutor/py_executor.py _schedule and
//     _waiting_requests; off unless batch_wait_timeout_iters > 0): when an iteration has both
//     context and generation work, the contexts are held back (the iteration runs the generation
//     work alone) unless the held count has reached batch_wait_timeout_iters or the iteration's
//     tokens, each context counted whole (prompt and tokens generated so far) and each generating
//     request as one, reach batch_wait_max_tokens_ratio x max_num_tokens. Holding counts one;
//     scheduling the contexts resets the count. Under MAX_UTILIZATION only contexts not yet
//     started are held (a started chunked context keeps its blocks and runs on).
#include "sim/engine/trtllm_scheduler.h"

#include <optional>

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
  }

  // One request's share of the iteration being formed: `admit` moves it from waiting to running.
  struct Choice {
    RequestSlot slot = kNoSlot;
    int32_t tokens = 0;
    bool admit = false;
    bool context = false;
  };

  void ScheduleNoEvict(ReplicaState& state, StepPlan* plan) {
    int64_t reserved = state.kv.num_free();
    for (const RequestSlot slot : state.running) {
      reserved -= RemainingBlocks(state.kv, state.pool[slot]);
    }
    GPUPLAN_CHECK(reserved >= 0, "trtllm: reservations exceed the free blocks by {}", -reserved);
    choices_.clear();
    for (const RequestSlot slot : state.running) {
      if (!open_ || budget_ <= 0) break;
      const Request& r = state.pool[slot];
      const int32_t n = MicroBatchTokens(r, state.kv.block_size());
      if (n > 0) Choose({slot, n, false, !Generating(r)});
    }
    for (size_t k = 0; open_ && budget_ > 0 && k < state.waiting.size() &&
                       static_cast<int64_t>(state.running.size() + k) < o_.max_batch_size;
         ++k) {
      const RequestSlot slot = state.waiting[k];
      const Request& r = state.pool[slot];
      const int64_t need = RemainingBlocks(state.kv, r);
      if (need > reserved) break;  // capacityScheduler: the first that does not fit stops it
      const int32_t n = MicroBatchTokens(r, state.kv.block_size());
      if (n == 0) break;
      reserved -= need;
      Choose({slot, n, true, true});
    }
    const bool hold = HoldContexts(state);  // false unless batch waiting is on
    for (const Choice& c : choices_) {
      if (hold && c.context) continue;
      if (c.admit) {
        GPUPLAN_CHECK(state.waiting.front() == c.slot, "trtllm: admission out of order");
        state.waiting.pop_front();
        state.running.push_back(c.slot);
      }
      Run(state, plan, c.slot, c.tokens);
    }
  }

  static bool Generating(const Request& r) {
    return r.num_generated > 0 && r.tokens_to_compute() == 1;
  }

  void Choose(const Choice& c) {
    choices_.push_back(c);
    budget_ -= c.tokens;
  }

  bool BatchWaiting() const {
    return o_.batch_wait_timeout_iters > 0 || o_.batch_wait_max_tokens_ratio > 0;
  }

  // py_executor.py _waiting_requests, asked only when the iteration has both kinds of work.
  bool HoldContexts(const ReplicaState& state) {
    if (!BatchWaiting()) return false;
    int64_t tokens = 0;
    bool any_context = false, any_generation = false;
    for (const Choice& c : choices_) {
      any_context |= c.context;
      any_generation |= !c.context;
      tokens += c.context ? state.pool[c.slot].num_tokens() : 1;
    }
    if (!any_context || !any_generation) return false;
    const bool stop = wait_iters_ >= o_.batch_wait_timeout_iters ||
                      static_cast<double>(tokens) >=
                          o_.batch_wait_max_tokens_ratio * static_cast<double>(o_.max_num_tokens);
    if (stop) {
      wait_iters_ = 0;
      return false;
    }
    ++wait_iters_;
    return true;
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
    if (BatchWaiting() && HoldAdmission(state, *plan)) return;
    while (open_ && budget_ > 0 && !state.waiting.empty() &&
           static_cast<int64_t>(state.running.size()) < o_.max_batch_size) {
      const RequestSlot slot = state.waiting.front();
      Request& r = state.pool[slot];
      const std::optional<Start> start = StartOf(state, r);
      if (!start || !state.kv.HasFree(start->blocks)) break;
      state.waiting.pop_front();
      state.running.push_back(slot);
      detail::TakeCachedHits(state, r, start->hits);
      Run(state, plan, slot, start->tokens);
      budget_ -= start->tokens;
    }
  }

  // What starting a waiting request under MAX_UTILIZATION takes: the blocks a paused request kept
  // for reuse count as computed (block reuse), the micro-batch gives it `tokens`, and `blocks`
  // must be free (the kept ones included). nullopt when the micro-batch has no room for it.
  struct Start {
    int32_t hits = 0;
    int32_t tokens = 0;
    int64_t blocks = 0;
  };
  std::optional<Start> StartOf(const ReplicaState& state, const Request& r) {
    const int32_t block = state.kv.block_size();
    const int32_t hits = detail::CachedHits(state, r);
    const int32_t n = MicroBatchTokens(r, block, hits * block);
    if (n == 0) return std::nullopt;
    return Start{hits, n, state.kv.BlocksForTokens(int64_t{hits} * block + n)};
  }

  // MAX_UTILIZATION's batch waiting: previews which waiting requests the loop above would start
  // (free blocks counted locally, the token budget restored afterwards) and asks whether to hold
  // them back; the running requests already in `plan` are the iteration's other work.
  bool HoldAdmission(const ReplicaState& state, const StepPlan& plan) {
    const int32_t budget = budget_;
    const bool open = open_;
    choices_.clear();
    for (const StepItem& item : plan.items) {
      choices_.push_back(
          {item.slot, item.num_new_tokens, false, !Generating(state.pool[item.slot])});
    }
    int64_t free_blocks = state.kv.num_free();
    for (size_t k = 0; open_ && budget_ > 0 && k < state.waiting.size() &&
                       static_cast<int64_t>(state.running.size() + k) < o_.max_batch_size;
         ++k) {
      const std::optional<Start> start = StartOf(state, state.pool[state.waiting[k]]);
      if (!start || start->blocks > free_blocks) break;
      free_blocks -= start->blocks;
      Choose({state.waiting[k], start->tokens, true, true});
    }
    budget_ = budget;
    open_ = open;
    return HoldContexts(state);
  }

  TrtllmSchedulerOptions o_;
  int32_t budget_ = 0;           // tokens left in the iteration being formed
  bool open_ = true;             // false once the micro-batch list has ended
  std::vector<Choice> choices_;  // the iteration being formed, before batch waiting
  int32_t wait_iters_ = 0;       // iterations the contexts have been held (batch_wait_iters_count)
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
  schema.push_back({.name = "batch_wait_timeout_iters",
                    .type = OptionType::kInt,
                    .unit = "iterations",
                    .default_value = "0",
                    .help = "TensorRT-LLM batch waiting: hold context work back for at most this "
                            "many iterations while requests are generating (0: off)",
                    .min = 0,
                    .max = 1e6});
  schema.push_back({.name = "batch_wait_max_tokens_ratio",
                    .type = OptionType::kDouble,
                    .default_value = "0",
                    .help = "TensorRT-LLM batch waiting: stop holding once the iteration's tokens "
                            "reach this share of max_num_tokens; the engine ends the wait when "
                            "either limit is reached, so both must be above 0 for any waiting",
                    .min = 0,
                    .max = 1});
  return schema;
}

using TrtllmTableOptions = LimitsAndOptions<TrtllmSchedulerOptions>;

TrtllmTableOptions ReadTable(OptionReader& reader) {
  TrtllmTableOptions t;
  t.limits = ReadEngineLimitOverrides(reader);
  TrtllmSchedulerOptions& o = t.own;
  o.capacity_scheduler_policy = reader.String("capacity_scheduler_policy") == "max_utilization"
                                    ? CapacityPolicy::kMaxUtilization
                                    : CapacityPolicy::kGuaranteedNoEvict;
  o.batch_wait_timeout_iters = static_cast<int32_t>(reader.Int("batch_wait_timeout_iters"));
  o.batch_wait_max_tokens_ratio = reader.Double("batch_wait_max_tokens_ratio");
  return t;
}

std::unique_ptr<BatchScheduler> Build(const TrtllmTableOptions& table, OptionReporter& reporter,
                                      const EngineSpec& engine) {
  const std::optional<EngineLimits> limits = ResolveEngineLimits(table.limits, engine, reporter);
  if (!limits) return nullptr;
  TrtllmSchedulerOptions o = table.own;
  o.max_batch_size = limits->max_num_seqs;
  o.max_num_tokens = limits->max_num_batched_tokens;
  o.enable_chunked_prefill = limits->enable_chunked_prefill;
  return MakeTrtllmScheduler(o);
}

}  // namespace

std::unique_ptr<BatchScheduler> MakeTrtllmScheduler(const TrtllmSchedulerOptions& options) {
  GPUPLAN_CHECK(options.max_batch_size >= 1 && options.max_num_tokens >= 1,
                "trtllm scheduler limits {} / {}", options.max_batch_size, options.max_num_tokens);
  GPUPLAN_CHECK(options.batch_wait_timeout_iters >= 0 && options.batch_wait_max_tokens_ratio >= 0 &&
                    options.batch_wait_max_tokens_ratio <= 1,
                "trtllm batch waiting {} / {}", options.batch_wait_timeout_iters,
                options.batch_wait_max_tokens_ratio);
  return std::make_unique<TrtllmScheduler>(options);
}

void RegisterTrtllmScheduler(SchedulerRegistry& registry) {
  registry.Add("trtllm",
               "TensorRT-LLM in-flight batching: capacity scheduler (GUARANTEED_NO_EVICT reserves "
               "KV for the whole output, or MAX_UTILIZATION pauses) and micro-batch scheduler",
               Schema(), ReadTable, Build);
}

}  // namespace gpuplan
