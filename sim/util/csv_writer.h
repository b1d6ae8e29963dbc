// CsvWriter: formats CSV rows (RFC 4180 quoting) into a buffer that the caller drains into a file,
// so a 10M-row file streams through a small buffer. Output is deterministic:
//   - fields are separated by ',' and rows end with '\n' (LF, which every CSV reader accepts);
//   - a field is quoted when it contains ',', '"', CR or LF, or starts or ends with a space or tab
//     (some readers trim those); quotes inside are doubled;
//   - integers exactly; doubles in the shortest text that reads back to the same double (fmt's
//     "{}"), with NaN as "nan" and infinities as "inf" / "-inf" (what pandas and numpy read).
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

namespace gpuplan {

// The CSV text of a double (see above).
std::string FormatCsvDouble(double value);
// `field` as it must appear in a CSV row: unchanged, or quoted when needed.
std::string QuoteCsvField(std::string_view field);

class CsvWriter {
 public:
  // One field of the current row, dispatched on its type: bool ("true"/"false"), integers,
  // floating point, strings.
  template <class T>
  CsvWriter& Field(const T& value) {
    if constexpr (std::same_as<T, bool>) {
      return Raw(value ? "true" : "false");
    } else if constexpr (std::integral<T> && std::is_signed_v<T>) {
      return Int(static_cast<int64_t>(value));
    } else if constexpr (std::integral<T>) {
      return Uint(static_cast<uint64_t>(value));
    } else if constexpr (std::floating_point<T>) {
      return Double(static_cast<double>(value));
    } else {
      return Text(std::string_view(value));
    }
  }
  CsvWriter& Text(std::string_view value);
  CsvWriter& Int(int64_t value);
  CsvWriter& Uint(uint64_t value);
  CsvWriter& Double(double value);
  // An empty field (a missing value).
  CsvWriter& Empty();
  // Ends the current row.
  void EndRow();
  // A whole row of text fields, e.g. the header.
  void Row(std::initializer_list<std::string_view> fields);

  size_t size() const { return out_.size(); }
  const std::string& buffer() const { return out_; }
  // Hands over the buffered rows and empties the buffer. Call between rows.
  std::string TakeString();

 private:
  // Appends an already-safe field (no quoting needed).
  CsvWriter& Raw(std::string_view text);

  std::string out_;
  bool row_started_ = false;
};

}  // namespace gpuplan
