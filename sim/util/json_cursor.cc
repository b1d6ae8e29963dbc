#include "sim/util/json_cursor.h"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "sim/core/error.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

std::string_view TypeName(const JsonValue& v) {
  switch (v.type()) {
    case JsonValue::Type::kNull:
      return "null";
    case JsonValue::Type::kBool:
      return "a boolean";
    case JsonValue::Type::kNumber:
      return "a number";
    case JsonValue::Type::kString:
      return "a string";
    case JsonValue::Type::kArray:
      return "an array";
    case JsonValue::Type::kObject:
      return "an object";
  }
  return "?";
}

}  // namespace

void ThrowDataError(const std::string& file, int line, int column, std::string path,
                    std::string message) {
  Diagnostic d;
  d.loc = {file, line, column};
  d.path = std::move(path);
  d.message = std::move(message);
  throw ConfigError(std::vector<Diagnostic>{std::move(d)});
}

std::string ReadTextFile(const std::filesystem::path& path) {
  if (const std::optional<std::string> problem = InputFileProblem(path.string())) {
    ThrowDataError(path.string(), 0, 0, "", *problem + "; expected a readable file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) ThrowDataError(path.string(), 0, 0, "", "cannot be read; expected a readable file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

JsonCursor JsonCursor::operator[](std::string_view key) const {
  std::string child = path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
  const JsonValue* v = value_ != nullptr && value_->IsObject() ? value_->Find(key) : nullptr;
  return JsonCursor(file_, v, std::move(child));
}

std::vector<JsonCursor> JsonCursor::Items() const {
  std::vector<JsonCursor> items;
  if (!present()) return items;
  if (!value_->IsArray()) Fail(fmt::format("is {}; expected an array", TypeName(*value_)));
  const std::vector<JsonValue>& array = value_->AsArray();
  for (size_t i = 0; i < array.size(); ++i) {
    items.emplace_back(file_, &array[i], fmt::format("{}[{}]", path_, i));
  }
  return items;
}

std::vector<std::pair<std::string, JsonCursor>> JsonCursor::Members() const {
  std::vector<std::pair<std::string, JsonCursor>> members;
  if (!present()) return members;
  if (!value_->IsObject()) Fail(fmt::format("is {}; expected an object", TypeName(*value_)));
  for (const auto& [key, value] : value_->Members()) {
    members.emplace_back(key, JsonCursor(file_, &value, path_.empty() ? key : path_ + "." + key));
  }
  return members;
}

double JsonCursor::Number(double fallback) const {
  if (!present()) return fallback;
  if (!value_->IsNumber()) Fail(fmt::format("is {}; expected a number", TypeName(*value_)));
  return value_->AsDouble();
}

int64_t JsonCursor::Int(int64_t fallback) const { return OptionalInt().value_or(fallback); }

std::optional<int64_t> JsonCursor::OptionalInt() const {
  if (!present()) return std::nullopt;
  double v = Number();
  if (v != std::floor(v) || std::abs(v) > 9.0e15) {
    Fail(fmt::format("is {}; expected an integer", FormatJsonNumber(v)));
  }
  return static_cast<int64_t>(v);
}

bool JsonCursor::Bool(bool fallback) const {
  if (!present()) return fallback;
  if (value_->type() != JsonValue::Type::kBool) {
    Fail(fmt::format("is {}; expected true or false", TypeName(*value_)));
  }
  return value_->AsBool();
}

std::string JsonCursor::String(std::string fallback) const {
  if (!present()) return fallback;
  if (!value_->IsString()) Fail(fmt::format("is {}; expected a string", TypeName(*value_)));
  return value_->AsString();
}

double JsonCursor::NumberIn(double min, double max, double fallback) const {
  const double v = Number(fallback);
  if (present() && (v < min || v > max)) {
    const std::string range =
        max == std::numeric_limits<double>::infinity()
            ? fmt::format(">= {}", FormatJsonNumber(min))
            : fmt::format("from {} to {}", FormatJsonNumber(min), FormatJsonNumber(max));
    Fail(fmt::format("is {}; expected a number {} (gpuplan never writes this value)",
                     FormatJsonNumber(v), range));
  }
  return v;
}

int64_t JsonCursor::IntAtLeast(int64_t min, int64_t fallback) const {
  const int64_t v = Int(fallback);
  if (present() && v < min) {
    Fail(fmt::format("is {}; expected an integer >= {} (gpuplan never writes this value)", v, min));
  }
  return v;
}

double JsonCursor::RequiredNumberIn(double min, double max) const {
  if (!present()) Fail("is missing; expected a number");
  return NumberIn(min, max);
}

int64_t JsonCursor::RequiredIntAtLeast(int64_t min) const {
  if (!present()) Fail("is missing; expected an integer");
  return IntAtLeast(min);
}

double JsonCursor::RequiredNumber() const {
  if (!present()) Fail("is missing; expected a number");
  return Number();
}

int64_t JsonCursor::RequiredInt() const {
  if (!present()) Fail("is missing; expected an integer");
  return Int();
}

std::string JsonCursor::RequiredString() const {
  if (!present()) Fail("is missing; expected a string");
  return String();
}

std::string JsonCursor::ScalarText() const {
  if (!present()) return "";
  switch (value_->type()) {
    case JsonValue::Type::kBool:
      return value_->AsBool() ? "true" : "false";
    case JsonValue::Type::kNumber:
      return FormatJsonNumber(value_->AsDouble());
    case JsonValue::Type::kString:
      return value_->AsString();
    default:
      Fail(fmt::format("is {}; expected a number, string or boolean", TypeName(*value_)));
  }
}

void JsonCursor::Fail(const std::string& message) const {
  ThrowDataError(file_, 0, 0, path_, message);
}

std::string FormatJsonNumber(double value) { return fmt::format("{}", value); }

JsonFile ParseJsonText(std::string_view text, std::string file) {
  JsonFile parsed{file, JsonValue()};
  JsonSyntaxProblem problem;
  if (!JsonValue::TryParse(text, &parsed.root, &problem)) {
    // problem.column is a 1-based byte offset into the whole text.
    auto [line, column] = LineColumnOfByte(text, problem.column > 0 ? problem.column - 1 : 0);
    ThrowDataError(file, line, column, "", problem.what + " (malformed JSON)");
  }
  return parsed;
}

JsonFile ReadJsonFile(const std::filesystem::path& path) {
  return ParseJsonText(ReadTextFile(path), path.string());
}

}  // namespace gpuplan
