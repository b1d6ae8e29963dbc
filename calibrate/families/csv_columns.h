// Column lists of the bundle's CSV files, from the shared schema
// (calibrate/harness/bundle_schema.h; docs/calibration-format.md is the contract).
#pragma once

#include <string>
#include <vector>

#include "calibrate/harness/bundle_schema.h"
#include "calibrate/harness/csv.h"

namespace gpuplan::calibrate {

// The family's key columns, its extra columns, the seven statistics, then its derived columns.
inline std::vector<std::string> BundleColumns(const bundle_schema::FamilyFormat& family) {
  std::vector<std::string> columns;
  for (std::string_view column : family.keys) columns.emplace_back(column);
  for (std::string_view column : family.extra) columns.emplace_back(column);
  for (std::string_view column : bundle_schema::kStatsColumns) columns.emplace_back(column);
  for (std::string_view column : family.derived) columns.emplace_back(column);
  return columns;
}

}  // namespace gpuplan::calibrate
