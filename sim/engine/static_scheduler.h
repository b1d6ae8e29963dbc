// `static`: the static-batching baseline (request-level batching, as before continuous
// batching): when the replica is empty, admit up to max_num_seqs waiting requests, reserving KV
// for prompt + output tokens up front, prefill them all in one step, then decode until every
// one has finished; nothing is admitted in between. Finished requests leave the batch and free
// their KV at once (no padding cost is modelled). Never preempts.
#pragma once

#include <cstdint>
#include <memory>

#include "sim/engine/batch_scheduler.h"

namespace gpuplan {

struct StaticSchedulerOptions {
  int32_t max_num_seqs = 256;  // batch size
};

std::unique_ptr<BatchScheduler> MakeStaticScheduler(const StaticSchedulerOptions& options);

void RegisterStaticScheduler(SchedulerRegistry& registry);

}  // namespace gpuplan
