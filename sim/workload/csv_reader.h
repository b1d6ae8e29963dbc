// A small reader for the numeric CSV files that traces and length tables come in: a header
// row, then rows of plain comma-separated fields (no quoting), LF or CRLF line ends, blank lines
// ignored. Every error is a ConfigError at `file:line:column` saying what was wrong and what was
// expected, so a user can open the file at the bad cell.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan::detail {

// Throws ConfigError for a problem at a file position (1-based line and column).
[[noreturn]] void ThrowFileError(const std::string& path, int line, int column,
                                 const std::string& message);

class CsvReader {
 public:
  // Opens `path` and reads its header row; throws ConfigError when it cannot.
  explicit CsvReader(std::string path);

  // The index of a header column; throws ConfigError (at the header) when absent.
  size_t Column(std::string_view name) const;
  const std::vector<std::string>& header() const { return header_; }

  // Reads the next data row; false at end of file. Rows must have as many fields as the header.
  bool NextRow();
  std::string_view Field(size_t column) const { return fields_[column]; }
  // The field as an integer; throws ConfigError naming the column when it is not one.
  int64_t IntField(size_t column) const;
  // The field as a finite decimal number.
  double DoubleField(size_t column) const;
  // Throws ConfigError at the current row and the given field.
  [[noreturn]] void FailAt(size_t column, const std::string& message) const;

  const std::string& path() const { return path_; }
  int line() const { return line_; }

 private:
  bool ReadLine();  // next non-blank line into line_text_; false at end of file
  void Split();     // fills fields_ and columns_ from line_text_

  std::string path_;
  std::ifstream in_;
  std::string line_text_;
  int line_ = 0;
  std::vector<std::string> header_;
  std::vector<std::string_view> fields_;  // views into line_text_
  std::vector<int> columns_;              // 1-based column of each field
};

}  // namespace gpuplan::detail
