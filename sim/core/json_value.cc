#include "sim/core/json_value.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdio>

#include "sim/core/error.h"

namespace gpuplan {

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  JsonValue ParseDocument() {
    JsonValue v = ParseValue(0);
    SkipSpace();
    if (pos_ != text_.size()) Fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw Error(fmt::format("JSON column {}: {}", pos_ + 1, what));
  }
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void Expect(char c) {
    if (!Consume(c)) Fail(fmt::format("expected '{}'", c));
  }
  bool ConsumeWord(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  JsonValue ParseValue(int depth) {
    if (depth > kMaxJsonDepth) Fail("nesting too deep");
    SkipSpace();
    if (pos_ >= text_.size()) Fail("unexpected end of input; expected a value");
    JsonValue v;
    const char c = text_[pos_];
    if (c == '{') return ParseObject(depth);
    if (c == '[') return ParseArray(depth);
    if (c == '"') {
      v.type_ = JsonValue::Type::kString;
      v.string_ = ParseString();
      return v;
    }
    if (ConsumeWord("null")) return v;
    if (ConsumeWord("true") || ConsumeWord("false")) {
      v.type_ = JsonValue::Type::kBool;
      v.bool_ = text_[pos_ - 1] == 'e' && text_[pos_ - 2] == 'u';
      return v;
    }
    return ParseNumber();
  }

  JsonValue ParseNumber() {
    const size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '-' ||
            text_[pos_] == '+' || text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
    }
    const std::string_view token = text_.substr(start, pos_ - start);
    if (token.empty()) Fail("expected a value");
    JsonValue v;
    v.type_ = JsonValue::Type::kNumber;
    auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), v.number_);
    if (ec != std::errc() || p != token.data() + token.size()) {
      Fail(fmt::format("'{}' is not a number", token));
    }
    int64_t i = 0;
    auto [pi, eci] = std::from_chars(token.data(), token.data() + token.size(), i);
    if (eci == std::errc() && pi == token.data() + token.size()) {
      v.integral_ = true;
      v.int_ = i;
    }
    return v;
  }

  std::string ParseString() {
    Expect('"');
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) Fail("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) Fail("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u':
          AppendUnicodeEscape(out);
          break;
        default:
          Fail(fmt::format("bad escape '\\{}'", e));
      }
    }
  }

  void AppendUnicodeEscape(std::string& out) {
    if (pos_ + 4 > text_.size()) Fail("short \\u escape");
    unsigned code = 0;
    auto [p, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, code, 16);
    if (ec != std::errc() || p != text_.data() + pos_ + 4) Fail("bad \\u escape");
    pos_ += 4;
    // UTF-8 encode (surrogate pairs are kept as two code units: gpuplan's files are ASCII).
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  JsonValue ParseArray(int depth) {
    Expect('[');
    JsonValue v;
    v.type_ = JsonValue::Type::kArray;
    if (Consume(']')) return v;
    do {
      v.array_.push_back(ParseValue(depth + 1));
    } while (Consume(','));
    Expect(']');
    return v;
  }

  JsonValue ParseObject(int depth) {
    Expect('{');
    JsonValue v;
    v.type_ = JsonValue::Type::kObject;
    if (Consume('}')) return v;
    do {
      SkipSpace();
      std::string key = ParseString();
      Expect(':');
      v.object_.emplace_back(std::move(key), ParseValue(depth + 1));
    } while (Consume(','));
    Expect('}');
    return v;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

namespace {
[[noreturn]] void TypeError(const char* expected) {
  throw Error(fmt::format("JSON value is not {}", expected));
}
}  // namespace

bool JsonValue::AsBool() const {
  if (type_ != Type::kBool) TypeError("a boolean");
  return bool_;
}
double JsonValue::AsDouble() const {
  if (type_ != Type::kNumber) TypeError("a number");
  return number_;
}
int64_t JsonValue::AsInt() const {
  if (type_ != Type::kNumber || !integral_) TypeError("an integer");
  return int_;
}
const std::string& JsonValue::AsString() const {
  if (type_ != Type::kString) TypeError("a string");
  return string_;
}
const std::vector<JsonValue>& JsonValue::AsArray() const {
  if (type_ != Type::kArray) TypeError("an array");
  return array_;
}
const std::vector<std::pair<std::string, JsonValue>>& JsonValue::Members() const {
  if (type_ != Type::kObject) TypeError("an object");
  return object_;
}
const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [k, v] : object_) {
    if (k == key) return &v;
  }
  return nullptr;
}
const JsonValue& JsonValue::At(std::string_view key) const {
  const JsonValue* v = Find(key);
  if (v == nullptr) throw Error(fmt::format("JSON object has no key '{}'", key));
  return *v;
}

JsonValue JsonValue::Parse(std::string_view text) { return JsonParser(text).ParseDocument(); }

JsonValue JsonValue::ParseFile(std::string_view text, const std::string& name,
                               std::string_view expected) {
  try {
    return Parse(text);
  } catch (const Error& e) {
    // "JSON column N: what" -> line:column of `text`.
    size_t column = 0;
    char what[512] = {0};
    SourceLoc loc{name, 0, 0};
    std::string message = e.what();
    if (std::sscanf(e.what(), "JSON column %zu: %511[^\n]", &column, what) == 2 && column > 0) {
      int line = 1;
      size_t line_start = 0;
      for (size_t i = 0; i + 1 < column && i < text.size(); ++i) {
        if (text[i] == '\n') {
          ++line;
          line_start = i + 1;
        }
      }
      loc = {name, line, static_cast<int>(column - line_start)};
      message = what;
    }
    Diagnostics diags;
    diags.Add(loc, "", fmt::format("{}; expected {}", message, expected));
    diags.ThrowIfAny();
  }
  return {};
}

}  // namespace gpuplan
