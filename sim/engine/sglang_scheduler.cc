// The `sglang` policy. Each rule models one behaviour of SGLang's scheduler
// (sgl-project/sglang python/sglang/srt/managers/scheduler.py: get_next_batch_to_run,
// get_new_batch_prefill, update_running_batch; schedule_policy.py: PrefillAdder;
// schedule_batch.py: check_decode_mem, retract_decode); the code is ours. SGLang counts KV in
// tokens (page_size 1 by default); here a KV block is a page, so with the preset's block_size 1
// every count below is in tokens.
//
// Each step:
//  1. Prefill, if a request is mid-prefill (chunked) or waiting: the chunked request continues
//     first; then waiting requests in FCFS order while running + admitted < max_running_requests.
//     The budget left is the free KV minus, for every running request, min(remaining output,
//     4096) x new_token_ratio, minus each admitted request's prompt + min(output, 4096); a request
//     that does not fit stops admission; prompts are cut at chunked_prefill_size (block-aligned),
//     and a cut request is the one chunked request. The step runs these prefills only; the
//     running requests wait (no mixed batches).
//  2. Otherwise a decode step for every running request. If the free KV cannot take one more
//     token each, requests are retracted (fewest generated tokens first, then the longest prompt)
//     until the rest have 20 steps of room or one is left; retracted requests free their KV and
//     go to the back of the waiting queue, and the ratio becomes the remaining requests'
//     (generated + 20 each) / (their whole outputs). Otherwise the ratio decays by
//     (init - min) / 600, down to min = init x 0.14.
#include "sim/engine/sglang_scheduler.h"

#include <algorithm>

#include "sim/core/error.h"
#include "sim/engine/engine_limits.h"

namespace gpuplan {
namespace {

class SglangScheduler final : public BatchScheduler {
 public:
  explicit SglangScheduler(const SglangSchedulerOptions& o)
      : o_(o),
        ratio_(o.init_new_token_ratio),
        min_ratio_(o.init_new_token_ratio * o.min_new_token_ratio_factor),
        decay_((o.init_new_token_ratio - min_ratio_) / o.new_token_ratio_decay_steps) {}

  std::string_view name() const override { return "sglang"; }

  std::optional<Rejection> CheckServable(const RoutedRequest& spec,
                                         const KvCache& kv) const override {
    // Admission asks prompt + min(output, 4096) < the free KV; on an empty replica that is the
    // whole cache, so a longer request could never start.
    const int64_t need = int64_t{spec.prompt_tokens} + Clipped(spec.output_tokens);
    const int64_t cache = int64_t{kv.num_blocks()} * kv.block_size();
    if (need >= cache ||
        kv.BlocksForTokens(int64_t{spec.prompt_tokens} + spec.output_tokens) > kv.num_blocks()) {
      return Rejection{DropReason::kExceedsKvCapacity,
                       fmt::format("needs {} + {} KV tokens but the cache holds {}",
                                   spec.prompt_tokens, spec.output_tokens, cache)};
    }
    if (!o_.enable_chunked_prefill && spec.prompt_tokens > o_.max_prefill_tokens) {
      return Rejection{DropReason::kExceedsBatchBudget,
                       fmt::format("prompt of {} tokens exceeds max_prefill_tokens={} with "
                                   "chunked prefill off",
                                   spec.prompt_tokens, o_.max_prefill_tokens)};
    }
    return std::nullopt;
  }

  void Schedule(ReplicaState& state, StepPlan* plan) override {
    if (SchedulePrefill(state, plan)) return;
    ScheduleDecode(state, plan);
  }

 private:
  int64_t Clipped(int64_t tokens) const {
    return std::min<int64_t>(tokens, o_.clip_max_new_tokens);
  }
  static int64_t OutputLeft(const Request& r) {
    return std::max(0, r.record.output_tokens - r.num_generated);
  }

  // Tokens of prefill `r` may take now: all of it, or a block-aligned cut at the chunk budget.
  int32_t ChunkOf(const Request& r, int32_t chunk_left, int32_t block_size) const {
    const int32_t want = r.tokens_to_compute();
    if (want <= chunk_left) return want;
    if (!o_.enable_chunked_prefill) return 0;
    return chunk_left - chunk_left % block_size;
  }

  bool SchedulePrefill(ReplicaState& state, StepPlan* plan) {
    const int32_t bs = state.kv.block_size();
    // KV left for new requests: free blocks minus the running requests' expected growth.
    double left = static_cast<double>(state.kv.num_free()) * bs;
    for (const RequestSlot slot : state.running) {
      if (slot == chunked_) continue;
      left -= Clipped(OutputLeft(state.pool[slot])) * ratio_;
    }
    int32_t chunk_left =
        o_.enable_chunked_prefill ? o_.chunked_prefill_size : o_.max_prefill_tokens;
    int32_t input_left = o_.max_prefill_tokens;
    if (chunked_ != kNoSlot) {
      Request& r = state.pool[chunked_];
      const int32_t n = ChunkOf(r, chunk_left, bs);
      GPUPLAN_CHECK(n > 0, "sglang: chunked request {} got no tokens", r.record.id);
      Grow(state, chunked_, n);
      plan->items.push_back({chunked_, n});
      left -= n;
      if (n < r.tokens_to_compute()) return true;  // still chunked: nothing else this step
      left -= Clipped(OutputLeft(r));
      chunk_left -= n;
      input_left -= n;
      chunked_ = kNoSlot;
    }
    while (!state.waiting.empty() &&
           static_cast<int64_t>(state.running.size()) < o_.max_running_requests) {
      const RequestSlot slot = state.waiting.front();
      Request& r = state.pool[slot];
      // Radix-cache hits of a retracted request are not recomputed (match_prefix).
      const int32_t hits = detail::CachedHits(state, r);
      const int32_t extend = r.tokens_to_compute() - hits * bs;
      // Matched prefix tokens leave the evictable pool when they are locked for the request.
      left -= hits * bs;
      if (extend + Clipped(OutputLeft(r)) >= left) break;  // AddReqResult.NO_TOKEN
      if (extend >= input_left && !plan->empty()) break;   // AddReqResult.OTHER
      const int32_t n = std::min(extend, ChunkOf(r, chunk_left, bs));
      if (n <= 0) break;
      state.waiting.pop_front();
      state.running.push_back(slot);
      detail::TakeCachedHits(state, r, hits);
      Grow(state, slot, n);
      plan->items.push_back({slot, n});
      if (n < extend) {  // cut: the new chunked request; its output is not reserved yet
        chunked_ = slot;
        break;
      }
      left -= extend + Clipped(OutputLeft(r));
      chunk_left -= n;
      input_left -= n;
    }
    return !plan->empty();
  }

  void Grow(ReplicaState& state, RequestSlot slot, int32_t n) {
    Request& r = state.pool[slot];
    GPUPLAN_CHECK(state.kv.Grow(&r.blocks, int64_t{r.num_computed} + n),
                  "sglang: no KV for request {}'s {} prefill tokens", r.record.id, n);
  }

  // Blocks the running requests need for one more token each.
  static int64_t DecodeNeed(const ReplicaState& state) {
    int64_t need = 0;
    for (const RequestSlot slot : state.running) {
      const Request& r = state.pool[slot];
      need += state.kv.BlocksToGrow(r.blocks, int64_t{r.num_computed} + 1);
    }
    return need;
  }

  void ScheduleDecode(ReplicaState& state, StepPlan* plan) {
    if (state.running.empty()) return;
    if (DecodeNeed(state) > state.kv.num_free()) {
      Retract(state, plan);
    } else {
      ratio_ = std::max(ratio_ - decay_, min_ratio_);
    }
    for (const RequestSlot slot : state.running) {
      Request& r = state.pool[slot];
      const int32_t n = r.tokens_to_compute();
      GPUPLAN_CHECK(state.kv.Grow(&r.blocks, int64_t{r.num_computed} + n),
                    "sglang: decode of request {} has no KV after retraction", r.record.id);
      plan->items.push_back({slot, n});
    }
  }

  // retract_decode: victims in order of fewest generated tokens, then longest prompt.
  void Retract(ReplicaState& state, StepPlan* plan) {
    std::vector<RequestSlot>& running = state.running;
    std::stable_sort(running.begin(), running.end(), [&](RequestSlot a, RequestSlot b) {
      const Request& x = state.pool[a];
      const Request& y = state.pool[b];
      if (x.num_generated != y.num_generated) return x.num_generated > y.num_generated;
      return x.record.prompt_tokens < y.record.prompt_tokens;
    });
    const int32_t bs = state.kv.block_size();
    auto enough = [&] {
      const int64_t room = int64_t{o_.retract_decode_steps} * static_cast<int64_t>(running.size());
      return static_cast<int64_t>(state.kv.num_free()) * bs >= room &&
             DecodeNeed(state) <= state.kv.num_free();
    };
    do {
      const RequestSlot victim = running.back();
      running.pop_back();
      // Its computed KV stays in the radix cache until evicted (retract_decode releases it to
      // the tree); re-admission reuses what survived.
      detail::EvictForRecompute(state, state.pool[victim]);
      state.waiting.push_back(victim);  // _extend_requests_to_queue: to the back
      ++plan->num_preempted;
    } while (running.size() > 1 && !enough());
    int64_t generated = 0, outputs = 0;
    for (const RequestSlot slot : running) {
      generated += state.pool[slot].num_generated;
      outputs += state.pool[slot].record.output_tokens;
    }
    const double estimate = static_cast<double>(
        generated + int64_t{o_.retract_decode_steps} * static_cast<int64_t>(running.size()));
    ratio_ = outputs > 0 ? std::min(1.0, estimate / static_cast<double>(outputs)) : ratio_;
    // Keep arrival order among the rest (FCFS for the next admissions' accounting).
    std::stable_sort(running.begin(), running.end(), [&](RequestSlot a, RequestSlot b) {
      return state.pool[a].record.id < state.pool[b].record.id;
    });
  }

  SglangSchedulerOptions o_;
  double ratio_;
  double min_ratio_;
  double decay_;
  RequestSlot chunked_ = kNoSlot;
};

std::vector<OptionSpec> Schema() {
  std::vector<OptionSpec> schema = EngineLimitsSchema(
      {.seqs_default = "2048",
       .seqs_help = "SGLang --max-running-requests.",
       .tokens_default = "8192",
       .tokens_help = "SGLang --chunked-prefill-size: the most prefill tokens of one step.",
       .chunked_default = "true",
       .chunked_help = "Cut long prompts into chunks (SGLang --chunked-prefill-size -1 turns it "
                       "off)."});
  const std::vector<OptionSpec> own = {
      {.name = "max_prefill_tokens",
       .type = OptionType::kInt,
       .unit = "tokens",
       .default_value = "16384",
       .help = "SGLang --max-prefill-tokens: prompt tokens admitted per prefill step",
       .min = 1.0},
      {.name = "schedule_conservativeness",
       .type = OptionType::kDouble,
       .default_value = "1",
       .help = "SGLang --schedule-conservativeness: scales the initial new_token_ratio (0.7)",
       .min = 0.0,
       .min_exclusive = true},
  };
  schema.insert(schema.end(), own.begin(), own.end());
  return schema;
}

using SglangTableOptions = LimitsAndOptions<SglangSchedulerOptions>;

SglangTableOptions ReadTable(OptionReader& reader) {
  SglangTableOptions t;
  t.limits = ReadEngineLimitOverrides(reader);
  t.own.max_prefill_tokens = static_cast<int32_t>(reader.Int("max_prefill_tokens"));
  t.own.init_new_token_ratio = std::min(1.0, 0.7 * reader.Double("schedule_conservativeness"));
  return t;
}

std::unique_ptr<BatchScheduler> Build(const SglangTableOptions& table, OptionReporter& reporter,
                                      const EngineSpec& engine) {
  const std::optional<EngineLimits> limits = ResolveEngineLimits(table.limits, engine, reporter);
  if (!limits) return nullptr;
  SglangSchedulerOptions o = table.own;
  o.max_running_requests = limits->max_num_seqs;
  o.chunked_prefill_size = limits->max_num_batched_tokens;
  o.enable_chunked_prefill = limits->enable_chunked_prefill;
  return MakeSglangScheduler(o);
}

}  // namespace

std::unique_ptr<BatchScheduler> MakeSglangScheduler(const SglangSchedulerOptions& options) {
  GPUPLAN_CHECK(options.max_running_requests >= 1 && options.chunked_prefill_size >= 1 &&
                    options.max_prefill_tokens >= 1 && options.new_token_ratio_decay_steps >= 1,
                "sglang scheduler options out of range");
  return std::make_unique<SglangScheduler>(options);
}

void RegisterSglangScheduler(SchedulerRegistry& registry) {
  registry.Add("sglang",
               "SGLang: prefill and decode steps apart, admission against the free KV minus "
               "new_token_ratio x remaining outputs, retraction on KV shortage",
               Schema(), ReadTable, Build);
}

}  // namespace gpuplan
