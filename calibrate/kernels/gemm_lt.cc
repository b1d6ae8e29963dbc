#include "calibrate/kernels/gemm_lt.h"

#include <vector>

#include "calibrate/harness/cuda_check.h"

namespace gpuplan::calibrate {

GemmPlan::GemmPlan(const GemmShape& shape, const float* act_scale, const float* weight_scale)
    : shape_(shape) {
  const cudaDataType_t operand = shape.dtype == Dtype::kFp8 ? CUDA_R_8F_E4M3 : CUDA_R_16BF;
  GPUPLAN_CUBLAS_CHECK(cublasLtMatmulDescCreate(&desc_, CUBLAS_COMPUTE_32F, CUDA_R_32F));
  const cublasOperation_t transpose = CUBLAS_OP_T;
  const cublasOperation_t keep = CUBLAS_OP_N;
  GPUPLAN_CUBLAS_CHECK(cublasLtMatmulDescSetAttribute(desc_, CUBLASLT_MATMUL_DESC_TRANSA,
                                                      &transpose, sizeof(transpose)));
  GPUPLAN_CUBLAS_CHECK(
      cublasLtMatmulDescSetAttribute(desc_, CUBLASLT_MATMUL_DESC_TRANSB, &keep, sizeof(keep)));
  if (shape.dtype == Dtype::kFp8) {
    if (act_scale == nullptr || weight_scale == nullptr) {
      throw CalibrateError("an fp8 GEMM needs both scales");
    }
    GPUPLAN_CUBLAS_CHECK(cublasLtMatmulDescSetAttribute(desc_, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER,
                                                        &weight_scale, sizeof(weight_scale)));
    GPUPLAN_CUBLAS_CHECK(cublasLtMatmulDescSetAttribute(desc_, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER,
                                                        &act_scale, sizeof(act_scale)));
  }
  // Column-major views: weight [n][k] row-major is k x n (ld k), transposed to n x k; act [m][k]
  // is k x m (ld k); out [m][n] is n x m (ld n).
  GPUPLAN_CUBLAS_CHECK(
      cublasLtMatrixLayoutCreate(&weight_layout_, operand, shape.k, shape.n, shape.k));
  GPUPLAN_CUBLAS_CHECK(
      cublasLtMatrixLayoutCreate(&act_layout_, operand, shape.k, shape.m, shape.k));
  GPUPLAN_CUBLAS_CHECK(
      cublasLtMatrixLayoutCreate(&out_layout_, CUDA_R_16BF, shape.n, shape.m, shape.n));
  GPUPLAN_CUBLAS_CHECK(cublasLtMatmulPreferenceCreate(&preference_));
  const uint64_t workspace = LtGemm::kWorkspaceBytes;
  GPUPLAN_CUBLAS_CHECK(cublasLtMatmulPreferenceSetAttribute(
      preference_, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace, sizeof(workspace)));
}

GemmPlan::~GemmPlan() {
  if (preference_ != nullptr) cublasLtMatmulPreferenceDestroy(preference_);
  if (out_layout_ != nullptr) cublasLtMatrixLayoutDestroy(out_layout_);
  if (act_layout_ != nullptr) cublasLtMatrixLayoutDestroy(act_layout_);
  if (weight_layout_ != nullptr) cublasLtMatrixLayoutDestroy(weight_layout_);
  if (desc_ != nullptr) cublasLtMatmulDescDestroy(desc_);
}

LtGemm::LtGemm(cudaStream_t stream) : stream_(stream), workspace_(kWorkspaceBytes) {
  GPUPLAN_CUBLAS_CHECK(cublasLtCreate(&handle_));
}

LtGemm::~LtGemm() {
  if (handle_ != nullptr) cublasLtDestroy(handle_);
}

std::unique_ptr<GemmPlan> LtGemm::MakePlan(const GemmShape& shape, int algo_rank,
                                           const float* act_scale, const float* weight_scale) {
  auto plan = std::make_unique<GemmPlan>(shape, act_scale, weight_scale);
  std::vector<cublasLtMatmulHeuristicResult_t> results(algo_rank + 1);
  int found = 0;
  const cublasStatus_t status = cublasLtMatmulAlgoGetHeuristic(
      handle_, plan->desc_, plan->weight_layout_, plan->act_layout_, plan->out_layout_,
      plan->out_layout_, plan->preference_, algo_rank + 1, results.data(), &found);
  if (status != CUBLAS_STATUS_SUCCESS || found <= algo_rank) return nullptr;  // none offered
  plan->algo_ = results[algo_rank].algo;
  return plan;
}

void LtGemm::Run(const GemmPlan& plan, const void* act, const void* weight, void* out) {
  const float alpha = 1.0f;
  const float beta = 0.0f;
  GPUPLAN_CUBLAS_CHECK(cublasLtMatmul(handle_, plan.desc_, &alpha, weight, plan.weight_layout_, act,
                                      plan.act_layout_, &beta, out, plan.out_layout_, out,
                                      plan.out_layout_, &plan.algo_, workspace_.as(),
                                      workspace_.bytes(), stream_));
}

}  // namespace gpuplan::calibrate
