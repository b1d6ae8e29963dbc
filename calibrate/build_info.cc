#include "calibrate/build_info.h"

#ifndef GPUPLAN_CALIBRATE_VERSION
#define GPUPLAN_CALIBRATE_VERSION "0.0.0"
#endif
#ifndef GPUPLAN_GIT_SHA
#define GPUPLAN_GIT_SHA "unknown"
#endif

namespace gpuplan::calibrate {

std::string_view CalibrateVersion() { return GPUPLAN_CALIBRATE_VERSION; }

std::string_view GitSha() { return GPUPLAN_GIT_SHA; }

}  // namespace gpuplan::calibrate
