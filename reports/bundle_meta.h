// Provenance of the calibration bundles a plan used: a candidate's latency model reads
// "calibrated (DIR)" in plan.json, and DIR/meta.txt (key=value lines, docs/calibration-format.md)
// says which GPU the kernels were measured on, when, and with which tool. Read as plain text, so
// reports/ needs no part of the calibration library.
#pragma once

#include <string>
#include <string_view>

namespace gpuplan::report {

struct BundleMeta {
  std::string dir;
  bool found = false;   // meta.txt was readable on this machine
  std::string gpu;      // gpu.name
  std::string created;  // created_utc
  std::string tool;     // tool and tool_version
};

// The bundle folder in a candidate's latency_model ("calibrated (DIR)"); "" for any other model.
std::string CalibratedBundleDir(std::string_view latency_model);

// Reads DIR/meta.txt; found == false (and the rest empty) when it cannot be read.
BundleMeta ReadBundleMeta(const std::string& dir);

}  // namespace gpuplan::report
