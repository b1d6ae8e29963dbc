// What the bundle records about the GPU and the software stack it was measured with.
#pragma once

#include <cstdint>
#include <string>

#include "calibrate/harness/meta.h"

namespace gpuplan::calibrate {

struct DeviceInfo {
  int ordinal = 0;
  std::string name;
  std::string uuid;        // "GPU-xxxxxxxx-xxxx-..."
  std::string pci_bus_id;  // "0000:18:00.0"
  int cc_major = 0;
  int cc_minor = 0;
  int sm_count = 0;
  int sm_clock_mhz = 0;      // peak (boost) clock the device reports
  int memory_clock_mhz = 0;  // peak memory clock the device reports
  int memory_bus_width_bits = 0;
  int64_t memory_total_bytes = 0;
  int64_t memory_free_bytes = 0;  // when the run started
  int64_t l2_bytes = 0;
  int64_t shared_memory_per_block_optin = 0;
  std::string driver_release;  // "580.159.04" from /proc/driver/nvidia/version; "unknown"
  int driver_version = 0;      // e.g. 13000 (CUDA version the driver supports)
  int runtime_version = 0;     // e.g. 13000
  int64_t cublaslt_version = 0;
  bool fp8_tensor_cores = false;  // compute capability 8.9 or newer
};

// Selects the device and reads its properties. Throws CalibrateError when there is none.
DeviceInfo QueryDevice(int ordinal);

// "13.0" from 13000.
std::string CudaVersionText(int version);

// Writes the gpu.*, cuda.* and library version keys (docs/calibration-format.md).
void AddDeviceMeta(const DeviceInfo& info, Meta& meta);

std::string DescribeDevice(const DeviceInfo& info);  // one line for the console

}  // namespace gpuplan::calibrate
