// Where each value of a scenario was written, by dotted path, so that checks running after the
// YAML is gone (cross-field checks, the composition root's extra checks) can still point at the
// offending line. YAML-free on purpose: Scenario carries one.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "sim/core/error.h"

namespace gpuplan {

using LocationMap = std::map<std::string, SourceLoc>;  // dotted path -> where it was written

// True when `prefix` is `path` or one of its parents ("engine" of "engine.block_size", "a.b" of
// "a.b[2]"); the empty path is the parent of every path.
bool IsPathPrefix(std::string_view prefix, std::string_view path);

// The location of `path`, else of its nearest recorded parent ("engine.block_size" falls back to
// "engine", "workload.a[2].b" to "workload.a[2]", then "workload.a"), else `fallback`. Values
// that came from a catalog preset thus point at the scenario line that chose the preset.
SourceLoc FindLocation(const LocationMap& locations, std::string_view path,
                       const SourceLoc& fallback);

}  // namespace gpuplan
