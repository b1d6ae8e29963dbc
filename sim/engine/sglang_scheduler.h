// `sglang`: SGLang's scheduler as launch_server runs it by default. A step is either a prefill
// (extend) batch or a decode batch, never both (enable_mixed_chunk is off): new requests are
// admitted against the free KV minus an estimate of what the running requests will still
// generate (their remaining output x new_token_ratio, a ratio that starts at 0.7 and decays to
// 0.098 over 600 decode steps), and when a decode step finds the KV short, requests are
// retracted (the one with the fewest generated tokens first) until 20 decode steps of room are
// left. See sglang_scheduler.cc for each rule and the source it models.
#pragma once

#include <cstdint>
#include <memory>

#include "sim/engine/batch_scheduler.h"

namespace gpuplan {

struct SglangSchedulerOptions {
  int32_t max_running_requests = 2048;  // --max-running-requests (gpuplan's max_num_seqs)
  int32_t chunked_prefill_size = 8192;  // --chunked-prefill-size (max_num_batched_tokens)
  int32_t max_prefill_tokens = 16384;   // --max-prefill-tokens
  bool enable_chunked_prefill = true;   // chunked_prefill_size -1 turns chunking off
  double init_new_token_ratio = 0.7;    // SGLANG_INIT_NEW_TOKEN_RATIO x schedule_conservativeness
  double min_new_token_ratio_factor = 0.14;   // SGLANG_MIN_NEW_TOKEN_RATIO_FACTOR
  int32_t new_token_ratio_decay_steps = 600;  // SGLANG_NEW_TOKEN_RATIO_DECAY_STEPS
  int32_t retract_decode_steps = 20;          // SGLANG_RETRACT_DECODE_STEPS
  int32_t clip_max_new_tokens = 4096;         // CLIP_MAX_NEW_TOKENS_ESTIMATION
};

std::unique_ptr<BatchScheduler> MakeSglangScheduler(const SglangSchedulerOptions& options);

void RegisterSglangScheduler(SchedulerRegistry& registry);

}  // namespace gpuplan
