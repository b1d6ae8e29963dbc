// Version and source revision of gpuplan-calibrate, fixed when CMake configures the build.
#pragma once

#include <string_view>

namespace gpuplan::calibrate {

std::string_view CalibrateVersion();  // "0.1.0"
std::string_view GitSha();            // short SHA, "-dirty" when the tree had changes; "unknown"

}  // namespace gpuplan::calibrate
