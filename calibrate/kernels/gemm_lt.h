// GEMMs through cuBLASLt, in a Linear layer's layout: out[m, n] = act[m, k] * weight[n, k]^T, all
// row-major (cuBLASLt's "TN" in its column-major terms, the layout fp8 requires). bf16 operands,
// or fp8 e4m3 operands with one fp32 scale per tensor; bf16 output; fp32 accumulation. The
// algorithm is cuBLASLt's heuristic choice (rank 0 = its first, what frameworks use).
#pragma once

#include <cublasLt.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <memory>

#include "calibrate/dtype.h"
#include "calibrate/harness/device_buffer.h"

namespace gpuplan::calibrate {

struct GemmShape {
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
  Dtype dtype = Dtype::kBf16;
};

// The descriptors of one shape bound to one algorithm (and, for fp8, to its scale pointers).
class GemmPlan {
 public:
  explicit GemmPlan(const GemmShape& shape, const float* act_scale, const float* weight_scale);
  ~GemmPlan();
  GemmPlan(const GemmPlan&) = delete;
  GemmPlan& operator=(const GemmPlan&) = delete;

  const GemmShape& shape() const { return shape_; }

 private:
  friend class LtGemm;
  GemmShape shape_;
  cublasLtMatmulDesc_t desc_ = nullptr;
  cublasLtMatrixLayout_t weight_layout_ = nullptr;  // cuBLASLt's A
  cublasLtMatrixLayout_t act_layout_ = nullptr;     // cuBLASLt's B
  cublasLtMatrixLayout_t out_layout_ = nullptr;     // C and D
  cublasLtMatmulPreference_t preference_ = nullptr;
  cublasLtMatmulAlgo_t algo_{};
};

class LtGemm {
 public:
  static constexpr size_t kWorkspaceBytes = size_t{32} << 20;

  explicit LtGemm(cudaStream_t stream);
  ~LtGemm();
  LtGemm(const LtGemm&) = delete;
  LtGemm& operator=(const LtGemm&) = delete;

  // The plan for heuristic rank `algo_rank`, or nullptr when cuBLASLt offers fewer algorithms.
  // For fp8 the scales are device pointers to one float each (nullptr for bf16); they must stay
  // valid while the plan is used.
  std::unique_ptr<GemmPlan> MakePlan(const GemmShape& shape, int algo_rank = 0,
                                     const float* act_scale = nullptr,
                                     const float* weight_scale = nullptr);

  // Enqueues the product on the stream.
  void Run(const GemmPlan& plan, const void* act, const void* weight, void* out);

 private:
  cudaStream_t stream_;
  cublasLtHandle_t handle_ = nullptr;
  DeviceBuffer workspace_;
};

}  // namespace gpuplan::calibrate
