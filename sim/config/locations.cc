#include "sim/config/locations.h"

namespace gpuplan {

bool IsPathPrefix(std::string_view prefix, std::string_view path) {
  if (prefix.empty()) return true;
  if (path.size() < prefix.size() || path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

SourceLoc FindLocation(const LocationMap& locations, std::string_view path,
                       const SourceLoc& fallback) {
  while (!path.empty()) {
    auto it = locations.find(std::string(path));
    if (it != locations.end()) return it->second;
    const size_t cut = path.find_last_of(".[");
    path = cut == std::string_view::npos ? std::string_view() : path.substr(0, cut);
  }
  return fallback;
}

}  // namespace gpuplan
