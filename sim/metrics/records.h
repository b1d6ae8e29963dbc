// What the simulation reports to metrics/: one RequestRecord per finished request, one
// StepRecord per engine iteration, one Snapshot per time-series interval. Plain values, so the
// engine and cluster need nothing else from metrics/.
#pragma once

#include <cstdint>

#include "sim/core/sim_time.h"

namespace gpuplan {

struct RequestRecord {
  uint64_t id = 0;
  SimTime arrival = 0;
  int32_t prompt_tokens = 0;
  int32_t output_tokens = 0;
  int32_t replica = -1;
  SimTime first_scheduled = 0;  // first time any of its prefill ran
  SimTime first_token = 0;      // end of the step that produced output token 1
  SimTime done = 0;             // end of the step that produced the last output token
  int32_t preemptions = 0;
  int32_t client = -1;  // closed-loop client, -1 for open-loop workloads

  SimTime QueueDelay() const { return first_scheduled - arrival; }
  SimTime Ttft() const { return first_token - arrival; }
  SimTime E2e() const { return done - arrival; }
  // Mean time per output token after the first; 0 for single-token outputs.
  double TpotSeconds() const {
    return output_tokens > 1 ? ToSeconds(done - first_token) / (output_tokens - 1) : 0.0;
  }
};

struct StepRecord {
  int32_t replica = 0;
  SimTime start = 0;
  SimTime end = 0;
  int32_t num_prefill_seqs = 0;
  int64_t num_prefill_tokens = 0;
  int32_t num_decodes = 0;
  int32_t num_preempted = 0;      // requests preempted while forming this step
  int32_t num_output_tokens = 0;  // tokens sampled by this step (first tokens included)
};

// Cluster state at a time-series boundary, summed over replicas.
struct Snapshot {
  SimTime time = 0;
  int64_t waiting = 0;  // requests queued (arrived, not running)
  int64_t running = 0;  // requests holding KV (in the running set)
  int64_t kv_blocks_used = 0;
  int64_t kv_blocks_total = 0;
};

}  // namespace gpuplan
