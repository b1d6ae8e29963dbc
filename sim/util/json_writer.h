// JsonWriter: writes one JSON document as it goes (no tree in memory), for result files that must
// be byte-identical across runs of the same input:
//   - pretty-printed with a 2-space indent, empty containers as {} and [];
//   - keys in the order written (no sorting, no hashing);
//   - integers exactly; doubles in the shortest text that reads back to the same double (fmt's
//     "{}": 0.1 -> 0.1, 2.0 -> 2, 1e21 -> 1e+21); NaN and infinities as null, since JSON cannot
//     spell them;
//   - strings escaped per RFC 8259 (\" \\ \b \f \n \r \t, other control bytes as \u00XX);
//     invalid UTF-8 bytes become \ufffd so the output is always valid JSON.
// Text accumulates in a buffer; TakeString() hands over what is there so far, so a large
// document can be drained into a file piece by piece. Misuse (a value without a key inside an
// object, a key inside an array, unbalanced End...) is a bug and throws InternalError.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace gpuplan {

// The JSON text of a double: shortest round-trip form, or "null" for NaN and infinities.
std::string FormatJsonDouble(double value);
// `text` as a quoted, escaped JSON string.
std::string QuoteJsonString(std::string_view text);

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // The next member's key; must be followed by exactly one value.
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Uint(uint64_t value);
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

  // Key(key) followed by the value, dispatched on its type.
  template <class T>
  JsonWriter& Field(std::string_view key, const T& value) {
    Key(key);
    return Value(value);
  }

  // One value of any supported type: bool, integers, floating point, strings.
  template <class T>
  JsonWriter& Value(const T& value) {
    if constexpr (std::same_as<T, bool>) {
      return Bool(value);
    } else if constexpr (std::integral<T> && std::is_signed_v<T>) {
      return Int(static_cast<int64_t>(value));
    } else if constexpr (std::integral<T>) {
      return Uint(static_cast<uint64_t>(value));
    } else if constexpr (std::floating_point<T>) {
      return Double(static_cast<double>(value));
    } else {
      return String(std::string_view(value));
    }
  }

  // True once one whole top-level value has been written.
  bool complete() const { return root_done_ && stack_.empty(); }
  // The text written so far and not yet taken.
  const std::string& buffer() const { return out_; }
  // Hands over the buffered text and empties the buffer; writing can go on.
  std::string TakeString();

 private:
  struct Frame {
    bool object = false;
    size_t members = 0;
  };

  // Writes the separator and indentation that precede a value, and checks it is allowed here.
  void BeforeValue();
  void AfterValue();
  void NewLineAndIndent(size_t depth);
  JsonWriter& Begin(bool object, char open);
  JsonWriter& End(bool object, char close);

  std::string out_;
  std::vector<Frame> stack_;
  bool awaiting_value_ = false;  // a key was written, its value not yet
  bool root_done_ = false;
};

}  // namespace gpuplan
