#include "sim/workload/json_line.h"

#include <fmt/format.h>

namespace gpuplan::detail {
namespace {

// Recursive-descent over one line; the first error stops it.
class Parser {
 public:
  Parser(std::string_view text, std::vector<JsonMember>* members)
      : text_(text), members_(members) {}

  bool Object() {
    SkipSpace();
    if (!Consume('{')) return Fail("expected '{' to open the object");
    SkipSpace();
    if (!Consume('}')) {
      do {
        if (!Member()) return false;
        SkipSpace();
      } while (Consume(','));
      if (!Consume('}')) return Fail("expected ',' or '}' after a value");
    }
    SkipSpace();
    if (pos_ != text_.size()) return Fail("unexpected text after the object; expected one object");
    return true;
  }

  const std::string& error() const { return error_; }
  int error_column() const { return error_column_; }

 private:
  bool Member() {
    SkipSpace();
    JsonMember member;
    if (!String(&member.key)) return Fail("expected a \"key\"");
    SkipSpace();
    if (!Consume(':')) return Fail("expected ':' after the key");
    SkipSpace();
    member.column = static_cast<int>(pos_) + 1;
    if (Peek() == '[') {
      member.kind = JsonMember::Kind::kArray;
      if (!Array(&member.items)) return false;
    } else if (!Scalar(&member.kind, &member.text)) {
      return false;
    }
    members_->push_back(std::move(member));
    return true;
  }

  bool Array(std::vector<std::string_view>* items) {
    Consume('[');
    SkipSpace();
    if (Consume(']')) return true;
    do {
      SkipSpace();
      JsonMember::Kind kind;
      std::string_view item;
      if (!Scalar(&kind, &item)) return false;
      items->push_back(item);
      SkipSpace();
    } while (Consume(','));
    return Consume(']') || Fail("expected ',' or ']' in the array");
  }

  bool Scalar(JsonMember::Kind* kind, std::string_view* out) {
    const char c = Peek();
    if (c == '"') {
      *kind = JsonMember::Kind::kString;
      return String(out) || Fail("unterminated string; expected a closing '\"'");
    }
    if (c == '{' || c == '[') return Fail("nested objects and arrays are not supported");
    const size_t start = pos_;
    while (pos_ < text_.size() && IsScalarChar(text_[pos_])) ++pos_;
    *out = text_.substr(start, pos_ - start);
    if (out->empty()) return Fail("expected a value");
    const bool literal = *out == "true" || *out == "false" || *out == "null";
    *kind = literal ? JsonMember::Kind::kLiteral : JsonMember::Kind::kNumber;
    return true;
  }

  // A "..." string; *out is its raw contents. Escaped characters are skipped, not decoded.
  bool String(std::string_view* out) {
    if (!Consume('"')) return false;
    const size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    if (pos_ >= text_.size()) return false;
    *out = text_.substr(start, pos_ - start);
    ++pos_;
    return true;
  }

  static bool IsScalarChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.' ||
           c == 'E';
  }
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool Consume(char c) {
    if (Peek() != c || pos_ >= text_.size()) return false;
    ++pos_;
    return true;
  }
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool Fail(std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_column_ = static_cast<int>(pos_) + 1;
    }
    return false;
  }

  std::string_view text_;
  std::vector<JsonMember>* members_;
  size_t pos_ = 0;
  std::string error_;
  int error_column_ = 0;
};

}  // namespace

bool ParseFlatJsonObject(std::string_view line, std::vector<JsonMember>* members,
                         std::string* error, int* error_column) {
  members->clear();
  Parser parser(line, members);
  if (parser.Object()) return true;
  *error = parser.error();
  *error_column = parser.error_column();
  return false;
}

}  // namespace gpuplan::detail
