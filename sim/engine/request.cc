#include "sim/engine/request.h"

#include "sim/core/error.h"

namespace gpuplan {

RequestSlot RequestPool::Acquire(const RoutedRequest& spec, int32_t replica) {
  RequestSlot slot;
  if (free_.empty()) {
    slot = static_cast<RequestSlot>(slots_.size());
    slots_.emplace_back();
  } else {
    slot = free_.back();
    free_.pop_back();
  }
  Request& r = slots_[static_cast<size_t>(slot)];
  GPUPLAN_CHECK(r.blocks.empty(), "request slot {} reused while holding KV blocks", slot);
  r.record = RequestRecord{};
  r.record.id = spec.id;
  r.record.arrival = spec.arrival;
  r.record.prompt_tokens = spec.prompt_tokens;
  r.record.output_tokens = spec.output_tokens;
  r.record.client = spec.client;
  r.record.replica = replica;
  r.preempted_blocks.clear();
  r.num_computed = 0;
  r.num_generated = 0;
  r.last_token = 0;
  r.scheduled = false;
  r.live = true;
  ++in_use_;
  return slot;
}

void RequestPool::Release(RequestSlot slot) {
  GPUPLAN_CHECK(slot >= 0 && static_cast<size_t>(slot) < slots_.size(), "bad slot {}", slot);
  Request& r = slots_[static_cast<size_t>(slot)];
  GPUPLAN_CHECK(r.live, "request slot {} released twice", slot);
  GPUPLAN_CHECK(r.blocks.empty(), "request slot {} released while holding KV blocks", slot);
  r.live = false;
  free_.push_back(slot);
  --in_use_;
}

}  // namespace gpuplan
