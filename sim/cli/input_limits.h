// The limits on what a user controls (file sizes, nesting, times, fleet sizes, token counts), as
// one table built from the constants the readers and checks use: `gpuplan list --limits` prints
// it and docs/limits.md is that output (a test keeps the two equal).
#pragma once

#include <string>

namespace gpuplan {

std::string InputLimitsMarkdown();

}  // namespace gpuplan
