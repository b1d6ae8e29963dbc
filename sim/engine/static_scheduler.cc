#include "sim/engine/static_scheduler.h"

#include "sim/core/error.h"

namespace gpuplan {
namespace {

class StaticScheduler final : public BatchScheduler {
 public:
  explicit StaticScheduler(const StaticSchedulerOptions& options) : options_(options) {}

  std::string_view name() const override { return "static"; }

  std::optional<Rejection> CheckServable(const RoutedRequest& spec,
                                         const KvCache& kv) const override {
    const int64_t tokens = Reserved(spec.prompt_tokens, spec.output_tokens);
    const int32_t need = kv.BlocksForTokens(tokens);
    if (need > kv.num_blocks()) {
      return Rejection{DropReason::kExceedsKvCapacity,
                       fmt::format("static batching reserves {} KV blocks for {} tokens but the "
                                   "cache has {} blocks",
                                   need, tokens, kv.num_blocks())};
    }
    return std::nullopt;
  }

  void Schedule(ReplicaState& state, StepPlan* plan) override {
    if (state.running.empty()) Admit(state);
    for (const RequestSlot slot : state.running) {
      Request& r = state.pool[slot];
      const int32_t n = r.tokens_to_compute();
      // The reservation already covers every token, so growth never fails.
      GPUPLAN_CHECK(state.kv.Grow(&r.blocks, int64_t{r.num_computed} + n),
                    "static batch outgrew its KV reservation");
      plan->items.push_back({slot, n});
    }
  }

 private:
  static int64_t Reserved(int32_t prompt, int32_t output) { return int64_t{prompt} + output; }

  // Forms a new batch: FCFS while the whole reservation fits (no watermark: nothing grows
  // beyond its reservation, so no headroom is needed).
  void Admit(ReplicaState& state) const {
    while (!state.waiting.empty() &&
           static_cast<int64_t>(state.running.size()) < options_.max_num_seqs) {
      const RequestSlot slot = state.waiting.front();
      Request& r = state.pool[slot];
      const int32_t need =
          state.kv.BlocksToGrow(r.blocks, Reserved(r.record.prompt_tokens, r.record.output_tokens));
      if (!state.kv.HasFree(need)) break;
      state.kv.Allocate(&r.blocks, need);
      state.waiting.pop_front();
      state.running.push_back(slot);
    }
  }

  StaticSchedulerOptions options_;
};

// max_num_seqs as written; nullopt: the engine preset's.
struct StaticTableOptions {
  std::optional<int32_t> max_num_seqs;
};

StaticTableOptions ReadTable(OptionReader& reader) {
  StaticTableOptions o;
  if (reader.Given("max_num_seqs")) {
    o.max_num_seqs = static_cast<int32_t>(reader.Int("max_num_seqs"));
  }
  return o;
}

std::unique_ptr<BatchScheduler> Build(const StaticTableOptions& table, OptionReporter& reporter,
                                      const EngineSpec& engine) {
  StaticSchedulerOptions o;
  o.max_num_seqs = table.max_num_seqs.value_or(engine.max_num_seqs);
  if (o.max_num_seqs < 1) {
    reporter.Fail("max_num_seqs",
                  fmt::format("engine preset value {} must be >= 1", engine.max_num_seqs));
    return nullptr;
  }
  return MakeStaticScheduler(o);
}

}  // namespace

std::unique_ptr<BatchScheduler> MakeStaticScheduler(const StaticSchedulerOptions& options) {
  if (options.max_num_seqs < 1) {
    throw ConfigError(fmt::format("max_num_seqs must be >= 1, got {}", options.max_num_seqs));
  }
  return std::make_unique<StaticScheduler>(options);
}

void RegisterStaticScheduler(SchedulerRegistry& registry) {
  registry.Add("static", "Static batching baseline: fill a batch when empty, run it to completion",
               {{.name = "max_num_seqs",
                 .type = OptionType::kInt,
                 .unit = "requests",
                 .default_value = "256",
                 .help = "Batch size. Default: the engine preset's value.",
                 .min = 1.0}},
               ReadTable, Build);
}

}  // namespace gpuplan
