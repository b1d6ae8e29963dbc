// Small device utilities of the harness: random fills (the values numeric.h's UniformBf16 /
// UniformFp8 / HashUniform give on the host), poison fills, a count of non-finite outputs, a spin
// kernel that keeps the GPU busy while the host queues timed work, and an empty kernel.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

namespace gpuplan::calibrate {

// dst[i] = bf16(HashUniform(seed, i) * scale), i in [0, n).
void FillUniformBf16(void* dst, int64_t n, uint64_t seed, float scale, cudaStream_t stream);
// dst[i] = FloatToFp8E4m3(HashUniform(seed, i) * scale).
void FillUniformFp8(void* dst, int64_t n, uint64_t seed, float scale, cudaStream_t stream);
// dst[i] = HashUniform(seed, i) * scale (fp32).
void FillUniformF32(float* dst, int64_t n, uint64_t seed, float scale, cudaStream_t stream);

// Every byte set to 0xFF: NaN in bf16, fp32 and fp8 e4m3 alike.
void Poison(void* dst, int64_t bytes, cudaStream_t stream);

// Number of NaN or infinite values among n bf16 / fp32 elements (synchronises the stream).
int64_t CountNonFiniteBf16(const void* data, int64_t n, cudaStream_t stream);
int64_t CountNonFiniteF32(const float* data, int64_t n, cudaStream_t stream);

// One thread that spins for `nanoseconds` of the GPU's global timer.
void LaunchSpin(uint64_t nanoseconds, cudaStream_t stream);
// An empty kernel, <<<1, 1>>>.
void LaunchEmptyKernel(cudaStream_t stream);
// The empty kernel's address, for cudaLaunchKernel-free graph building.
const void* EmptyKernelAddress();

}  // namespace gpuplan::calibrate
