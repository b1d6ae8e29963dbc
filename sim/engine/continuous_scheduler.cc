// The `continuous` policy. Each rule below models one behaviour of vLLM V1's scheduler
// (vllm/v1/core/sched/scheduler.py, Scheduler.schedule()); the code is our own.
#include "sim/engine/continuous_scheduler.h"

#include "sim/core/error.h"
#include "sim/engine/engine_limits.h"

namespace gpuplan {
namespace {

class ContinuousScheduler final : public BatchScheduler {
 public:
  explicit ContinuousScheduler(const ContinuousSchedulerOptions& options) : options_(options) {}

  std::string_view name() const override { return "continuous"; }

  std::optional<Rejection> CheckServable(const RoutedRequest& spec,
                                         const KvCache& kv) const override;

  // vLLM V1: one token budget per step; RUNNING requests first, then, only if nothing was
  // preempted, WAITING requests.
  void Schedule(ReplicaState& state, StepPlan* plan) override {
    const int32_t left = ScheduleRunning(state, plan, options_.max_num_batched_tokens);
    if (plan->num_preempted == 0) ScheduleWaiting(state, plan, left);
  }

 private:
  // Both take the step's token budget left; ScheduleRunning returns what it leaves. By value,
  // not through a pointer: these loops run for every request of every step, and a budget behind
  // a pointer is reloaded after every store to the plan.
  int32_t ScheduleRunning(ReplicaState& state, StepPlan* plan, int32_t budget) const;
  void ScheduleWaiting(ReplicaState& state, StepPlan* plan, int32_t budget) const;

  ContinuousSchedulerOptions options_;
};

std::optional<Rejection> ContinuousScheduler::CheckServable(const RoutedRequest& spec,
                                                            const KvCache& kv) const {
  const int64_t budget = options_.max_num_batched_tokens;
  // The longest prefill this request can ever need: a recompute after a preemption just before
  // its last token re-prefills prompt + (output - 1) tokens.
  const int64_t longest = int64_t{spec.prompt_tokens} + spec.output_tokens - 1;
  if (!options_.enable_chunked_prefill) {
    if (spec.prompt_tokens > budget) {
      return Rejection{DropReason::kExceedsBatchBudget,
                       fmt::format("prompt of {} tokens exceeds max_num_batched_tokens={} and "
                                   "chunked prefill is off, so it can never be scheduled",
                                   spec.prompt_tokens, budget)};
    }
    // vLLM refuses such configurations outright (max_num_batched_tokens >= max_model_len when
    // chunked prefill is off); we refuse the request instead of stalling it after a preemption.
    if (longest > budget) {
      return Rejection{DropReason::kExceedsBatchBudget,
                       fmt::format("prompt + output - 1 = {} tokens exceeds "
                                   "max_num_batched_tokens={} with chunked prefill off: it could "
                                   "not be recomputed after a preemption",
                                   longest, budget)};
    }
  }
  // Served alone it must be (re)admissible with its longest prefill over the watermark, so the
  // head of the queue can always make progress on an idle replica.
  const int32_t need = kv.BlocksForTokens(longest);
  if (need > kv.num_blocks() - kv.watermark_blocks()) {
    return Rejection{DropReason::kExceedsKvCapacity,
                     fmt::format("needs {} KV blocks for {} tokens but the cache has {} blocks, "
                                 "{} of them kept free by the watermark",
                                 need, longest, kv.num_blocks(), kv.watermark_blocks())};
  }
  return std::nullopt;
}

// vLLM: when the KV blocks for the new tokens cannot be allocated, preempt the lowest-priority
// running request (the last one) and retry; if that is the request being scheduled, stop
// scheduling running requests for this step (returns false). Out of line: it is rare, and
// keeping it out of ScheduleRunning's loop leaves that loop its registers.
[[gnu::noinline]] bool PreemptUntilGrown(ReplicaState& state, StepPlan* plan, RequestSlot slot,
                                         int64_t tokens) {
  Request& r = state.pool[slot];
  do {
    const RequestSlot victim = detail::PreemptLastRunning(state);
    ++plan->num_preempted;
    if (victim == slot) return false;
  } while (!state.kv.Grow(&r.blocks, tokens));
  return true;
}

int32_t ContinuousScheduler::ScheduleRunning(ReplicaState& state, StepPlan* plan,
                                             int32_t budget) const {
  size_t i = 0;
  while (i < state.running.size() && budget > 0) {
    const RequestSlot slot = state.running[i];
    Request& r = state.pool[slot];
    // Decode: 1 token; unfinished (chunked) prefill: the rest of it, capped by the budget.
    int32_t n = r.tokens_to_compute();
    if (n > budget) {
      if (!options_.enable_chunked_prefill) {  // never split a prefill: skip this step
        ++i;
        continue;
      }
      n = budget;
    }
    const int64_t tokens = int64_t{r.num_computed} + n;
    if (!state.kv.Grow(&r.blocks, tokens) && !PreemptUntilGrown(state, plan, slot, tokens)) {
      break;
    }
    plan->items.push_back({slot, n});
    budget -= n;
    ++i;
  }
  return budget;
}

void ContinuousScheduler::ScheduleWaiting(ReplicaState& state, StepPlan* plan,
                                          int32_t budget) const {
  // vLLM: FCFS while budget remains and fewer than max_num_seqs run; a request that does not
  // fit stops admission (head-of-line blocking, no skipping ahead).
  while (!state.waiting.empty() && budget > 0 &&
         static_cast<int64_t>(state.running.size()) < options_.max_num_seqs) {
    const RequestSlot slot = state.waiting.front();
    Request& r = state.pool[slot];
    // A recomputed request prefills its prompt plus the tokens it had generated, less what the
    // prefix cache still holds of its old blocks (vLLM: get_computed_blocks on admission).
    const int32_t hits = detail::CachedHits(state, r);
    const int32_t cached_tokens = hits * state.kv.block_size();
    int32_t n = r.tokens_to_compute() - cached_tokens;
    if (n > budget) {
      if (!options_.enable_chunked_prefill) break;
      n = budget;
    }
    // Blocks for this step's tokens only (vLLM V1 allocates per chunk), admitted only if the
    // watermark stays free (vLLM V0's BlockSpaceManager.can_allocate); cached blocks taken back
    // were free, so they count too.
    const int32_t need = state.kv.BlocksForTokens(int64_t{cached_tokens} + n) - hits;
    if (!state.kv.CanAllocate(need + hits)) break;
    detail::TakeCachedHits(state, r, hits);
    state.kv.Allocate(&r.blocks, need);
    state.waiting.pop_front();
    state.running.push_back(slot);
    plan->items.push_back({slot, n});
    budget -= n;
  }
}

void Validate(const ContinuousSchedulerOptions& o) {
  if (o.max_num_seqs < 1) {
    throw ConfigError(fmt::format("max_num_seqs must be >= 1, got {}", o.max_num_seqs));
  }
  if (o.max_num_batched_tokens < 1) {
    throw ConfigError(
        fmt::format("max_num_batched_tokens must be >= 1, got {}", o.max_num_batched_tokens));
  }
}

std::vector<OptionSpec> Schema() {
  std::vector<OptionSpec> schema = EngineLimitsSchema(
      {.seqs_default = "256",
       .seqs_help = "Most requests running at once.",
       .tokens_default = "8192",
       .tokens_help = "Token budget of one step.",
       .chunked_default = "true",
       .chunked_help = "Split long prompts across steps to fit the token budget."});
  schema.push_back(
      {.name = "preemption_mode",
       .type = OptionType::kEnum,
       .default_value = "recompute",
       .help = "How KV is reclaimed under pressure; only 'recompute' is modelled. Default: the "
               "engine preset's value.",
       .choices = {"recompute", "swap"}});
  return schema;
}

// What `engine.scheduler` wrote; the rest comes from the engine preset when building.
struct ContinuousTableOptions {
  EngineLimitOverrides limits;
  std::optional<std::string> preemption_mode;
};

ContinuousTableOptions ReadTable(OptionReader& reader) {
  ContinuousTableOptions o;
  o.limits = ReadEngineLimitOverrides(reader);
  if (reader.Given("preemption_mode")) o.preemption_mode = reader.String("preemption_mode");
  return o;
}

std::unique_ptr<BatchScheduler> Build(const ContinuousTableOptions& table, OptionReporter& reporter,
                                      const EngineSpec& engine) {
  const size_t before = reporter.diagnostics().size();
  const std::optional<EngineLimits> limits = ResolveEngineLimits(table.limits, engine, reporter);
  const std::string mode = table.preemption_mode.value_or(engine.preemption_mode);
  // vLLM V1 dropped swap preemption; we model recompute only and say so rather than guess.
  if (mode == "swap") {
    reporter.Fail("preemption_mode",
                  "'swap' is not supported yet; use 'recompute' (vLLM V1 preempts by recompute)");
  } else if (mode != "recompute" && !table.preemption_mode) {
    reporter.Fail("preemption_mode",
                  fmt::format("engine preset value '{}' is not valid; expected recompute", mode));
  }
  if (!limits || reporter.diagnostics().size() != before) return nullptr;
  ContinuousSchedulerOptions o;
  o.max_num_seqs = limits->max_num_seqs;
  o.max_num_batched_tokens = limits->max_num_batched_tokens;
  o.enable_chunked_prefill = limits->enable_chunked_prefill;
  return MakeContinuousScheduler(o);
}

}  // namespace

std::unique_ptr<BatchScheduler> MakeContinuousScheduler(const ContinuousSchedulerOptions& options) {
  Validate(options);
  return std::make_unique<ContinuousScheduler>(options);
}

void RegisterContinuousScheduler(SchedulerRegistry& registry) {
  registry.Add("continuous",
               "vLLM V1-style continuous batching: per-step token budget, chunked prefill, FCFS "
               "admission with a KV watermark, recompute preemption",
               Schema(), ReadTable, Build);
}

}  // namespace gpuplan
