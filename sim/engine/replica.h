// Replica: one model instance (TP x PP GPUs) running one engine. It owns its waiting queue,
// running list, KV cache, batch scheduler and latency model, and advances in engine
// iterations: FormStep() picks the next batch and predicts its duration; ApplyStep() applies it
// when it ends (tokens computed, tokens produced, requests finished). The cluster drives it.
//
// Per-step work is O(batch) and allocation-free in steady state: request slots, block tables,
// the plan and the batch shape are all reused.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/engine/batch_scheduler.h"
#include "sim/latency/latency_model.h"
#include "sim/metrics/sink.h"

namespace gpuplan {

struct ReplicaConfig {
  int32_t index = 0;  // replica number in the cluster (reported in records)
  KvCacheConfig kv;   // num_blocks comes from the memory model
  // The engine schedules one step ahead (EngineSpec::async_scheduling: vLLM's batch queue of two,
  // TensorRT-LLM's overlap scheduler, SGLang's overlap event loop): step n+1 is formed when step
  // n starts, so a request arriving while step n runs first joins step n+2. See FormStep.
  bool schedules_ahead = false;
};

// A request that left a replica by completion (the cluster calls RequestSource::OnComplete).
struct FinishedRequest {
  uint64_t id = 0;
  int32_t client = -1;
};

// A request the replica gave up on after admission (safety net; see FormStep).
struct DroppedRequest {
  uint64_t id = 0;
  int32_t client = -1;
  Rejection rejection;
};

class Replica {
 public:
  Replica(const ReplicaConfig& config, std::unique_ptr<BatchScheduler> scheduler,
          std::shared_ptr<const LatencyModel> latency);

  // Queues a request (now >= its arrival). A request this replica can never serve (see
  // BatchScheduler::CheckServable) is not queued: its Rejection is returned.
  std::optional<Rejection> Enqueue(const RoutedRequest& spec, SimTime now);

  // Forms the next iteration at `now` (requires !busy()). Returns false when there is nothing
  // to run; else sets *step_end = now + predicted duration (>= 1 ns) and the replica is busy
  // until ApplyStep. If the scheduler cannot run the head of the queue on an idle replica, that
  // request is dropped (kUnschedulable; see dropped()) rather than left to stall forever.
  // A replica that schedules ahead and forms this step the instant the previous one ended
  // shows the scheduler only the requests that arrived by the previous step's start (the
  // engine formed this step then); when those give nothing to run, the engine waited for the
  // step in flight and schedules with everything that has arrived.
  bool FormStep(SimTime now, SimTime* step_end);

  // Applies the step in flight, which ended at `end`: each item's tokens are computed; a request
  // whose computed tokens reach its sequence length produces a token (token 1 sets first_token,
  // later ones report an inter-token latency); a request reaching output_tokens finishes: its KV
  // is freed, its record emitted and its slot released.
  void ApplyStep(SimTime end, MetricsSink& sink);

  // A replica slot the cluster autoscaler starts again after releasing it starts cold: its KV
  // cache forgets the prefix-cached blocks of its earlier life. Only while it holds no request.
  void StartCold();

  int32_t index() const { return index_; }
  bool busy() const { return busy_; }
  bool has_work() const {
    return !state_.waiting.empty() || !state_.running.empty() || !unseen_.empty();
  }
  // Requests queued and not running, including those the scheduler has not seen yet.
  int64_t num_waiting() const {
    return static_cast<int64_t>(state_.waiting.size() + unseen_.size());
  }
  int64_t num_running() const { return static_cast<int64_t>(state_.running.size()); }
  int64_t num_outstanding() const { return num_waiting() + num_running(); }
  const KvCache& kv() const { return state_.kv; }
  const ReplicaState& state() const { return state_; }
  const BatchScheduler& scheduler() const { return *scheduler_; }

  // The step in flight (valid between FormStep and ApplyStep; reused afterwards).
  const StepPlan& plan() const { return plan_; }
  const BatchShape& batch_shape() const { return shape_; }
  const StepTime& step_time() const { return step_time_; }
  // Requests finished by the latest ApplyStep; requests dropped by the latest FormStep.
  const std::vector<FinishedRequest>& finished() const { return finished_; }
  const std::vector<DroppedRequest>& dropped() const { return dropped_; }

  SimTime busy_time() const { return busy_time_; }
  int64_t num_steps() const { return num_steps_; }
  int64_t num_preemptions() const { return num_preemptions_; }
  int64_t num_finished() const { return num_finished_; }

 private:
  void DropHeadOfQueue();
  void BuildShape(SimTime now);
  // Moves the unseen requests that arrived at or before `cutoff` to the waiting queue.
  void Reveal(SimTime cutoff);

  int32_t index_;
  std::unique_ptr<BatchScheduler> scheduler_;
  std::shared_ptr<const LatencyModel> latency_;
  ReplicaState state_;

  bool schedules_ahead_ = false;
  detail::IndexDeque unseen_;  // arrived, not yet visible to the scheduler (arrival order)
  bool busy_ = false;
  bool stepped_ = false;  // a step has run (step_start_ and step_end_ are set)
  SimTime step_start_ = 0;
  SimTime step_end_ = 0;
  StepPlan plan_;
  BatchShape shape_;
  StepTime step_time_;
  std::vector<FinishedRequest> finished_;
  std::vector<DroppedRequest> dropped_;
  std::vector<RequestSlot> done_slots_;
  std::vector<InterTokenLatency> itls_;  // the step in flight's tokens, reported in one call

  SimTime busy_time_ = 0;
  int64_t num_steps_ = 0;
  int64_t num_preemptions_ = 0;
  int64_t num_finished_ = 0;
};

}  // namespace gpuplan
