// RequestSpec and RequestSource: the one way requests enter a simulation. A Workload opens a
// RequestSource per run (workload.h), an ArrivalProcess opens one that only knows when requests
// arrive (arrival.h), and ClusterSimulation pulls from one. Kept in a header of its own so the
// cluster loop sees the pull contract and nothing else of the workload code (ADR 0014).
#pragma once

#include <cstdint>

#include "sim/core/sim_time.h"

namespace gpuplan {

// One request entering the cluster, before the simulator gives it an id (RoutedRequest).
struct RequestSpec {
  SimTime arrival = 0;
  // >= 1 each when the request reaches the cluster. An arrival process's source leaves both 0:
  // lengths are the workload's to draw (SyntheticWorkload), from streams of their own.
  int32_t prompt_tokens = 0;
  int32_t output_tokens = 0;
  int32_t client = -1;  // closed-loop client index; -1 for open-loop requests
};

// A lazy stream of requests, pulled one at a time so that a run's memory stays O(requests in
// flight).
//
// Open-loop arrivals come from Next() in non-decreasing arrival order; the cluster asks for the
// next one only when the previous one has arrived. Closed-loop workloads also produce requests
// in reaction to completions: the cluster calls OnComplete() when a request with client >= 0
// left the system (finished or dropped), and schedules what it returns (arrival >= now).
// Next() returning false only ends the open-loop part; OnComplete() may still produce requests.
// Going back in time is a bug in the source, caught by the cluster (InternalError).
class RequestSource {
 public:
  virtual ~RequestSource() = default;
  // Writes the next open-loop (or initial closed-loop) request to *out; false when there are no
  // more.
  virtual bool Next(RequestSpec* out) = 0;
  // Closed loop: `client`'s request left the system at `now`. Writes that client's next request
  // to *out and returns true, or returns false when the client stops (or the source is open
  // loop).
  virtual bool OnComplete(int32_t client, SimTime now, RequestSpec* out) {
    (void)client;
    (void)now;
    (void)out;
    return false;
  }
};

}  // namespace gpuplan
