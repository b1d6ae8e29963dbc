#include "reports/data_files.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "sim/core/error.h"
#include "sim/util/csv_parser.h"
#include "sim/util/text_file.h"

namespace gpuplan::report {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

CsvRows::CsvRows(const std::filesystem::path& path) : path_(path.string()) {
  if (const std::optional<std::string> problem = InputFileProblem(path_, 0)) {
    ThrowDataError(path_, 0, 0, "", *problem + "; expected a readable CSV file");
  }
  in_.open(path);
  if (!in_) ThrowDataError(path_, 0, 0, "", "cannot be read; expected a readable CSV file");
  std::vector<int> columns;
  if (!ReadRecord(&header_, &columns)) {
    ThrowDataError(path_, 1, 1, "", "the file is empty; expected a header row");
  }
  if (auto repeated = detail::FindRepeatedName(header_)) {
    ThrowDataError(
        path_, 1, columns[repeated->first], "",
        detail::RepeatedColumnMessage(header_[repeated->first], columns[repeated->second]));
  }
}

std::optional<size_t> CsvRows::FindColumn(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  return std::nullopt;
}

size_t CsvRows::Column(std::string_view name) const {
  if (auto at = FindColumn(name)) return *at;
  std::string have;
  for (const std::string& h : header_) have += (have.empty() ? "" : ", ") + h;
  ThrowDataError(path_, 1, 1, "",
                 fmt::format("no column '{}'; expected a header with it (found: {})", name, have));
}

bool CsvRows::Next() {
  if (!ReadRecord(&fields_, &columns_)) return false;
  if (fields_.size() != header_.size()) {
    ThrowDataError(
        path_, line_, 1, "",
        fmt::format("{} fields; expected {} as in the header", fields_.size(), header_.size()));
  }
  return true;
}

double CsvRows::Number(size_t column) const {
  std::string_view text = fields_[column];
  if (text.empty()) return std::nan("");
  std::string lower = Lower(text);
  if (lower == "nan" || lower == "null") return std::nan("");
  if (lower == "inf" || lower == "+inf") return INFINITY;
  if (lower == "-inf") return -INFINITY;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    Fail(column, fmt::format("'{}' is not a number; expected a number or an empty field", text));
  }
  return value;
}

void CsvRows::Fail(size_t column, const std::string& message) const {
  int col = column < columns_.size() ? columns_[column] : 1;
  ThrowDataError(path_, line_, col, "", fmt::format("column '{}': {}", header_[column], message));
}

// One record: fields split at commas outside quotes; a quoted field may hold commas, doubled
// quotes and line breaks. Blank lines between records are skipped.
bool CsvRows::ReadRecord(std::vector<std::string>* fields, std::vector<int>* columns) {
  std::string text;
  for (;;) {
    if (!std::getline(in_, text)) return false;
    line_ = next_line_++;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (!text.empty()) break;
  }
  fields->assign(1, "");
  columns->assign(1, 1);
  bool quoted = false;
  for (size_t i = 0;; ++i) {
    if (i == text.size()) {
      if (!quoted) break;
      std::string more;  // a line break inside a quoted field
      if (!std::getline(in_, more)) {
        ThrowDataError(path_, line_, columns->back(), "",
                       "unterminated quoted field; expected a '\"'");
      }
      ++next_line_;
      if (!more.empty() && more.back() == '\r') more.pop_back();
      text += "\n" + more;
    }
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        fields->back() += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        fields->back() += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"' && fields->back().empty()) {
      quoted = true;
    } else if (c == ',') {
      fields->emplace_back();
      columns->push_back(static_cast<int>(i) + 2);
    } else {
      fields->back() += c;
    }
  }
  return true;
}

}  // namespace gpuplan::report
