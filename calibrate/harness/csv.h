// CSV tables of a calibration bundle: a fixed header, one row per measured shape, written and
// flushed row by row so that a run cut short keeps what it measured.
//
// Format (RFC 4180 subset): comma separated, '\n' line ends, a header line first; a cell is quoted
// only when it holds a comma, a quote or a line break. Numbers use the C locale ('.' decimal).
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "calibrate/harness/stats.h"

namespace gpuplan::calibrate {

// "min_us,median_us,mean_us,p90_us,max_us,std_us,repeats" as separate column names.
std::vector<std::string> StatsColumns();

std::string FormatFixed(double value, int decimals);  // "12.345"; "nan"/"inf" for non-finite
std::string CsvEscape(std::string_view cell);

// Builds one row cell by cell.
class CsvRow {
 public:
  CsvRow& Add(std::string_view text);
  CsvRow& Add(const char* text) { return Add(std::string_view(text)); }
  CsvRow& Add(int64_t value);
  CsvRow& Add(int value) { return Add(static_cast<int64_t>(value)); }
  CsvRow& Add(double value, int decimals);
  CsvRow& AddStats(const Stats& stats);  // the 7 StatsColumns(), times with 3 decimals
  const std::vector<std::string>& cells() const { return cells_; }

 private:
  std::vector<std::string> cells_;
};

std::string FormatCsvLine(const std::vector<std::string>& cells);  // with the trailing '\n'

// Splits one line (without its '\n') into cells, undoing CsvEscape. Throws CalibrateError on an
// unterminated quote.
std::vector<std::string> ParseCsvLine(std::string_view line);

// A CSV file being written. The constructor truncates the file and writes the header.
class CsvFile {
 public:
  CsvFile(const std::filesystem::path& path, std::vector<std::string> columns);
  // Throws CalibrateError when the row's cell count differs from the header's.
  void Write(const CsvRow& row);
  int rows_written() const { return rows_written_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::vector<std::string> columns_;
  std::ofstream out_;
  int rows_written_ = 0;
};

}  // namespace gpuplan::calibrate
