// CsvParser: splits RFC 4180 CSV text into records. Fields may be quoted; a quoted field may hold
// commas, line breaks and doubled quotes (""). LF and CRLF line ends are accepted and blank lines
// are skipped. Each field keeps the 1-based line and column where it starts, so a reader can
// point a user at the bad cell. The counterpart of CsvWriter (csv_writer.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan::detail {

struct CsvRecord {
  int line = 0;                     // line where the record starts
  std::vector<std::string> fields;  // unquoted values
  std::vector<int> columns;         // 1-based column where each field starts
};

// The first name of `names` that repeats an earlier one, as (its index, the earlier one's index);
// nullopt when every name is unique. A CSV header with a repeated column would otherwise make
// readers silently take the first.
std::optional<std::pair<size_t, size_t>> FindRepeatedName(const std::vector<std::string>& names);

// The message for a repeated header column `name` first seen at 1-based column `first_column`.
std::string RepeatedColumnMessage(std::string_view name, int first_column);

class CsvParser {
 public:
  // `text` must outlive the parser; `path` names it in problems.
  CsvParser(std::string_view text, std::string path);

  // The next non-blank record; false at the end. A record with a malformed quoted field (text
  // after a closing quote, or a quote left open at the end of the input) is reported in
  // problems() and skipped. A repeated name in the first record (the header) is reported in
  // problems(), and the record still returned.
  bool Next(CsvRecord* record);

  const Diagnostics& problems() const { return problems_; }

 private:
  // Parses one record from pos_; false (with a problem added) when it is malformed.
  bool ParseRecord(CsvRecord* record);
  void SkipToNextLine();

  std::string_view text_;
  std::string path_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;  // offset of the current line's first character
  bool header_seen_ = false;
  Diagnostics problems_;
};

}  // namespace gpuplan::detail
