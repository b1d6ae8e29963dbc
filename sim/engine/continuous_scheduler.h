// `continuous`: iteration-level (continuous) batching with a per-step token budget, modelled on
// vLLM V1's Scheduler.schedule(). See continuous_scheduler.cc for the rules, each with the vLLM
// behaviour it models.
#pragma once

#include <cstdint>
#include <memory>

#include "sim/engine/batch_scheduler.h"

namespace gpuplan {

struct ContinuousSchedulerOptions {
  int32_t max_num_seqs = 256;             // vLLM `max_num_seqs`: running requests at most
  int32_t max_num_batched_tokens = 8192;  // vLLM `max_num_batched_tokens`: tokens per step
  bool enable_chunked_prefill = true;     // vLLM `enable_chunked_prefill`
};

std::unique_ptr<BatchScheduler> MakeContinuousScheduler(const ContinuousSchedulerOptions& options);

// Registry entry (name "continuous", options, factory over the engine preset).
void RegisterContinuousScheduler(SchedulerRegistry& registry);

}  // namespace gpuplan
