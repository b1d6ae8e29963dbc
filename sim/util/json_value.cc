#include "sim/util/json_value.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "sim/core/error.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

// The offset (1-based) of the bracket that first takes `text` deeper than kMaxJsonDepth,
// counting only brackets outside strings; 0 when none does.
size_t TooDeepColumn(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i + 1;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return 0;
}

// nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 9:
// syntax error while parsing ..."; the reader's own position replaces the prefix.
// Its own "; expected X" becomes "(expected X)", so that the caller's expectation can follow.
std::string LibraryMessage(const std::string& message) {
  const size_t bracket = message.find("] ");
  std::string what = bracket == std::string::npos ? message : message.substr(bracket + 2);
  const size_t colon = what.find(": ");
  if (what.starts_with("parse error") && colon != std::string::npos) what = what.substr(colon + 2);
  // "; last read: '...'" quotes the file: left out, the position says where.
  if (const size_t quote = what.find("; last read: "); quote != std::string::npos) {
    const size_t next = what.find("; expected ", quote);
    what.erase(quote, next == std::string::npos ? std::string::npos : next - quote);
  }
  const size_t expected = what.find("; expected ");
  if (expected != std::string::npos) {
    what = what.substr(0, expected) + " (" + what.substr(expected + 2) + ")";
  }
  return what;
}

}  // namespace

// Builds gpuplan's JsonValue tree from nlohmann's SAX events. The library does the tokenising,
// escapes, UTF-8 and number grammar (RFC 8259, strict); this keeps members in file order and
// integers exactly. Nesting deeper than kMaxJsonDepth stops the parse (the library's own parser
// is iterative, but the tree's destructor and gpuplan's readers recurse).
class JsonTreeBuilder {
 public:
  using json = nlohmann::json;

  bool null() { return Add(JsonValue()); }
  bool boolean(bool value) { return Add(JsonValue(value)); }
  bool number_integer(json::number_integer_t value) { return Add(JsonValue(int64_t{value})); }
  bool number_unsigned(json::number_unsigned_t value) {
    // Above int64 the number is kept as a double, as a fractional one is.
    if (value <= static_cast<json::number_unsigned_t>(INT64_MAX)) {
      return Add(JsonValue(static_cast<int64_t>(value)));
    }
    return Add(JsonValue(static_cast<double>(value)));
  }
  bool number_float(json::number_float_t value, const json::string_t& /*text*/) {
    return Add(JsonValue(double{value}));
  }
  bool string(json::string_t& value) {
    return Add(JsonValue(std::make_unique<std::string>(std::move(value))));
  }
  bool binary(json::binary_t& /*value*/) { return false; }  // not produced by the JSON lexer
  bool start_object(std::size_t /*size*/) {
    return Open(JsonValue(std::make_unique<JsonValue::Object>()));
  }
  bool key(json::string_t& value) {
    key_ = std::move(value);
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(std::size_t /*size*/) {
    return Open(JsonValue(std::make_unique<JsonValue::Array>()));
  }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& e) {
    error_ = JsonSyntaxProblem{position, LibraryMessage(e.what())};
    return false;
  }

  JsonValue TakeRoot() { return std::move(root_); }
  const std::optional<JsonSyntaxProblem>& error() const { return error_; }
  bool too_deep() const { return too_deep_; }

 private:
  // Places `v` in the innermost open container (or as the root) and returns where it lies.
  JsonValue* Place(JsonValue v) {
    if (open_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    auto& parent = open_.back()->value_;
    if (auto* array = std::get_if<std::unique_ptr<JsonValue::Array>>(&parent)) {
      return &(*array)->emplace_back(std::move(v));
    }
    auto& object = *std::get<std::unique_ptr<JsonValue::Object>>(parent);
    return &object.emplace_back(std::move(key_), std::move(v)).second;
  }
  bool Add(JsonValue v) {
    Place(std::move(v));
    return true;
  }
  bool Open(JsonValue container) {
    if (static_cast<int>(open_.size()) >= kMaxJsonDepth) {
      too_deep_ = true;
      return false;
    }
    // A container's parent does not grow while the container is open, so the pointer holds.
    open_.push_back(Place(std::move(container)));
    return true;
  }
  // Gives back the slack of the container's growth: documents with long arrays are read whole.
  bool Close() {
    auto& value = open_.back()->value_;
    if (auto* array = std::get_if<std::unique_ptr<JsonValue::Array>>(&value)) {
      (*array)->shrink_to_fit();
    } else {
      std::get<std::unique_ptr<JsonValue::Object>>(value)->shrink_to_fit();
    }
    open_.pop_back();
    return true;
  }

  JsonValue root_;
  std::vector<JsonValue*> open_;
  std::string key_;
  std::optional<JsonSyntaxProblem> error_;
  bool too_deep_ = false;
};

namespace {

std::optional<JsonSyntaxProblem> ParseInto(std::string_view text, JsonValue* out) {
  JsonTreeBuilder builder;
  const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                                            nlohmann::json::input_format_t::json, true, false);
  if (ok) {
    *out = builder.TakeRoot();
    return std::nullopt;
  }
  if (builder.too_deep()) {
    return JsonSyntaxProblem{TooDeepColumn(text),
                             fmt::format("nesting deeper than {} levels", kMaxJsonDepth)};
  }
  if (builder.error()) return builder.error();
  return JsonSyntaxProblem{text.size(), "the JSON reader stopped"};
}

[[noreturn]] void TypeError(const char* expected) {
  throw Error(fmt::format("JSON value is not {}", expected));
}

}  // namespace

JsonValue::Type JsonValue::type() const {
  switch (value_.index()) {
    case 0:
      return Type::kNull;
    case 1:
      return Type::kBool;
    case 2:
    case 3:
      return Type::kNumber;
    case 4:
      return Type::kString;
    case 5:
      return Type::kArray;
    default:
      return Type::kObject;
  }
}

bool JsonValue::AsBool() const {
  if (const bool* b = std::get_if<bool>(&value_)) return *b;
  TypeError("a boolean");
}
double JsonValue::AsDouble() const {
  if (const int64_t* i = std::get_if<int64_t>(&value_)) return static_cast<double>(*i);
  if (const double* d = std::get_if<double>(&value_)) return *d;
  TypeError("a number");
}
int64_t JsonValue::AsInt() const {
  if (const int64_t* i = std::get_if<int64_t>(&value_)) return *i;
  TypeError("an integer");
}
const std::string& JsonValue::AsString() const {
  if (const auto* s = std::get_if<std::unique_ptr<std::string>>(&value_)) return **s;
  TypeError("a string");
}
const JsonValue::Array& JsonValue::AsArray() const {
  if (const auto* a = std::get_if<std::unique_ptr<Array>>(&value_)) return **a;
  TypeError("an array");
}
const JsonValue::Object& JsonValue::Members() const {
  if (const auto* o = std::get_if<std::unique_ptr<Object>>(&value_)) return **o;
  TypeError("an object");
}
const JsonValue* JsonValue::Find(std::string_view key) const {
  const auto* object = std::get_if<std::unique_ptr<Object>>(&value_);
  if (object == nullptr) return nullptr;
  for (const auto& [k, v] : **object) {
    if (k == key) return &v;
  }
  return nullptr;
}
const JsonValue& JsonValue::At(std::string_view key) const {
  const JsonValue* v = Find(key);
  if (v == nullptr) throw Error(fmt::format("JSON object has no key '{}'", key));
  return *v;
}

bool JsonValue::TryParse(std::string_view text, JsonValue* out, JsonSyntaxProblem* problem) {
  std::optional<JsonSyntaxProblem> error = ParseInto(text, out);
  if (!error) return true;
  *problem = std::move(*error);
  return false;
}

JsonValue JsonValue::Parse(std::string_view text) {
  JsonValue v;
  if (const auto error = ParseInto(text, &v)) {
    throw Error(fmt::format("JSON column {}: {}", error->column, error->what));
  }
  return v;
}

JsonValue JsonValue::ParseFile(std::string_view text, const std::string& name,
                               std::string_view expected) {
  JsonValue v;
  const auto error = ParseInto(text, &v);
  if (!error) return v;
  // error->column is a 1-based byte offset into the whole text.
  const auto [line, column] = LineColumnOfByte(text, error->column > 0 ? error->column - 1 : 0);
  Diagnostics diags;
  diags.Add({name, line, column}, "", fmt::format("{}; expected {}", error->what, expected));
  diags.ThrowIfAny();
  return {};
}

}  // namespace gpuplan
