#include "calibrate/harness/timer.h"

#include <algorithm>

#include "calibrate/harness/cuda_check.h"
#include "calibrate/kernels/util.h"

namespace gpuplan::calibrate {
namespace {

// Host time to enqueue one timed launch (two event records and the work), generously: the spin
// kernel runs this long per launch of a batch so the device never waits for the host.
constexpr uint64_t kSpinPerLaunchNs = 20'000;

}  // namespace

Timer::Timer(cudaStream_t stream) : stream_(stream), starts_(kChunk), stops_(kChunk) {
  for (int i = 0; i < kChunk; ++i) {
    GPUPLAN_CUDA_CHECK(cudaEventCreate(&starts_[i]));
    GPUPLAN_CUDA_CHECK(cudaEventCreate(&stops_[i]));
  }
}

Timer::~Timer() {
  for (int i = 0; i < kChunk; ++i) {
    cudaEventDestroy(starts_[i]);
    cudaEventDestroy(stops_[i]);
  }
}

std::vector<double> Timer::TimeBatch(const std::function<void(int)>& launch, int count) {
  std::vector<double> samples_us;
  samples_us.reserve(count);
  while (static_cast<int>(samples_us.size()) < count) {
    const int n = std::min(kChunk, count - static_cast<int>(samples_us.size()));
    LaunchSpin(kSpinPerLaunchNs * static_cast<uint64_t>(n + 1), stream_);
    for (int i = 0; i < n; ++i) {
      GPUPLAN_CUDA_CHECK(cudaEventRecord(starts_[i], stream_));
      launch(iteration_++);
      GPUPLAN_CUDA_CHECK(cudaEventRecord(stops_[i], stream_));
    }
    GPUPLAN_CUDA_CHECK(cudaEventSynchronize(stops_[n - 1]));
    GPUPLAN_CUDA_CHECK(cudaGetLastError());
    for (int i = 0; i < n; ++i) {
      float ms = 0;
      GPUPLAN_CUDA_CHECK(cudaEventElapsedTime(&ms, starts_[i], stops_[i]));
      samples_us.push_back(static_cast<double>(ms) * 1000.0);
    }
  }
  return samples_us;
}

Stats Timer::Time(const std::function<void(int)>& launch, const TimingBudget& budget) {
  for (int i = 0; i < budget.warmup; ++i) launch(iteration_++);
  GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(stream_));
  GPUPLAN_CUDA_CHECK(cudaGetLastError());
  const Stats estimate = Summarize(TimeBatch(launch, 3));
  const int repeats = ChooseRepeats(estimate.median_us, budget);
  return Summarize(TimeBatch(launch, repeats));
}

}  // namespace gpuplan::calibrate
