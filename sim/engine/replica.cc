#include "sim/engine/replica.h"

#include <algorithm>
#include <cmath>

#include "sim/core/error.h"

namespace gpuplan {

Replica::Replica(const ReplicaConfig& config, std::unique_ptr<BatchScheduler> scheduler,
                 std::shared_ptr<const LatencyModel> latency)
    : index_(config.index),
      scheduler_(std::move(scheduler)),
      latency_(std::move(latency)),
      state_(config.kv),
      schedules_ahead_(config.schedules_ahead) {
  GPUPLAN_CHECK(scheduler_ != nullptr, "replica {} built without a scheduler", index_);
  GPUPLAN_CHECK(latency_ != nullptr, "replica {} built without a latency model", index_);
}

void Replica::StartCold() {
  GPUPLAN_CHECK(!has_work() && !busy_, "replica {} started cold while holding requests", index_);
  state_.kv.ForgetCachedContents();
}

std::optional<Rejection> Replica::Enqueue(const RoutedRequest& spec, SimTime now) {
  GPUPLAN_CHECK(now >= spec.arrival, "request {} queued at {} before its arrival {}", spec.id, now,
                spec.arrival);
  if (spec.prompt_tokens < 1 || spec.output_tokens < 1) {
    return Rejection{DropReason::kInvalidRequest,
                     fmt::format("prompt_tokens ({}) and output_tokens ({}) must be >= 1",
                                 spec.prompt_tokens, spec.output_tokens)};
  }
  if (auto rejection = scheduler_->CheckServable(spec, state_.kv)) return rejection;
  const RequestSlot slot = state_.pool.Acquire(spec, index_);
  if (schedules_ahead_) {
    unseen_.push_back(slot);
  } else {
    state_.waiting.push_back(slot);
  }
  return std::nullopt;
}

void Replica::Reveal(SimTime cutoff) {
  while (!unseen_.empty() && state_.pool[unseen_.front()].record.arrival <= cutoff) {
    state_.waiting.push_back(unseen_.pop_front());
  }
}

bool Replica::FormStep(SimTime now, SimTime* step_end) {
  GPUPLAN_CHECK(!busy_, "replica {} formed a step while one is in flight", index_);
  dropped_.clear();
  plan_.Clear();
  // Scheduling ahead, the step starting now was formed when the step that just ended started
  // (vllm/v1/engine/core.py step_with_batch_queue; TensorRT-LLM py_executor.py
  // _executor_loop_overlap; SGLang scheduler.py event_loop_overlap).
  const bool back_to_back = stepped_ && now == step_end_;
  Reveal(back_to_back ? step_start_ : now);
  scheduler_->Schedule(state_, &plan_);
  if (plan_.empty() && !unseen_.empty()) {
    Reveal(now);
    scheduler_->Schedule(state_, &plan_);
  }
  // Safety net: CheckServable should make this unreachable, but a request that cannot run on
  // an idle replica would otherwise stall the run forever.
  while (plan_.empty() && state_.running.empty() && !state_.waiting.empty()) {
    DropHeadOfQueue();
    plan_.Clear();
    scheduler_->Schedule(state_, &plan_);
  }
  if (plan_.empty()) {
    GPUPLAN_CHECK(state_.running.empty(), "replica {}: scheduler left {} running requests idle",
                  index_, state_.running.size());
    return false;
  }
  BuildShape(now);
  step_time_ = latency_->Predict(shape_);
  GPUPLAN_CHECK(std::isfinite(step_time_.total_s) && step_time_.total_s >= 0,
                "latency model '{}' predicted {} s", latency_->name(), step_time_.total_s);
  const SimTime duration = std::max<SimTime>(1, ToSimTime(step_time_.total_s));
  busy_ = true;
  stepped_ = true;
  step_start_ = now;
  step_end_ = now + duration;
  busy_time_ += duration;
  ++num_steps_;
  num_preemptions_ += plan_.num_preempted;
  *step_end = now + duration;
  return true;
}

void Replica::DropHeadOfQueue() {
  const RequestSlot slot = state_.waiting.pop_front();
  Request& r = state_.pool[slot];
  dropped_.push_back({r.record.id,
                      r.record.client,
                      {DropReason::kUnschedulable,
                       fmt::format("scheduler '{}' could not run request {} ({} + {} tokens) on "
                                   "an idle replica",
                                   scheduler_->name(), r.record.id, r.record.prompt_tokens,
                                   r.record.output_tokens)}});
  state_.kv.Free(&r.blocks);
  state_.pool.Release(slot);
}

void Replica::BuildShape(SimTime now) {
  shape_.Clear();
  // The decode totals (BatchShape::AddDecode's) are kept in locals and stored once: in shape_
  // they would be reloaded after every store to a request, which the compiler cannot prove
  // does not alias them.
  int32_t num_decodes = 0;
  int64_t decode_kv_sum = 0;
  int32_t decode_kv_max = 0;
  for (const StepItem& item : plan_.items) {
    Request& r = state_.pool[item.slot];
    GPUPLAN_CHECK(now >= r.record.arrival, "request {} runs at {} before its arrival {}",
                  r.record.id, now, r.record.arrival);
    GPUPLAN_CHECK(item.num_new_tokens >= 1 && item.num_new_tokens <= r.tokens_to_compute(),
                  "request {}: {} new tokens scheduled, {} to compute", r.record.id,
                  item.num_new_tokens, r.tokens_to_compute());
    GPUPLAN_CHECK(static_cast<int64_t>(r.blocks.size()) * state_.kv.block_size() >=
                      int64_t{r.num_computed} + item.num_new_tokens,
                  "request {} scheduled without KV blocks for its tokens", r.record.id);
    if (!r.scheduled) {
      r.scheduled = true;
      r.record.first_scheduled = now;
    }
    const int32_t kv_len = r.num_computed + item.num_new_tokens;
    // One new token of a request that has produced output is a decode (attending to its whole
    // context); everything else is a prefill chunk.
    if (item.num_new_tokens == 1 && r.num_generated > 0) {
      ++num_decodes;
      decode_kv_sum += kv_len;
      decode_kv_max = std::max(decode_kv_max, kv_len);
    } else {
      shape_.AddPrefill(item.num_new_tokens, kv_len);
    }
  }
  shape_.num_decodes = num_decodes;
  shape_.decode_kv_sum = decode_kv_sum;
  shape_.decode_kv_max = decode_kv_max;
}

void Replica::ApplyStep(SimTime end, MetricsSink& sink) {
  GPUPLAN_CHECK(busy_, "replica {}: ApplyStep without a step in flight", index_);
  GPUPLAN_CHECK(end > step_start_, "replica {}: step ends at {} <= start {}", index_, end,
                step_start_);
  busy_ = false;
  finished_.clear();
  done_slots_.clear();
  itls_.clear();
  // One pass advances every item and gathers the step's tokens; the sink then hears of the step,
  // its inter-token latencies (one call for the batch), and the requests it finished.
  int32_t output_tokens = 0;
  for (const StepItem& item : plan_.items) {
    Request& r = state_.pool[item.slot];
    r.num_computed += item.num_new_tokens;
    // vLLM: a request samples a token only in the step that computes its last missing token; a
    // partial prefill chunk produces nothing.
    if (r.num_computed < r.num_tokens()) continue;
    ++output_tokens;
    ++r.num_generated;
    if (r.num_generated == 1) {
      r.record.first_token = end;
    } else {
      itls_.push_back({&r.record, end - r.last_token});
    }
    r.last_token = end;
    if (r.finished()) done_slots_.push_back(item.slot);
  }
  sink.OnStep(StepRecord{.replica = index_,
                         .start = step_start_,
                         .end = end,
                         .num_prefill_seqs = static_cast<int32_t>(shape_.prefills.size()),
                         .num_prefill_tokens = shape_.NumPrefillTokens(),
                         .num_decodes = shape_.num_decodes,
                         .num_preempted = plan_.num_preempted,
                         .num_output_tokens = output_tokens});
  if (!itls_.empty()) sink.OnInterTokenLatencies(itls_);
  if (done_slots_.empty()) return;
  for (const RequestSlot slot : done_slots_) {
    Request& r = state_.pool[slot];
    r.record.done = end;
    state_.kv.Free(&r.blocks, r.record.id, r.num_computed);
    sink.OnRequestDone(r.record);
    finished_.push_back({r.record.id, r.record.client});
  }
  std::erase_if(state_.running, [this](RequestSlot slot) { return state_.pool[slot].finished(); });
  for (const RequestSlot slot : done_slots_) state_.pool.Release(slot);
  num_finished_ += static_cast<int64_t>(done_slots_.size());
}

}  // namespace gpuplan
