#include "calibrate/harness/device_info.h"

#include <cublasLt.h>
#include <cuda_runtime.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "calibrate/harness/bundle_schema.h"
#include "calibrate/harness/cuda_check.h"

namespace gpuplan::calibrate {
namespace {

int Attribute(cudaDeviceAttr attribute, int ordinal) {
  int value = 0;
  GPUPLAN_CUDA_CHECK(cudaDeviceGetAttribute(&value, attribute, ordinal));
  return value;
}

std::string FormatUuid(const cudaUUID_t& uuid) {
  const auto* b = reinterpret_cast<const unsigned char*>(uuid.bytes);
  char text[64];
  std::snprintf(text, sizeof(text),
                "GPU-%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                b[14], b[15]);
  return text;
}

// The kernel module's release from "NVRM version: NVIDIA UNIX x86_64 Kernel Module  580.159.04
// ...".
std::string DriverRelease() {
  std::ifstream in("/proc/driver/nvidia/version");
  std::string line;
  if (!in || !std::getline(in, line)) return "unknown";
  const size_t module = line.find("Kernel Module");
  if (module == std::string::npos) return "unknown";
  std::istringstream words(line.substr(module + 13));
  std::string release;
  words >> release;
  return release.empty() ? "unknown" : release;
}

}  // namespace

std::string CudaVersionText(int version) {
  return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

DeviceInfo QueryDevice(int ordinal) {
  int count = 0;
  GPUPLAN_CUDA_CHECK(cudaGetDeviceCount(&count));
  if (ordinal >= count) {
    throw CalibrateError("device " + std::to_string(ordinal) + " requested, " +
                         std::to_string(count) + " present");
  }
  GPUPLAN_CUDA_CHECK(cudaSetDevice(ordinal));
  cudaDeviceProp prop{};
  GPUPLAN_CUDA_CHECK(cudaGetDeviceProperties(&prop, ordinal));
  DeviceInfo info;
  info.ordinal = ordinal;
  info.name = prop.name;
  info.uuid = FormatUuid(prop.uuid);
  char bus_id[32] = {};
  GPUPLAN_CUDA_CHECK(cudaDeviceGetPCIBusId(bus_id, sizeof(bus_id), ordinal));
  info.pci_bus_id = bus_id;
  info.cc_major = prop.major;
  info.cc_minor = prop.minor;
  info.sm_count = prop.multiProcessorCount;
  info.sm_clock_mhz = Attribute(cudaDevAttrClockRate, ordinal) / 1000;
  info.memory_clock_mhz = Attribute(cudaDevAttrMemoryClockRate, ordinal) / 1000;
  info.memory_bus_width_bits = Attribute(cudaDevAttrGlobalMemoryBusWidth, ordinal);
  info.l2_bytes = prop.l2CacheSize;
  info.shared_memory_per_block_optin = static_cast<int64_t>(prop.sharedMemPerBlockOptin);
  size_t free_bytes = 0;
  size_t total_bytes = 0;
  GPUPLAN_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  info.memory_total_bytes = static_cast<int64_t>(total_bytes);
  info.memory_free_bytes = static_cast<int64_t>(free_bytes);
  info.driver_release = DriverRelease();
  GPUPLAN_CUDA_CHECK(cudaDriverGetVersion(&info.driver_version));
  GPUPLAN_CUDA_CHECK(cudaRuntimeGetVersion(&info.runtime_version));
  info.cublaslt_version = static_cast<int64_t>(cublasLtGetVersion());
  info.fp8_tensor_cores = info.cc_major * 10 + info.cc_minor >= 89;
  return info;
}

void AddDeviceMeta(const DeviceInfo& info, Meta& meta) {
  meta.Set(bundle_schema::kKeyGpuName, info.name);
  meta.Set("gpu.uuid", info.uuid);
  meta.Set("gpu.pci_bus_id", info.pci_bus_id);
  meta.Set("gpu.ordinal", info.ordinal);
  meta.Set("gpu.compute_capability",
           std::to_string(info.cc_major) + "." + std::to_string(info.cc_minor));
  meta.Set("gpu.sm_count", info.sm_count);
  meta.Set("gpu.sm_clock_max_mhz", info.sm_clock_mhz);
  meta.Set("gpu.memory_clock_max_mhz", info.memory_clock_mhz);
  meta.Set("gpu.memory_bus_width_bits", info.memory_bus_width_bits);
  meta.Set("gpu.memory_total_bytes", info.memory_total_bytes);
  meta.Set("gpu.memory_free_bytes_at_start", info.memory_free_bytes);
  meta.Set("gpu.l2_cache_bytes", info.l2_bytes);
  meta.Set("gpu.shared_memory_per_block_optin_bytes", info.shared_memory_per_block_optin);
  meta.Set("cuda.driver_release", info.driver_release);
  meta.Set("cuda.driver_version", CudaVersionText(info.driver_version));
  meta.Set("cuda.runtime_version", CudaVersionText(info.runtime_version));
  meta.Set("cuda.cublaslt_version", info.cublaslt_version);
  meta.Set("cuda.cudnn_version", "not_used");
}

std::string DescribeDevice(const DeviceInfo& info) {
  char text[512];
  std::snprintf(
      text, sizeof(text),
      "device %d: %s, sm_%d%d, %d SMs, %.1f GiB, L2 %.0f MiB, driver CUDA %s, runtime "
      "%s, cuBLASLt %lld",
      info.ordinal, info.name.c_str(), info.cc_major, info.cc_minor, info.sm_count,
      static_cast<double>(info.memory_total_bytes) / (1 << 30),
      static_cast<double>(info.l2_bytes) / (1 << 20), CudaVersionText(info.driver_version).c_str(),
      CudaVersionText(info.runtime_version).c_str(), static_cast<long long>(info.cublaslt_version));
  return text;
}

}  // namespace gpuplan::calibrate
