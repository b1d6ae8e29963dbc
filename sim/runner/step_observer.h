// StepObserver: sees each engine step's batch as the replica formed it. Used to dump the
// simulated schedule (gpuplan simulate --dump-batches) for replay on a real GPU.
#pragma once

#include "sim/core/sim_time.h"
#include "sim/latency/latency_model.h"

namespace gpuplan {

class Replica;

class StepObserver {
 public:
  virtual ~StepObserver() = default;
  // Called after `replica` formed a step [start, end) whose predicted time is `step`.
  virtual void OnStepFormed(const Replica& replica, SimTime start, SimTime end,
                            const StepTime& step) = 0;
};

}  // namespace gpuplan
