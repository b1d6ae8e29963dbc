#include "sim/util/csv_parser.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/util/text_file.h"

namespace gpuplan::detail {

CsvParser::CsvParser(std::string_view text, std::string path)
    : text_(text), path_(std::move(path)) {
  // A UTF-8 byte-order mark is not part of the first column's name.
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
    pos_ = 3;
    line_start_ = 3;
  }
  // Refused rather than read as line ends: the streamed readers could not do the same.
  if (const std::optional<size_t> cr = FindLoneCarriageReturn(text_)) {
    const auto [line, column] = LineColumnOfByte(text_, *cr);
    problems_.Add({path_, line, column}, "", std::string(kLoneCarriageReturnMessage));
    pos_ = text_.size();
  }
}

bool CsvParser::Next(CsvRecord* record) {
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '\n' || c == '\r') {  // a blank line
      if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
      ++line_;
      line_start_ = pos_;
      continue;
    }
    if (ParseRecord(record)) {
      if (!header_seen_) {
        header_seen_ = true;
        if (auto repeated = FindRepeatedName(record->fields)) {
          problems_.Add({path_, record->line, record->columns[repeated->first]}, "",
                        RepeatedColumnMessage(record->fields[repeated->first],
                                              record->columns[repeated->second]));
        }
      }
      return true;
    }
    SkipToNextLine();
  }
  return false;
}

std::optional<std::pair<size_t, size_t>> FindRepeatedName(const std::vector<std::string>& names) {
  for (size_t i = 1; i < names.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (names[i] == names[j]) return std::pair(i, j);
    }
  }
  return std::nullopt;
}

std::string RepeatedColumnMessage(std::string_view name, int first_column) {
  return fmt::format(
      "column '{}' appears twice in the header (first at column {}); expected unique names", name,
      first_column);
}

void CsvParser::SkipToNextLine() {
  while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  if (pos_ < text_.size()) {
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }
}

bool CsvParser::ParseRecord(CsvRecord* record) {
  record->line = line_;
  record->fields.clear();
  record->columns.clear();
  while (true) {
    const int column = static_cast<int>(pos_ - line_start_) + 1;
    const int field_line = line_;
    std::string value;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      bool closed = false;
      while (pos_ < text_.size()) {
        const char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            value += '"';
            ++pos_;
            continue;
          }
          closed = true;
          break;
        }
        if (c == '\n') {
          ++line_;
          line_start_ = pos_;
        }
        value += c;
      }
      if (!closed) {
        problems_.Add({path_, field_line, column}, "row",
                      "quoted field is never closed; expected a closing \" before the end");
        return false;
      }
      const char after = pos_ < text_.size() ? text_[pos_] : '\n';
      if (after != ',' && after != '\n' && after != '\r') {
        problems_.Add({path_, line_, static_cast<int>(pos_ - line_start_) + 1}, "row",
                      "text after a closing quote; expected a comma or the end of the line");
        return false;
      }
    } else {
      const size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
             text_[pos_] != '\r') {
        ++pos_;
      }
      value.assign(text_.substr(start, pos_ - start));
    }
    record->fields.push_back(std::move(value));
    record->columns.push_back(column);
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    // End of record: consume the line end (LF or CRLF).
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
    line_start_ = pos_;
    return true;
  }
}

}  // namespace gpuplan::detail
