// `trtllm`: TensorRT-LLM's in-flight batching, as its batch manager runs it every iteration: the
// capacity scheduler decides which requests may run (GUARANTEED_NO_EVICT by default: a request
// starts only when KV for its prompt and its whole output can be guaranteed, and a started
// request is never evicted; MAX_UTILIZATION: one step's blocks at a time, pausing the latest
// started request when they run out), then the micro-batch scheduler fills the iteration's token
// budget in request order. See trtllm_scheduler.cc for each rule and the source it models.
#pragma once

#include <cstdint>
#include <memory>

#include "sim/engine/batch_scheduler.h"

namespace gpuplan {

enum class CapacityPolicy { kGuaranteedNoEvict, kMaxUtilization };

struct TrtllmSchedulerOptions {
  int32_t max_batch_size = 2048;  // TRT-LLM max_batch_size (gpuplan's max_num_seqs)
  int32_t max_num_tokens = 8192;  // TRT-LLM max_num_tokens (max_num_batched_tokens)
  bool enable_chunked_prefill = false;
  CapacityPolicy capacity_scheduler_policy = CapacityPolicy::kGuaranteedNoEvict;
  // Batch waiting (llm_args.py batch_wait_timeout_iters / batch_wait_max_tokens_ratio, both off
  // by default): while requests are generating, scheduled context work is held back until the
  // iteration's tokens reach ratio x max_num_tokens or it has been held timeout_iters times.
  int32_t batch_wait_timeout_iters = 0;
  double batch_wait_max_tokens_ratio = 0;
};

std::unique_ptr<BatchScheduler> MakeTrtllmScheduler(const TrtllmSchedulerOptions& options);

void RegisterTrtllmScheduler(SchedulerRegistry& registry);

}  // namespace gpuplan
