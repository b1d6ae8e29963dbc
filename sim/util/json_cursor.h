// Reading a JSON document gpuplan wrote (summary.json, plan.json, compare.json) with errors a
// user can act on: a cursor remembers its file and dotted path, so a missing or mistyped value is
// one ConfigError (exit code 2) naming where it is and what was expected:
//   plan.json: recommendation.cost.usd_per_month: is a string; expected a number
// Shared by the output documents' codecs (sim/documents/) and the report readers (reports/).
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/util/json_value.h"

namespace gpuplan {

// Throws ConfigError for a problem in `file` at a position (line 0: the whole file) and dotted
// path ("" for none): "file:line:col: path: message".
[[noreturn]] void ThrowDataError(const std::string& file, int line, int column, std::string path,
                                 std::string message);

// The whole file as text; throws ConfigError when it cannot be read.
std::string ReadTextFile(const std::filesystem::path& path);

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
  // The value itself (nullptr when absent), for a reader that keeps a value as it is typed.
  const JsonValue* value() const { return value_; }

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

}  // namespace gpuplan
