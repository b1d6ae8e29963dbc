// The load-test result formats gpuplan reads, by name; a new format is one reader file plus a
// line in result_formats.cc.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/loadtest/measured_run.h"

namespace gpuplan {

struct ResultFormat {
  std::string name;       // --format value
  std::string extension;  // chosen for files ending so when --format is not given
  std::string summary;
  std::function<MeasuredRun(const std::string& path)> read;
};

const std::vector<ResultFormat>& ResultFormats();

// Reads `path` in `format` ("" chooses by extension). An unknown format, or an extension no
// format claims, is a UsageError naming the formats.
MeasuredRun ReadMeasuredRun(const std::string& path, const std::string& format);

}  // namespace gpuplan
