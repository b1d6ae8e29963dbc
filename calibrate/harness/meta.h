// meta.txt of a calibration bundle: provenance and measured ceilings as `key=value` lines.
//
// Grammar: one entry per line, `key=value`; keys match [a-z0-9_.]+ and appear once; the value is
// everything after the first '=' up to the end of the line (no quoting, may be empty, never holds
// a line break). Blank lines and lines starting with '#' are comments.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gpuplan::calibrate {

bool IsValidMetaKey(std::string_view key);

class Meta {
 public:
  // Sets or replaces `key` (a replaced key keeps its position). Control characters in the value
  // become spaces. Throws CalibrateError on an invalid key.
  void Set(std::string_view key, std::string_view value);
  void Set(std::string_view key, const char* value) { Set(key, std::string_view(value)); }
  void Set(std::string_view key, int64_t value);
  void Set(std::string_view key, int value) { Set(key, static_cast<int64_t>(value)); }
  void Set(std::string_view key, double value, int decimals);

  std::optional<std::string> Get(std::string_view key) const;
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

  std::string Format() const;  // with a leading comment line
  // Throws CalibrateError naming the line on a malformed line or a duplicate key.
  static Meta Parse(std::string_view text);

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

// Writes `meta` to `path` through a temporary file and a rename, so readers never see half a file.
void WriteMetaFile(const std::filesystem::path& path, const Meta& meta);

}  // namespace gpuplan::calibrate
