#include "sim/workload/csv_reader.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "sim/core/suggest.h"
#include "sim/util/csv_parser.h"
#include "sim/util/options.h"
#include "sim/util/text_file.h"

namespace gpuplan::detail {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s, int* column) {
  while (!s.empty() && IsBlank(s.front())) {
    s.remove_prefix(1);
    ++*column;
  }
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

void ThrowFileError(const std::string& path, int line, int column, const std::string& message) {
  throw ConfigError({Diagnostic{SourceLoc{path, line, column}, "", message}});
}

CsvReader::CsvReader(std::string path) : path_(std::move(path)) {
  // Streamed, so any size; but never a FIFO or a device, which would block or never end.
  if (const std::optional<std::string> problem = InputFileProblem(path_, 0)) {
    ThrowFileError(path_, 0, 0, *problem + "; expected a readable CSV file");
  }
  in_.open(path_);
  if (!in_) {
    ThrowFileError(
        path_, 0, 0,
        fmt::format("cannot open file: {}; expected a readable CSV file", std::strerror(errno)));
  }
  if (!ReadLine()) ThrowFileError(path_, 1, 1, "file is empty; expected a header row");
  // Spreadsheet exports may start with a UTF-8 byte-order mark; it is not part of the name.
  if (line_text_.starts_with("\xEF\xBB\xBF")) line_text_.erase(0, 3);
  Split();
  for (std::string_view f : fields_) header_.emplace_back(f);
  if (auto repeated = FindRepeatedName(header_)) {
    ThrowFileError(path_, line_, columns_[repeated->first],
                   RepeatedColumnMessage(header_[repeated->first], columns_[repeated->second]));
  }
}

bool CsvReader::ReadLine() {
  while (std::getline(in_, line_text_)) {
    ++line_;
    if (!line_text_.empty() && line_text_.back() == '\r') line_text_.pop_back();
    if (const size_t cr = line_text_.find('\r'); cr != std::string::npos) {
      ThrowFileError(path_, line_, static_cast<int>(cr) + 1,
                     std::string(kLoneCarriageReturnMessage));
    }
    for (char c : line_text_) {
      if (!IsBlank(c)) return true;
    }
  }
  return false;
}

void CsvReader::Split() {
  fields_.clear();
  columns_.clear();
  const std::string_view text = line_text_;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const size_t end = comma == std::string_view::npos ? text.size() : comma;
    int column = static_cast<int>(start) + 1;
    fields_.push_back(Trim(text.substr(start, end - start), &column));
    columns_.push_back(column);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

size_t CsvReader::Column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  ThrowFileError(path_, 1, 1,
                 fmt::format("no column '{}' in the header; expected one of: {}{}", name,
                             JoinNames(header_), DidYouMean(name, header_)));
}

bool CsvReader::NextRow() {
  if (!ReadLine()) return false;
  Split();
  if (fields_.size() != header_.size()) {
    ThrowFileError(path_, line_, 1,
                   fmt::format("row has {} fields; expected {} as in the header ({})",
                               fields_.size(), header_.size(), JoinNames(header_)));
  }
  return true;
}

void CsvReader::FailAt(size_t column, const std::string& message) const {
  ThrowFileError(path_, line_, columns_[column], message);
}

int64_t CsvReader::IntField(size_t column) const {
  const std::optional<int64_t> value = ParseInt(fields_[column]);
  if (!value) {
    FailAt(column, fmt::format("{} '{}' is not an integer; expected a whole number",
                               header_[column], fields_[column]));
  }
  return *value;
}

double CsvReader::DoubleField(size_t column) const {
  const std::optional<double> value = ParseDouble(fields_[column]);
  if (!value) {
    FailAt(column, fmt::format("{} '{}' is not a number; expected a finite decimal number",
                               header_[column], fields_[column]));
  }
  return *value;
}

}  // namespace gpuplan::detail
