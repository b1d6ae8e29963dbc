#include <cuda_bf16.h>

#include "calibrate/harness/cuda_check.h"
#include "calibrate/harness/numeric.h"
#include "calibrate/kernels/util.h"

namespace gpuplan::calibrate {
namespace {

constexpr int kThreads = 256;

int GridFor(int64_t n) {
  const int64_t blocks = (n + kThreads - 1) / kThreads;
  return static_cast<int>(blocks < 65536 ? (blocks > 0 ? blocks : 1) : 65536);
}

__global__ void FillBf16Kernel(uint16_t* dst, int64_t n, uint64_t seed, float scale) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n;
       i += int64_t{gridDim.x} * blockDim.x) {
    dst[i] = FloatToBf16Bits(HashUniform(seed, static_cast<uint64_t>(i)) * scale);
  }
}

__global__ void FillFp8Kernel(uint8_t* dst, int64_t n, uint64_t seed, float scale) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n;
       i += int64_t{gridDim.x} * blockDim.x) {
    dst[i] = FloatToFp8E4m3(HashUniform(seed, static_cast<uint64_t>(i)) * scale);
  }
}

__global__ void FillF32Kernel(float* dst, int64_t n, uint64_t seed, float scale) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n;
       i += int64_t{gridDim.x} * blockDim.x) {
    dst[i] = HashUniform(seed, static_cast<uint64_t>(i)) * scale;
  }
}

__global__ void CountNonFiniteBf16Kernel(const uint16_t* data, int64_t n,
                                         unsigned long long* count) {
  unsigned long long local = 0;
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n;
       i += int64_t{gridDim.x} * blockDim.x) {
    local += (data[i] & 0x7F80u) == 0x7F80u;
  }
  if (local > 0) atomicAdd(count, local);
}

__global__ void CountNonFiniteF32Kernel(const uint32_t* data, int64_t n,
                                        unsigned long long* count) {
  unsigned long long local = 0;
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n;
       i += int64_t{gridDim.x} * blockDim.x) {
    local += (data[i] & 0x7F800000u) == 0x7F800000u;
  }
  if (local > 0) atomicAdd(count, local);
}

__device__ __forceinline__ uint64_t GlobalTimer() {
  uint64_t t;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
  return t;
}

__global__ void SpinKernel(uint64_t nanoseconds) {
  const uint64_t start = GlobalTimer();
  while (GlobalTimer() - start < nanoseconds) {
  }
}

__global__ void EmptyKernel() {}

// A zeroed device counter, read back (synchronously) by Finish.
class DeviceCounter {
 public:
  explicit DeviceCounter(cudaStream_t stream) : stream_(stream) {
    GPUPLAN_CUDA_CHECK(cudaMalloc(&count_, sizeof(*count_)));
    GPUPLAN_CUDA_CHECK(cudaMemsetAsync(count_, 0, sizeof(*count_), stream_));
  }
  ~DeviceCounter() { cudaFree(count_); }
  DeviceCounter(const DeviceCounter&) = delete;
  DeviceCounter& operator=(const DeviceCounter&) = delete;
  unsigned long long* get() const { return count_; }
  int64_t Finish() {
    unsigned long long host = 0;
    GPUPLAN_CUDA_CHECK(
        cudaMemcpyAsync(&host, count_, sizeof(host), cudaMemcpyDeviceToHost, stream_));
    GPUPLAN_CUDA_CHECK(cudaStreamSynchronize(stream_));
    return static_cast<int64_t>(host);
  }

 private:
  cudaStream_t stream_;
  unsigned long long* count_ = nullptr;
};

}  // namespace

void FillUniformBf16(void* dst, int64_t n, uint64_t seed, float scale, cudaStream_t stream) {
  FillBf16Kernel<<<GridFor(n), kThreads, 0, stream>>>(static_cast<uint16_t*>(dst), n, seed, scale);
  GPUPLAN_CHECK_LAUNCH("fill bf16");
}

void FillUniformFp8(void* dst, int64_t n, uint64_t seed, float scale, cudaStream_t stream) {
  FillFp8Kernel<<<GridFor(n), kThreads, 0, stream>>>(static_cast<uint8_t*>(dst), n, seed, scale);
  GPUPLAN_CHECK_LAUNCH("fill fp8");
}

void FillUniformF32(float* dst, int64_t n, uint64_t seed, float scale, cudaStream_t stream) {
  FillF32Kernel<<<GridFor(n), kThreads, 0, stream>>>(dst, n, seed, scale);
  GPUPLAN_CHECK_LAUNCH("fill f32");
}

void Poison(void* dst, int64_t bytes, cudaStream_t stream) {
  GPUPLAN_CUDA_CHECK(cudaMemsetAsync(dst, 0xFF, static_cast<size_t>(bytes), stream));
}

int64_t CountNonFiniteBf16(const void* data, int64_t n, cudaStream_t stream) {
  DeviceCounter counter(stream);
  CountNonFiniteBf16Kernel<<<GridFor(n), kThreads, 0, stream>>>(static_cast<const uint16_t*>(data),
                                                                n, counter.get());
  GPUPLAN_CHECK_LAUNCH("count non-finite bf16");
  return counter.Finish();
}

int64_t CountNonFiniteF32(const float* data, int64_t n, cudaStream_t stream) {
  DeviceCounter counter(stream);
  CountNonFiniteF32Kernel<<<GridFor(n), kThreads, 0, stream>>>(
      reinterpret_cast<const uint32_t*>(data), n, counter.get());
  GPUPLAN_CHECK_LAUNCH("count non-finite f32");
  return counter.Finish();
}

void LaunchSpin(uint64_t nanoseconds, cudaStream_t stream) {
  SpinKernel<<<1, 1, 0, stream>>>(nanoseconds);
  GPUPLAN_CHECK_LAUNCH("spin");
}

void LaunchEmptyKernel(cudaStream_t stream) {
  EmptyKernel<<<1, 1, 0, stream>>>();
  GPUPLAN_CHECK_LAUNCH("empty");
}

const void* EmptyKernelAddress() { return reinterpret_cast<const void*>(&EmptyKernel); }

}  // namespace gpuplan::calibrate
