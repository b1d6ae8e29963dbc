// ArrivalFeed: where the cluster loop gets requests from. A minimal interface of our own so the
// cluster does not depend on the workload code; the composition root adapts a workload source.
//
// The loop is lazy: it asks Next() for one arrival, schedules it, and asks for the next only
// when that one has arrived, so memory stays O(requests in flight). Next() must return
// arrivals in non-decreasing time order. Closed-loop workloads return a client's follow-up
// request from OnComplete() (called when the client's request finished or was dropped).
#pragma once

#include <cstdint>

#include "sim/core/sim_time.h"

namespace gpuplan {

struct ArrivingRequest {
  SimTime arrival;
  int32_t prompt_tokens;
  int32_t output_tokens;
  int32_t client = -1;  // closed-loop client, -1 for open loop
};

class ArrivalFeed {
 public:
  virtual ~ArrivalFeed() = default;
  // The next open-loop (or initial closed-loop) arrival; false when exhausted.
  virtual bool Next(ArrivingRequest* out) = 0;
  // `client`'s request left the system at `now` (finished or dropped). Returns true and fills
  // *out (out->arrival >= now) when the client sends another request.
  virtual bool OnComplete(int32_t client, SimTime now, ArrivingRequest* out) {
    (void)client;
    (void)now;
    (void)out;
    return false;
  }
};

}  // namespace gpuplan
