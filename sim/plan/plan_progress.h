// Progress of a plan, counted in simulated requests (a probe's cost is close to proportional to
// its request count, so an isolated probe of 200 requests counts for a tenth of a peak probe of
// 2,000). The total is an estimate: before each step the planner states an upper bound of what is
// left (every replica search running its longest, every robustness check simulated), so the
// total only shrinks as the searches converge, and the bar never runs past 100%.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "sim/config/plan_spec.h"
#include "sim/plan/probe.h"

namespace gpuplan {

// Receives (requests simulated so far, estimated total). Called from worker threads.
using PlanProgressCallback = std::function<void(int64_t done, int64_t total)>;

class PlanProgress {
 public:
  explicit PlanProgress(PlanProgressCallback report) : report_(std::move(report)) {}

  // One simulation finished (thread-safe).
  void Simulated(int64_t requests);
  // At most `remaining` more requests will be simulated from now on.
  void ExpectAtMost(int64_t remaining);
  // Nothing is left: done and total become equal.
  void Finish() { ExpectAtMost(0); }
  // The callback a ProbeRunner calls after each simulation (empty when nobody listens).
  SimulatedRequestsCallback Callback();

 private:
  void ReportLocked() const;

  PlanProgressCallback report_;
  std::mutex mutex_;
  int64_t done_ = 0;
  int64_t total_ = 0;
};

// The most probes the replica search (search.h) runs between min and max replicas from `start`
// (default: min), whatever the answer: found by running the search against every possible answer
// with a stand-in runner (microseconds; nothing is simulated), so it is exact, not a formula that
// could drift from the search.
int SearchProbesAtMost(int min_replicas, int max_replicas, std::optional<int> start = {});

// Upper bounds of the requests each step of a plan simulates, with `settings` per probe.
int64_t IsolatedRequestsAtMost(int candidates, const ProbeSettings& settings);
int64_t SearchRequestsAtMost(int candidates, const PlanSpec& plan, const ProbeSettings& settings);
// Sensitivity searches (from the recommended count once it is known) and the N+1 probe. The day
// with the autoscaler is not counted: its continuous replays do not go through the probe runner.
int64_t RobustnessRequestsAtMost(const PlanSpec& plan, const ProbeSettings& settings,
                                 std::optional<int> recommended_replicas = {});

}  // namespace gpuplan
