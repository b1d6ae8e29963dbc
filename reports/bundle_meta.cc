#include "reports/bundle_meta.h"

#include <fstream>
#include <map>

namespace gpuplan::report {

std::string CalibratedBundleDir(std::string_view latency_model) {
  constexpr std::string_view kPrefix = "calibrated (";
  if (!latency_model.starts_with(kPrefix) || !latency_model.ends_with(")")) return "";
  return std::string(
      latency_model.substr(kPrefix.size(), latency_model.size() - kPrefix.size() - 1));
}

BundleMeta ReadBundleMeta(const std::string& dir) {
  BundleMeta meta{.dir = dir};
  std::ifstream in(dir + "/meta.txt");
  if (!in) return meta;
  std::map<std::string, std::string> values;
  for (std::string line; std::getline(in, line);) {
    const size_t eq = line.find('=');
    if (eq != std::string::npos) values[line.substr(0, eq)] = line.substr(eq + 1);
  }
  meta.found = true;
  meta.gpu = values["gpu.name"];
  meta.created = values["created_utc"];
  meta.tool = values["tool"];
  if (!values["tool_version"].empty()) meta.tool += " " + values["tool_version"];
  return meta;
}

}  // namespace gpuplan::report
