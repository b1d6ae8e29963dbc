#include "sim/workload/workload.h"

#include <filesystem>

namespace gpuplan {

std::string ResolvePath(const WorkloadContext& context, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute() || context.base_dir.empty()) return path;
  return (std::filesystem::path(context.base_dir) / p).string();
}

}  // namespace gpuplan
