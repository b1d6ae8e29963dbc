// Device operands of one GEMM weight shape (several weight copies to rotate through, one
// activation and one output buffer sized for the largest token count), filled with random values
// the host can regenerate, and the spot check of cuBLASLt's result against a CPU dot product.
#pragma once

#include <cstdint>
#include <vector>

#include "calibrate/families/context.h"
#include "calibrate/harness/device_buffer.h"
#include "calibrate/kernels/gemm_lt.h"

namespace gpuplan::calibrate {

class GemmBuffers {
 public:
  // Throws CalibrateError when the buffers don't fit the free device memory.
  GemmBuffers(Context& context, int64_t max_m, int64_t n, int64_t k, Dtype dtype, int weight_sets);

  static int64_t Bytes(int64_t max_m, int64_t n, int64_t k, Dtype dtype, int weight_sets);

  const void* act() const { return act_.as(); }
  const void* weight(int set) const { return weights_[set % weights_.size()].as(); }
  void* out() const { return out_.as(); }
  int weight_sets() const { return static_cast<int>(weights_.size()); }
  // Device scale pointers for fp8 (nullptr for bf16).
  const float* act_scale() const;
  const float* weight_scale() const;

  std::unique_ptr<GemmPlan> MakePlan(Context& context, int64_t m, int algo_rank) const;

  // Runs `plan` (m rows) on weight set 0 into a poisoned output, scans the m x n output for
  // non-finite values and compares sampled (or all) values with a double-precision dot product.
  ErrorNorm Check(Context& context, const GemmPlan& plan, bool all_values) const;

 private:
  double ActValue(int64_t row, int64_t column) const;
  double WeightValue(int64_t row, int64_t column) const;  // set 0

  int64_t max_m_;
  int64_t n_;
  int64_t k_;
  Dtype dtype_;
  uint64_t act_seed_;
  std::vector<uint64_t> weight_seeds_;
  DeviceBuffer act_;
  std::vector<DeviceBuffer> weights_;
  DeviceBuffer out_;
  DeviceBuffer scales_;  // [act_scale, weight_scale]
};

// fp8 operands hold e4m3(U * kFp8DataRange) for U uniform in [-1, 1), and scale 1 / kFp8DataRange.
inline constexpr float kFp8DataRange = 16.0f;

}  // namespace gpuplan::calibrate
