// Request: the runtime state of one inference request inside a replica, and RequestPool, the
// fixed-slot storage that keeps engine memory O(requests in flight).
//
// Token accounting follows vLLM V1: `num_computed` tokens have their KV in the cache; the
// sequence holds num_tokens() = prompt + generated tokens; a step computes up to
// num_tokens() - num_computed of them, and a request whose computed count reaches num_tokens()
// samples one new token in that step. A decode is therefore "compute the 1 token sampled last
// step"; a recompute after preemption re-prefills prompt + generated tokens.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/metrics/records.h"

namespace gpuplan {

// What a replica is given for a new request.
struct RoutedRequest {
  uint64_t id = 0;
  SimTime arrival = 0;
  int32_t prompt_tokens = 0;
  int32_t output_tokens = 0;
  int32_t client = -1;  // closed-loop client, -1 for open loop
};

// Index of a request in its replica's RequestPool. Stable while the request is in flight.
using RequestSlot = int32_t;
constexpr RequestSlot kNoSlot = -1;

// KV block ids owned by one request, in token order (block i holds tokens [i*B, (i+1)*B)).
using BlockTable = std::vector<int32_t>;

struct Request {
  // Identity and timestamps; the finished record is emitted as is.
  RequestRecord record;
  int32_t num_computed = 0;   // tokens whose KV is in the cache
  int32_t num_generated = 0;  // output tokens produced so far (kept across preemptions)
  SimTime last_token = 0;     // time the latest output token was produced
  bool scheduled = false;     // has run at least once (record.first_scheduled is valid)
  bool live = false;          // the pool slot is in use
  BlockTable blocks;
  // The table it held when last preempted, whose leading blocks may still be cached (prefix
  // caching); empty otherwise.
  BlockTable preempted_blocks;

  int32_t num_tokens() const { return record.prompt_tokens + num_generated; }
  int32_t tokens_to_compute() const { return num_tokens() - num_computed; }
  bool finished() const { return num_generated >= record.output_tokens; }
};

// Slots with a free list. Released slots are reused most-recently-released first; a slot keeps
// its block table's capacity, so steady-state admission allocates nothing.
class RequestPool {
 public:
  RequestSlot Acquire(const RoutedRequest& spec, int32_t replica);
  void Release(RequestSlot slot);

  Request& operator[](RequestSlot slot) { return slots_[static_cast<size_t>(slot)]; }
  const Request& operator[](RequestSlot slot) const { return slots_[static_cast<size_t>(slot)]; }
  int64_t in_use() const { return in_use_; }
  size_t capacity() const { return slots_.size(); }

 private:
  std::vector<Request> slots_;
  std::vector<RequestSlot> free_;
  int64_t in_use_ = 0;
};

}  // namespace gpuplan
