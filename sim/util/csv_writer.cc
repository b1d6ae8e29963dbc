#include "sim/util/csv_writer.h"

#include <fmt/format.h>

#include <cmath>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool NeedsQuotes(std::string_view field) {
  if (field.empty()) return false;
  if (IsBlank(field.front()) || IsBlank(field.back())) return true;
  return field.find_first_of(",\"\r\n") != std::string_view::npos;
}

}  // namespace

std::string FormatCsvDouble(double value) {
  // Spelled out rather than left to fmt so that the sign bit of a NaN never shows ("-nan").
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return fmt::format("{}", value);
}

std::string QuoteCsvField(std::string_view field) {
  if (!NeedsQuotes(field)) return std::string(field);
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

CsvWriter& CsvWriter::Text(std::string_view value) {
  if (!NeedsQuotes(value)) return Raw(value);
  return Raw(QuoteCsvField(value));
}

CsvWriter& CsvWriter::Int(int64_t value) { return Raw(fmt::format("{}", value)); }
CsvWriter& CsvWriter::Uint(uint64_t value) { return Raw(fmt::format("{}", value)); }
CsvWriter& CsvWriter::Double(double value) { return Raw(FormatCsvDouble(value)); }
CsvWriter& CsvWriter::Empty() { return Raw(""); }

void CsvWriter::EndRow() {
  out_ += '\n';
  row_started_ = false;
}

void CsvWriter::Row(std::initializer_list<std::string_view> fields) {
  GPUPLAN_CHECK(!row_started_, "CsvWriter::Row inside an unfinished row");
  for (std::string_view field : fields) Text(field);
  EndRow();
}

std::string CsvWriter::TakeString() {
  GPUPLAN_CHECK(!row_started_, "CsvWriter::TakeString inside an unfinished row");
  std::string taken = std::move(out_);
  out_.clear();
  return taken;
}

CsvWriter& CsvWriter::Raw(std::string_view text) {
  if (row_started_) out_ += ',';
  out_.append(text);
  row_started_ = true;
  return *this;
}

}  // namespace gpuplan
