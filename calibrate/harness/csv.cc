#include "calibrate/harness/csv.h"

#include <cmath>
#include <cstdio>

#include "calibrate/errors.h"
#include "calibrate/harness/bundle_schema.h"

namespace gpuplan::calibrate {

std::vector<std::string> StatsColumns() {
  return {bundle_schema::kStatsColumns.begin(), bundle_schema::kStatsColumns.end()};
}

std::string FormatFixed(double value, int decimals) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, value);
  std::string text(buffer);
  if (text == "-0" ||
      (text.starts_with("-0.") && text.find_first_not_of("-0.") == std::string::npos)) {
    text.erase(0, 1);  // no negative zero in the files
  }
  return text;
}

std::string CsvEscape(std::string_view cell) {
  if (cell.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(cell);
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

CsvRow& CsvRow::Add(std::string_view text) {
  cells_.emplace_back(text);
  return *this;
}

CsvRow& CsvRow::Add(int64_t value) {
  cells_.push_back(std::to_string(value));
  return *this;
}

CsvRow& CsvRow::Add(double value, int decimals) {
  cells_.push_back(FormatFixed(value, decimals));
  return *this;
}

CsvRow& CsvRow::AddStats(const Stats& stats) {
  Add(stats.min_us, 3).Add(stats.median_us, 3).Add(stats.mean_us, 3).Add(stats.p90_us, 3);
  Add(stats.max_us, 3).Add(stats.std_us, 3).Add(static_cast<int64_t>(stats.repeats));
  return *this;
}

std::string FormatCsvLine(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvEscape(cells[i]);
  }
  line += '\n';
  return line;
}

std::vector<std::string> ParseCsvLine(std::string_view line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') {
        cells.back() += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  if (quoted) throw CalibrateError("unterminated quote in CSV line");
  return cells;
}

CsvFile::CsvFile(const std::filesystem::path& path, std::vector<std::string> columns)
    : path_(path), columns_(std::move(columns)), out_(path, std::ios::out | std::ios::trunc) {
  if (!out_) throw CalibrateError("cannot write " + path.string());
  out_ << FormatCsvLine(columns_);
  out_.flush();
}

void CsvFile::Write(const CsvRow& row) {
  if (row.cells().size() != columns_.size()) {
    throw CalibrateError(path_.filename().string() + ": row has " +
                         std::to_string(row.cells().size()) + " cells, header has " +
                         std::to_string(columns_.size()));
  }
  out_ << FormatCsvLine(row.cells());
  out_.flush();
  if (!out_) throw CalibrateError("write failed: " + path_.string());
  ++rows_written_;
}

}  // namespace gpuplan::calibrate
