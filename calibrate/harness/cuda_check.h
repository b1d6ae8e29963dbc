// Checking every CUDA and cuBLASLt call: a failure throws CalibrateError naming the call's place.
#pragma once

#include <cublasLt.h>
#include <cuda_runtime.h>

#include <string>

#include "calibrate/errors.h"

namespace gpuplan::calibrate {

inline void ThrowCudaError(cudaError_t error, const char* what, const char* file, int line) {
  throw CalibrateError(std::string(file) + ":" + std::to_string(line) + ": " + what + ": " +
                       cudaGetErrorName(error) + " (" + cudaGetErrorString(error) + ")");
}

inline void ThrowCublasError(cublasStatus_t status, const char* what, const char* file, int line) {
  throw CalibrateError(std::string(file) + ":" + std::to_string(line) + ": " + what +
                       ": cuBLAS status " + std::to_string(static_cast<int>(status)));
}

}  // namespace gpuplan::calibrate

#define GPUPLAN_CUDA_CHECK(call)                                                       \
  do {                                                                                 \
    const cudaError_t gpuplan_error_ = (call);                                         \
    if (gpuplan_error_ != cudaSuccess) {                                               \
      ::gpuplan::calibrate::ThrowCudaError(gpuplan_error_, #call, __FILE__, __LINE__); \
    }                                                                                  \
  } while (0)

// After a kernel launch: launch-configuration errors and earlier asynchronous faults.
#define GPUPLAN_CHECK_LAUNCH(name) GPUPLAN_CUDA_CHECK(cudaGetLastError())

#define GPUPLAN_CUBLAS_CHECK(call)                                                        \
  do {                                                                                    \
    const cublasStatus_t gpuplan_status_ = (call);                                        \
    if (gpuplan_status_ != CUBLAS_STATUS_SUCCESS) {                                       \
      ::gpuplan::calibrate::ThrowCublasError(gpuplan_status_, #call, __FILE__, __LINE__); \
    }                                                                                     \
  } while (0)
