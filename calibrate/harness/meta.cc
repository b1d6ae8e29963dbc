#include "calibrate/harness/meta.h"

#include <fstream>

#include "calibrate/errors.h"
#include "calibrate/harness/bundle_schema.h"
#include "calibrate/harness/csv.h"

namespace gpuplan::calibrate {

bool IsValidMetaKey(std::string_view key) { return bundle_schema::IsValidMetaKey(key); }

void Meta::Set(std::string_view key, std::string_view value) {
  if (!IsValidMetaKey(key)) throw CalibrateError("invalid meta key '" + std::string(key) + "'");
  std::string clean(value);
  for (char& c : clean) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  for (auto& [existing, existing_value] : entries_) {
    if (existing == key) {
      existing_value = clean;
      return;
    }
  }
  entries_.emplace_back(std::string(key), clean);
}

void Meta::Set(std::string_view key, int64_t value) { Set(key, std::to_string(value)); }

void Meta::Set(std::string_view key, double value, int decimals) {
  Set(key, FormatFixed(value, decimals));
}

std::optional<std::string> Meta::Get(std::string_view key) const {
  for (const auto& [existing, value] : entries_) {
    if (existing == key) return value;
  }
  return std::nullopt;
}

std::string Meta::Format() const {
  std::string text = "# gpuplan calibration bundle metadata (docs/calibration-format.md)\n";
  for (const auto& [key, value] : entries_) text += key + "=" + value + "\n";
  return text;
}

Meta Meta::Parse(std::string_view text) {
  Meta meta;
  int line_number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const size_t equals = line.find('=');
    const std::string where = "meta line " + std::to_string(line_number);
    if (equals == std::string_view::npos) throw CalibrateError(where + ": expected key=value");
    const std::string_view key = line.substr(0, equals);
    if (!IsValidMetaKey(key))
      throw CalibrateError(where + ": invalid key '" + std::string(key) + "'");
    if (meta.Get(key)) throw CalibrateError(where + ": duplicate key '" + std::string(key) + "'");
    meta.entries_.emplace_back(std::string(key), std::string(line.substr(equals + 1)));
  }
  return meta;
}

void WriteMetaFile(const std::filesystem::path& path, const Meta& meta) {
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::out | std::ios::trunc);
    out << meta.Format();
    out.flush();
    if (!out) throw CalibrateError("cannot write " + temporary.string());
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) throw CalibrateError("cannot rename " + temporary.string() + ": " + error.message());
}

}  // namespace gpuplan::calibrate
