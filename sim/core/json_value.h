// JsonValue: a small JSON reader for the line-oriented files gpuplan itself reads back (batch
// dumps, measured replay results, calibration metadata). Numbers are kept as double plus, when
// integral, as int64 so ids and nanosecond times survive exactly.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gpuplan {

// The deepest nesting of arrays and objects a JSON document may have (summary.json and plan.json
// have a few levels); deeper input is refused instead of recursing without bound.
inline constexpr int kMaxJsonDepth = 64;

class JsonValue {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

  JsonValue() = default;
  Type type() const { return type_; }
  bool IsNull() const { return type_ == Type::kNull; }
  bool IsObject() const { return type_ == Type::kObject; }
  bool IsArray() const { return type_ == Type::kArray; }
  bool IsNumber() const { return type_ == Type::kNumber; }
  bool IsString() const { return type_ == Type::kString; }

  // Typed access; throws gpuplan::Error naming the expected type on mismatch.
  bool AsBool() const;
  double AsDouble() const;
  int64_t AsInt() const;  // the number must be integral
  const std::string& AsString() const;
  const std::vector<JsonValue>& AsArray() const;

  // Object member; nullptr when absent (or when this is not an object).
  const JsonValue* Find(std::string_view key) const;
  // Object member that must be present; throws gpuplan::Error naming the key.
  const JsonValue& At(std::string_view key) const;
  const std::vector<std::pair<std::string, JsonValue>>& Members() const;

  // Parses one JSON document; throws gpuplan::Error with the column of the problem.
  static JsonValue Parse(std::string_view text);
  // The same for a user's file `name`: a syntax error is a ConfigError located at its line and
  // column, "what is wrong; expected <expected>".
  static JsonValue ParseFile(std::string_view text, const std::string& name,
                             std::string_view expected);

 private:
  friend class JsonParser;
  Type type_ = Type::kNull;
  bool bool_ = false;
  double number_ = 0;
  bool integral_ = false;
  int64_t int_ = 0;
  std::string string_;
  std::vector<JsonValue> array_;
  std::vector<std::pair<std::string, JsonValue>> object_;
};

}  // namespace gpuplan
