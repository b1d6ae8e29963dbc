// JsonValue: the JSON documents gpuplan reads (its own summary.json and plan.json, batch dumps,
// load-test results, JSON Lines traces). Parsing is nlohmann-json's strict RFC 8259 parser
// (Debian's nlohmann-json3-dev; ADR 0013); this tree keeps members in file order and numbers as
// int64 when written as an integer that fits (ids and nanosecond times survive exactly), else as
// double. A node is 16 bytes (strings and containers live behind a pointer), so a document of
// many small numbers costs about 8x its text, not 50x as a node holding every alternative did.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gpuplan {

// The deepest nesting of arrays and objects a JSON document may have (summary.json and plan.json
// have a few levels); deeper input is refused instead of recursing without bound.
inline constexpr int kMaxJsonDepth = 64;

// Where and why a text is not JSON: the 1-based byte offset at which the parser stopped, and
// what is wrong (with what it expected there, in parentheses, when it knows).
struct JsonSyntaxProblem {
  size_t column = 0;
  std::string what;
};

// Move-only: a document is read once and then only looked at.
class JsonValue {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  using Array = std::vector<JsonValue>;
  using Object = std::vector<std::pair<std::string, JsonValue>>;

  JsonValue() = default;
  Type type() const;
  bool IsNull() const { return type() == Type::kNull; }
  bool IsObject() const { return type() == Type::kObject; }
  bool IsArray() const { return type() == Type::kArray; }
  bool IsNumber() const { return type() == Type::kNumber; }
  bool IsString() const { return type() == Type::kString; }
  // A number written without fraction or exponent that fits int64 (AsInt() succeeds).
  bool IsInteger() const { return std::holds_alternative<int64_t>(value_); }

  // Typed access; throws gpuplan::Error naming the expected type on mismatch.
  bool AsBool() const;
  double AsDouble() const;
  int64_t AsInt() const;  // the number must be integral
  const std::string& AsString() const;
  const Array& AsArray() const;

  // Object member; nullptr when absent (or when this is not an object).
  const JsonValue* Find(std::string_view key) const;
  // Object member that must be present; throws gpuplan::Error naming the key.
  const JsonValue& At(std::string_view key) const;
  const Object& Members() const;

  // Parses one JSON document; throws gpuplan::Error with the column of the problem.
  static JsonValue Parse(std::string_view text);
  // The same without throwing: false, with *problem filled, when `text` is not one document.
  static bool TryParse(std::string_view text, JsonValue* out, JsonSyntaxProblem* problem);
  // The same for a user's file `name`: a syntax error is a ConfigError located at its line and
  // column, "what is wrong; expected <expected>".
  static JsonValue ParseFile(std::string_view text, const std::string& name,
                             std::string_view expected);

 private:
  friend class JsonTreeBuilder;
  template <class T>
  explicit JsonValue(T value) : value_(std::move(value)) {}

  std::variant<std::monostate, bool, int64_t, double, std::unique_ptr<std::string>,
               std::unique_ptr<Array>, std::unique_ptr<Object>>
      value_;
};

}  // namespace gpuplan
