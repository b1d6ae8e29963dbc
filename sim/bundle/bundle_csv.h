// The CSV dialect of calibration bundles (docs/calibration-format.md, section 2): one header line,
// then one line per row, comma separated, a cell quoted ("...", "" for a quote) only when it
// holds a comma, a quote or a line break. Every row keeps the line and column where each of its
// cells starts, so that readers can say `file:line:col: column: what is wrong; what was expected`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan {

struct CsvCell {
  std::string text;
  int column = 0;  // 1-based character column where the cell starts
};

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<CsvCell> cells;
};

struct CsvDocument {
  std::string path;  // for messages
  CsvRecord header;  // empty when the file was empty
  std::vector<CsvRecord> rows;

  SourceLoc LocOf(const CsvRecord& record, size_t cell) const;
};

// Splits `text` into records. An unterminated quote or text after a closing quote becomes a
// diagnostic at its position (the rest of the file is then not read). Blank lines are skipped;
// a trailing CR is dropped (files edited on Windows still read).
CsvDocument ParseCsv(std::string_view text, const std::string& path, Diagnostics& diags);

}  // namespace gpuplan
