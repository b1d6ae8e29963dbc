// Timing device work with CUDA events: warm-up launches, a short estimate, then a number of timed
// launches chosen from a TimingBudget. Each timed launch is bracketed by its own pair of events,
// and a spin kernel queued ahead of every batch keeps the GPU busy while the host enqueues, so the
// events measure device time (back to back, as in a serving engine), not host launch gaps.
#pragma once

#include <cuda_runtime.h>

#include <functional>
#include <memory>
#include <vector>

#include "calibrate/harness/planning.h"
#include "calibrate/harness/stats.h"

namespace gpuplan::calibrate {

class Timer {
 public:
  explicit Timer(cudaStream_t stream);
  ~Timer();
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  // `launch(i)` enqueues one instance of the work on the stream (i counts every call, warm-up
  // included, so callers can rotate inputs with i % sets). It must not synchronise.
  Stats Time(const std::function<void(int)>& launch, const TimingBudget& budget);

  // Times exactly `count` launches (no warm-up); microseconds per launch.
  std::vector<double> TimeBatch(const std::function<void(int)>& launch, int count);

 private:
  static constexpr int kChunk = 32;
  cudaStream_t stream_;
  std::vector<cudaEvent_t> starts_;
  std::vector<cudaEvent_t> stops_;
  int iteration_ = 0;
};

}  // namespace gpuplan::calibrate
