#include "sim/bundle/serving_terms_csv.h"

#include <fmt/format.h>

#include <cmath>

#include "sim/bundle/bundle_csv.h"
#include "sim/util/options.h"

namespace gpuplan {
namespace {

std::optional<size_t> ColumnOf(const CsvDocument& doc, std::string_view name) {
  for (size_t i = 0; i < doc.header.cells.size(); ++i) {
    if (doc.header.cells[i].text == name) return i;
  }
  return std::nullopt;
}

void ReadRow(const CsvDocument& doc, const CsvRecord& row, size_t term_col, size_t value_col,
             ServingTermOverrides* out, Diagnostics& diags) {
  if (row.cells.size() != doc.header.cells.size()) {
    diags.Add(doc.LocOf(row, 0), "",
              fmt::format("{} cells; expected {} as in the header", row.cells.size(),
                          doc.header.cells.size()));
    return;
  }
  const std::optional<ServingTerm> term = ServingTermByName(row.cells[term_col].text);
  if (!term) return;
  const ServingTermInfo& info = InfoOf(*term);
  const std::string& text = row.cells[value_col].text;
  const std::optional<double> value = ParseDouble(text);
  if (!value || !std::isfinite(*value)) {
    diags.Add(doc.LocOf(row, value_col), "value",
              fmt::format("'{}' is not a number; expected a finite number", text));
  } else if (*value < info.lower || *value > info.upper) {
    diags.Add(doc.LocOf(row, value_col), "value",
              fmt::format("{} = {} is outside its bounds; expected {} to {} {}", info.name, text,
                          info.lower, info.upper, info.unit));
  } else if ((*out)[static_cast<size_t>(*term)]) {
    diags.Add(doc.LocOf(row, term_col), "term",
              fmt::format("{} is stated twice; expected each term once", info.name));
  } else {
    (*out)[static_cast<size_t>(*term)] = *value;
  }
}

}  // namespace

void ParseServingTermsCsv(const std::string& text, const std::string& path,
                          ServingTermOverrides* out, Diagnostics& diags) {
  const CsvDocument doc = ParseCsv(text, path, diags);
  const std::optional<size_t> term_col = ColumnOf(doc, "term");
  const std::optional<size_t> value_col = ColumnOf(doc, "value");
  if (!term_col || !value_col) {
    diags.Add({path, 1, 1}, "",
              "the header lacks 'term' or 'value'; expected term,value,default,lower,upper,unit");
    return;
  }
  for (const CsvRecord& row : doc.rows) ReadRow(doc, row, *term_col, *value_col, out, diags);
}

std::string FormatServingTermsCsv(const ServingTermOverrides& terms,
                                  const ServingTermValues* defaults) {
  std::string text = "term,value,default,lower,upper,unit\n";
  for (const ServingTermInfo& info : ServingTermInfos()) {
    const std::optional<double>& value = terms[static_cast<size_t>(info.term)];
    if (!value) continue;
    const std::string start = defaults != nullptr ? fmt::format("{}", (*defaults)[info.term]) : "";
    text += fmt::format("{},{},{},{},{},{}\n", info.name, *value, start, info.lower, info.upper,
                        info.unit);
  }
  return text;
}

}  // namespace gpuplan
