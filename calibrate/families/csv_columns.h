// Column lists of the bundle's CSV files (docs/calibration-format.md is the contract).
#pragma once

#include <string>
#include <vector>

#include "calibrate/harness/csv.h"

namespace gpuplan::calibrate {

// `key` columns, then the seven StatsColumns(), then `derived` columns.
inline std::vector<std::string> BundleColumns(std::vector<std::string> key,
                                              const std::vector<std::string>& derived) {
  for (const std::string& column : StatsColumns()) key.push_back(column);
  for (const std::string& column : derived) key.push_back(column);
  return key;
}

}  // namespace gpuplan::calibrate
