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
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/util/json_value.h"

namespace gpuplan::report {

// Throws ConfigError for a problem in `file` at a position (line 0: the whole file) and dotted
// path ("" for none): "file:line:col: path: message".
[[noreturn]] void ThrowDataError(const std::string& file, int line, int column, std::string path,
                                 std::string message);

// The whole file as text; throws ConfigError when it cannot be read.
std::string ReadTextFile(const std::filesystem::path& path);

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

// A position in a parsed JSON document that remembers its file and dotted path, so a missing or
// mistyped value is reported where it is. A cursor on an absent member is valid and reports
// present() == false; the typed getters then return their fallback or throw for Required*.
class JsonCursor {
 public:
  JsonCursor(std::string file, const JsonValue* value, std::string path = "")
      : file_(std::move(file)), value_(value), path_(std::move(path)) {}

  bool present() const { return value_ != nullptr && !value_->IsNull(); }
  JsonCursor operator[](std::string_view key) const;
  // Items of an array (none when absent or null); throws when the value is something else.
  std::vector<JsonCursor> Items() const;
  // Members of an object in file order (none when absent or null).
  std::vector<std::pair<std::string, JsonCursor>> Members() const;

  // Absent or null -> the fallback; another type -> ConfigError.
  double Number(double fallback = std::numeric_limits<double>::quiet_NaN()) const;
  int64_t Int(int64_t fallback = 0) const;
  std::optional<int64_t> OptionalInt() const;
  bool Bool(bool fallback = false) const;
  std::string String(std::string fallback = "") const;
  // Number() that must lie in [min, max] when present: a value written by gpuplan never lies
  // outside, so one that does is an edited or corrupted file, refused rather than drawn.
  double NumberIn(double min, double max,
                  double fallback = std::numeric_limits<double>::quiet_NaN()) const;
  // Int() that must be at least `min` when present.
  int64_t IntAtLeast(int64_t min, int64_t fallback = 0) const;
  // Absent or null is an error too.
  double RequiredNumberIn(double min, double max) const;
  int64_t RequiredIntAtLeast(int64_t min) const;
  double RequiredNumber() const;
  int64_t RequiredInt() const;
  std::string RequiredString() const;
  // Any scalar as display text (numbers as JSON writes them, true/false), "" for null.
  std::string ScalarText() const;

  [[noreturn]] void Fail(const std::string& message) const;
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  const JsonValue* value_;
  std::string path_;
};

// A number as JSON writes it (shortest round-trip text: 0.1, 42, 1e+21).
std::string FormatJsonNumber(double value);

// A JSON file parsed whole. A syntax error is reported at its line and column.
struct JsonFile {
  std::string file;  // as given, for messages
  JsonValue root;
  JsonCursor Root() const { return JsonCursor(file, &root); }
};
JsonFile ReadJsonFile(const std::filesystem::path& path);
// The same for text in memory (`file` names it in messages).
JsonFile ParseJsonText(std::string_view text, std::string file);

}  // namespace gpuplan::report
