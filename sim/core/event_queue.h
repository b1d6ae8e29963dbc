// EventQueue: a binary min-heap of events ordered by (time, phase, seq).
//
// The same-instant order is written down once, in EventPhase, and it is the order that runs:
// at one instant, arrivals are handled first, then step completions (which free KV blocks), then
// routing, then scheduling (which so sees every arrival and every freed block of that instant),
// then periodic sampling. Within a phase, events run in the order they were scheduled (seq).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/error.h"
#include "sim/core/sim_time.h"

namespace gpuplan {

enum class EventPhase : uint8_t {
  kArrival = 0,
  kCompletion = 1,
  kRouting = 2,
  kScheduling = 3,
  kSampling = 4,
};

template <class Payload>
struct Event {
  SimTime time;
  EventPhase phase;
  uint64_t seq;
  Payload payload;
};

template <class Payload>
class EventQueue {
 public:
  void Push(SimTime time, EventPhase phase, Payload payload) {
    heap_.push_back(Event<Payload>{time, phase, next_seq_++, std::move(payload)});
    SiftUp(heap_.size() - 1);
  }

  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  const Event<Payload>& Top() const { return heap_.front(); }

  Event<Payload> Pop() {
    GPUPLAN_CHECK(!heap_.empty(), "Pop on an empty event queue");
    Event<Payload> top = std::move(heap_.front());
    heap_.front() = std::move(heap_.back());
    heap_.pop_back();
    if (!heap_.empty()) SiftDown(0);
    return top;
  }

 private:
  static bool Before(const Event<Payload>& a, const Event<Payload>& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.phase != b.phase) return a.phase < b.phase;
    return a.seq < b.seq;
  }

  void SiftUp(size_t i) {
    while (i > 0) {
      const size_t parent = (i - 1) / 2;
      if (!Before(heap_[i], heap_[parent])) break;
      std::swap(heap_[i], heap_[parent]);
      i = parent;
    }
  }

  void SiftDown(size_t i) {
    const size_t n = heap_.size();
    while (true) {
      const size_t left = 2 * i + 1;
      if (left >= n) break;
      size_t best = left;
      if (left + 1 < n && Before(heap_[left + 1], heap_[left])) best = left + 1;
      if (!Before(heap_[best], heap_[i])) break;
      std::swap(heap_[i], heap_[best]);
      i = best;
    }
  }

  std::vector<Event<Payload>> heap_;
  uint64_t next_seq_ = 0;
};

}  // namespace gpuplan
