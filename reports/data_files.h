// Reading the files a report is built from (summary.json, plan.json, requests.csv, ...), with
// errors a user can act on: every problem is a ConfigError (exit code 2) that names the file, the
// line and column where there is one, what is wrong and what was expected:
//   requests.csv:7:23: column 'ttft_ms': 'abc' is not a number; expected a number or an empty field
//   plan.json: recommendation.cost.usd_per_month: is a string; expected a number
// reports/ reads results but never writes them, so these readers are lenient about additions
// (unknown keys and columns are ignored) and strict about what they use.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/util/json_cursor.h"

// JsonCursor, JsonFile, ReadJsonFile, ParseJsonText, ThrowDataError and ReadTextFile live in
// sim/util/json_cursor.h (namespace gpuplan), shared with the output documents' codecs.
namespace gpuplan::report {

// A CSV file read row by row (header first; RFC 4180 quoting; LF or CRLF; blank lines skipped),
// so a requests.csv with millions of rows streams through one row of memory.
class CsvRows {
 public:
  // Opens `path` and reads the header; throws ConfigError when it cannot or the file is empty.
  explicit CsvRows(const std::filesystem::path& path);

  // The index of a header column; throws ConfigError at the header naming the columns expected.
  size_t Column(std::string_view name) const;
  std::optional<size_t> FindColumn(std::string_view name) const;

  // Reads the next row; false at the end. A row with another field count than the header is an
  // error.
  bool Next();
  std::string_view Field(size_t column) const { return fields_[column]; }
  // The field as a number: empty, "nan", "null" -> NaN; "inf" / "-inf" accepted.
  double Number(size_t column) const;
  // Throws ConfigError at the current row and field: "file:line:col: column 'x': <message>".
  [[noreturn]] void Fail(size_t column, const std::string& message) const;

  int line() const { return line_; }

 private:
  bool ReadRecord(std::vector<std::string>* fields, std::vector<int>* columns);

  std::string path_;
  std::ifstream in_;
  int line_ = 0;       // line of the current record's start
  int next_line_ = 1;  // line the next read starts on
  std::vector<std::string> header_;
  std::vector<std::string> fields_;
  std::vector<int> columns_;  // 1-based column of each field
};

}  // namespace gpuplan::report
