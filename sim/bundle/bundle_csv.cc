#include "sim/bundle/bundle_csv.h"

#include "sim/util/csv_parser.h"

namespace gpuplan {
namespace {

// Walks the text once, keeping line and column for every cell.
class CsvScanner {
 public:
  CsvScanner(std::string_view text, const std::string& path, Diagnostics& diags)
      : text_(text), path_(path), diags_(diags) {}

  // Reads the next record; false at the end of the text or after a syntax error.
  bool Next(CsvRecord* record) {
    while (pos_ < text_.size() && (Peek() == '\n' || Peek() == '\r')) Advance();  // blank lines
    if (pos_ >= text_.size() || failed_) return false;
    record->line = line_;
    record->cells.clear();
    while (true) {
      CsvCell cell;
      cell.column = column_;
      if (!ReadCell(&cell.text)) return false;
      record->cells.push_back(std::move(cell));
      if (pos_ >= text_.size()) return true;
      const char c = Advance();
      if (c == ',') continue;
      if (c == '\r' && pos_ < text_.size() && Peek() == '\n') Advance();
      return true;  // '\n' or a lone '\r'
    }
  }

 private:
  char Peek() const { return text_[pos_]; }
  char Advance() {
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    return c;
  }
  bool AtCellEnd() const {
    return pos_ >= text_.size() || Peek() == ',' || Peek() == '\n' || Peek() == '\r';
  }

  bool ReadCell(std::string* out) {
    if (pos_ < text_.size() && Peek() == '"') return ReadQuoted(out);
    while (!AtCellEnd()) out->push_back(Advance());
    return true;
  }

  bool ReadQuoted(std::string* out) {
    const int line = line_, column = column_;
    Advance();  // opening quote
    while (true) {
      if (pos_ >= text_.size()) return Fail(line, column, "unterminated quoted cell");
      const char c = Advance();
      if (c != '"') {
        out->push_back(c);
      } else if (pos_ < text_.size() && Peek() == '"') {
        out->push_back(Advance());
      } else {
        break;
      }
    }
    if (!AtCellEnd()) return Fail(line_, column_, "text after a closing quote");
    return true;
  }

  bool Fail(int line, int column, const std::string& what) {
    diags_.Add({path_, line, column}, "",
               what + "; expected RFC 4180 quoting (\"...\", with \"\" for a quote)");
    failed_ = true;
    return false;
  }

  std::string_view text_;
  const std::string& path_;
  Diagnostics& diags_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  bool failed_ = false;
};

}  // namespace

SourceLoc CsvDocument::LocOf(const CsvRecord& record, size_t cell) const {
  const int column = cell < record.cells.size() ? record.cells[cell].column : 1;
  return {path, record.line, column};
}

CsvDocument ParseCsv(std::string_view text, const std::string& path, Diagnostics& diags) {
  CsvDocument doc;
  doc.path = path;
  CsvScanner scanner(text, path, diags);
  if (!scanner.Next(&doc.header)) return doc;
  std::vector<std::string> names;
  for (const CsvCell& cell : doc.header.cells) names.push_back(cell.text);
  if (auto repeated = detail::FindRepeatedName(names)) {
    diags.Add(doc.LocOf(doc.header, repeated->first), "",
              detail::RepeatedColumnMessage(names[repeated->first],
                                            doc.header.cells[repeated->second].column));
  }
  CsvRecord record;
  while (scanner.Next(&record)) doc.rows.push_back(record);
  return doc;
}

}  // namespace gpuplan
