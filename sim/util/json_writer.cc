#include "sim/util/json_writer.h"

#include <fmt/format.h>

#include <cmath>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629: no overlongs, no
// surrogates, nothing past U+10FFFF), or 0 when the byte there does not start one.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return 1;
  size_t length = 0;
  unsigned char second_lo = 0x80, second_hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) second_lo = 0xA0;  // overlong
    if (c == 0xED) second_hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) second_lo = 0x90;  // overlong
    if (c == 0xF4) second_hi = 0x8F;  // past U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  const auto second = static_cast<unsigned char>(text[i + 1]);
  if (second < second_lo || second > second_hi) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (!IsContinuation(static_cast<unsigned char>(text[i + k]))) return 0;
  }
  return length;
}

void AppendEscapedAscii(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  if (c < 0x20 || c == 0x7F) {
    out += fmt::format("\\u{:04x}", c);
  } else {
    out += static_cast<char>(c);
  }
}

void AppendQuoted(std::string& out, std::string_view text) {
  out += '"';
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      out += "\\ufffd";  // one replacement per invalid byte, so nothing is silently merged
      ++i;
    } else if (length == 1) {
      AppendEscapedAscii(out, static_cast<unsigned char>(text[i]));
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  out += '"';
}

}  // namespace

std::string FormatJsonDouble(double value) {
  if (!std::isfinite(value)) return "null";
  return fmt::format("{}", value);
}

std::string QuoteJsonString(std::string_view text) {
  std::string out;
  AppendQuoted(out, text);
  return out;
}

JsonWriter& JsonWriter::BeginObject() { return Begin(true, '{'); }
JsonWriter& JsonWriter::EndObject() { return End(true, '}'); }
JsonWriter& JsonWriter::BeginArray() { return Begin(false, '['); }
JsonWriter& JsonWriter::EndArray() { return End(false, ']'); }

JsonWriter& JsonWriter::Key(std::string_view key) {
  GPUPLAN_CHECK(!stack_.empty() && stack_.back().object, "JSON key '{}' outside an object", key);
  GPUPLAN_CHECK(!awaiting_value_, "JSON key '{}' where a value was expected", key);
  Frame& frame = stack_.back();
  if (frame.members > 0) out_ += ',';
  NewLineAndIndent(stack_.size());
  AppendQuoted(out_, key);
  out_ += ": ";
  ++frame.members;
  awaiting_value_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendQuoted(out_, value);
  AfterValue();
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  out_ += fmt::format("{}", value);
  AfterValue();
  return *this;
}

JsonWriter& JsonWriter::Uint(uint64_t value) {
  BeforeValue();
  out_ += fmt::format("{}", value);
  AfterValue();
  return *this;
}

JsonWriter& JsonWriter::Double(double value) {
  BeforeValue();
  out_ += FormatJsonDouble(value);
  AfterValue();
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  AfterValue();
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  AfterValue();
  return *this;
}

std::string JsonWriter::TakeString() {
  std::string taken = std::move(out_);
  out_.clear();
  return taken;
}

void JsonWriter::BeforeValue() {
  if (stack_.empty()) {
    GPUPLAN_CHECK(!root_done_, "a JSON document holds one top-level value");
    return;
  }
  Frame& frame = stack_.back();
  if (frame.object) {
    GPUPLAN_CHECK(awaiting_value_, "JSON value inside an object without a key");
    awaiting_value_ = false;
    return;
  }
  if (frame.members > 0) out_ += ',';
  NewLineAndIndent(stack_.size());
  ++frame.members;
}

void JsonWriter::AfterValue() {
  if (stack_.empty()) root_done_ = true;
}

void JsonWriter::NewLineAndIndent(size_t depth) {
  out_ += '\n';
  out_.append(2 * depth, ' ');
}

JsonWriter& JsonWriter::Begin(bool object, char open) {
  BeforeValue();
  out_ += open;
  stack_.push_back(Frame{object, 0});
  return *this;
}

JsonWriter& JsonWriter::End(bool object, char close) {
  GPUPLAN_CHECK(!stack_.empty() && stack_.back().object == object, "unbalanced JSON '{}'", close);
  GPUPLAN_CHECK(!awaiting_value_, "JSON object closed after a key without a value");
  const size_t members = stack_.back().members;
  stack_.pop_back();
  if (members > 0) NewLineAndIndent(stack_.size());
  out_ += close;
  AfterValue();
  return *this;
}

}  // namespace gpuplan
