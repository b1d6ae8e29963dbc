// Owning device allocations (plain cudaMalloc, never managed memory) and CUDA events/streams.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "calibrate/harness/cuda_check.h"

namespace gpuplan::calibrate {

class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(size_t bytes) : bytes_(bytes) {
    if (bytes_ > 0) GPUPLAN_CUDA_CHECK(cudaMalloc(&data_, bytes_));
  }
  ~DeviceBuffer() {
    if (data_ != nullptr) cudaFree(data_);
  }
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    if (this != &other) {
      if (data_ != nullptr) cudaFree(data_);
      data_ = std::exchange(other.data_, nullptr);
      bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  template <typename T = void>
  T* as() const {
    return static_cast<T*>(data_);
  }
  size_t bytes() const { return bytes_; }

  // Copies `count` elements starting at element `offset` to the host.
  template <typename T>
  std::vector<T> Download(size_t offset, size_t count) const {
    std::vector<T> host(count);
    if (count > 0) {
      GPUPLAN_CUDA_CHECK(cudaMemcpy(host.data(), static_cast<const T*>(data_) + offset,
                                    count * sizeof(T), cudaMemcpyDeviceToHost));
    }
    return host;
  }
  template <typename T>
  void Upload(const std::vector<T>& host) {
    if (host.size() * sizeof(T) > bytes_) throw CalibrateError("upload larger than buffer");
    if (!host.empty()) {
      GPUPLAN_CUDA_CHECK(
          cudaMemcpy(data_, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice));
    }
  }

 private:
  void* data_ = nullptr;
  size_t bytes_ = 0;
};

class CudaEvent {
 public:
  CudaEvent() { GPUPLAN_CUDA_CHECK(cudaEventCreate(&event_)); }
  ~CudaEvent() { cudaEventDestroy(event_); }
  CudaEvent(const CudaEvent&) = delete;
  CudaEvent& operator=(const CudaEvent&) = delete;
  cudaEvent_t get() const { return event_; }

 private:
  cudaEvent_t event_ = nullptr;
};

class CudaStream {
 public:
  CudaStream() { GPUPLAN_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking)); }
  ~CudaStream() { cudaStreamDestroy(stream_); }
  CudaStream(const CudaStream&) = delete;
  CudaStream& operator=(const CudaStream&) = delete;
  cudaStream_t get() const { return stream_; }

 private:
  cudaStream_t stream_ = nullptr;
};

}  // namespace gpuplan::calibrate
