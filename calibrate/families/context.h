// What every measurement family shares during one run: the device, the stream, the timer, the
// cuBLASLt handle, the timing budget, the measured ceilings, a seed source for fresh random
// inputs, progress output and the record of correctness checks.
#pragma once

#include <cuda_runtime.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "calibrate/harness/cpu_reference.h"
#include "calibrate/harness/device_info.h"
#include "calibrate/harness/meta.h"
#include "calibrate/harness/planning.h"
#include "calibrate/harness/timer.h"
#include "calibrate/kernels/gemm_lt.h"

namespace gpuplan::calibrate {

struct Ceilings {
  double copy_gbps = 0;         // device-to-device copy, bytes read + written per second / 1e9
  double gemm_tflops_bf16 = 0;  // best cuBLASLt algorithm at 8192^3
  double gemm_tflops_fp8 = 0;   // 0 when the GPU has no fp8 tensor cores
};

// Worst check result of one family, for meta.txt.
struct CheckSummary {
  int checks = 0;
  double max_relative_error = 0;
};

class Context {
 public:
  Context(const DeviceInfo& device, cudaStream_t stream, uint64_t seed, bool quick);

  const DeviceInfo& device() const { return device_; }
  cudaStream_t stream() const { return stream_; }
  Timer& timer() { return timer_; }
  LtGemm& gemm() { return gemm_; }
  const TimingBudget& budget() const { return budget_; }
  bool quick() const { return quick_; }
  Ceilings& ceilings() { return ceilings_; }

  // A fresh seed for each random buffer (derived from the run's seed, so a run can be repeated).
  uint64_t NextSeed();

  // Bytes a family may allocate now: 75% of the free device memory.
  int64_t AllocatableBytes() const;

  // "[  12.3 s] gemm 3/40: text" on stdout.
  void Progress(std::string_view family, int index, int total, const std::string& text) const;
  void Log(const std::string& text) const;

  // Records a kernel-vs-reference comparison; throws CheckFailure (naming `what`) when it fails.
  void RecordCheck(std::string_view family, const std::string& what, const ErrorNorm& error,
                   double tolerance);
  const std::map<std::string, CheckSummary, std::less<>>& checks() const { return checks_; }

  void AddNote(const std::string& note);
  const std::vector<std::string>& notes() const { return notes_; }
  double ElapsedSeconds() const;

 private:
  DeviceInfo device_;
  cudaStream_t stream_;
  Timer timer_;
  LtGemm gemm_;
  TimingBudget budget_;
  bool quick_;
  Ceilings ceilings_;
  uint64_t seed_;
  uint64_t seeds_drawn_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::map<std::string, CheckSummary, std::less<>> checks_;
  std::vector<std::string> notes_;
};

}  // namespace gpuplan::calibrate
