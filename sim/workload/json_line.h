// A parser for one line of JSON Lines holding a flat object: string keys whose values are
// numbers, strings, true/false/null, or arrays of those (no nested objects or arrays). That is
// the shape of request traces such as Mooncake's, and small enough to check completely.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gpuplan::detail {

struct JsonMember {
  enum class Kind { kNumber, kString, kLiteral, kArray };
  std::string_view key;  // as written between the quotes (escapes not decoded)
  Kind kind = Kind::kNumber;
  std::string_view text;                // the scalar's text (string: between the quotes)
  std::vector<std::string_view> items;  // kArray: each item's text
  int column = 0;                       // 1-based column where the value starts
};

// Parses `line` into *members (cleared first). On malformed input returns false and sets
// *error ("what; expected") and *error_column (1-based).
bool ParseFlatJsonObject(std::string_view line, std::vector<JsonMember>* members,
                         std::string* error, int* error_column);

}  // namespace gpuplan::detail
