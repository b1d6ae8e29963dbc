// Simulator: the only event loop, and the only place simulated time advances.
// It knows nothing of LLMs: the payload type and the handler come from the caller.
#pragma once

#include "sim/core/error.h"
#include "sim/core/event_queue.h"

namespace gpuplan {

template <class Payload>
class Simulator {
 public:
  SimTime now() const { return now_; }
  uint64_t events_handled() const { return events_handled_; }

  // Schedules an event at `time` (never in the past).
  void Schedule(SimTime time, EventPhase phase, Payload payload) {
    GPUPLAN_CHECK(time >= now_, "event scheduled in the past: {} < now {}", time, now_);
    queue_.Push(time, phase, std::move(payload));
  }
  void ScheduleNow(EventPhase phase, Payload payload) { Schedule(now_, phase, std::move(payload)); }
  bool idle() const { return queue_.empty(); }

  // Runs events in (time, phase, seq) order until the queue is empty or the next event lies
  // after `until`. handle(const Event<Payload>&) may schedule more events.
  template <class Handler>
  void Run(Handler&& handle, SimTime until = kSimTimeMax) {
    while (!queue_.empty() && queue_.Top().time <= until) {
      Event<Payload> event = queue_.Pop();
      GPUPLAN_CHECK(event.time >= now_, "time went backwards: {} < {}", event.time, now_);
      now_ = event.time;
      ++events_handled_;
      handle(event);
    }
  }

 private:
  EventQueue<Payload> queue_;
  SimTime now_ = 0;
  uint64_t events_handled_ = 0;
};

}  // namespace gpuplan
