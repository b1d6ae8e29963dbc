// Running gpuplan's commands in-process for the CLI tests: exit code and both output streams,
// files read back, and fresh temporary folders.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "sim/cli/app.h"

namespace gpuplan::testing {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

inline Outcome RunGpuplan(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = RunApp(args, out, err);
  return {code, out.str(), err.str()};
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// An empty folder under the system's temporary folder, named by `prefix` and `name`.
inline std::filesystem::path TempDir(const std::string& prefix, const std::string& name) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / (prefix + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline const std::string kDefaultScenario =
    std::string(GPUPLAN_SOURCE_DIR) + "/configs/scenarios/default.yaml";

}  // namespace gpuplan::testing
