#include "sim/validation/serving_check.h"

#include <fmt/format.h>

#include <optional>
#include <regex>
#include <sstream>

#include "sim/util/generated_sections.h"
#include "sim/util/options.h"

namespace gpuplan {
namespace {

// One table of a section: its header cells and its rows by their first cell.
struct Table {
  std::vector<std::string> header;
  std::map<std::string, std::vector<std::string>> rows;
};

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|') {
      const size_t a = cell.find_first_not_of(' ');
      const size_t b = cell.find_last_not_of(' ');
      cells.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return cells;
}

// The Markdown tables of a section, in order.
std::vector<Table> ParseTables(const std::string& text) {
  std::vector<Table> tables;
  std::istringstream in(text);
  bool in_table = false;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("|")) {
      in_table = false;
      continue;
    }
    if (!in_table) {
      tables.push_back({Cells(line), {}});
      in_table = true;
      continue;
    }
    if (line.starts_with("|---")) continue;
    std::vector<std::string> cells = Cells(line);
    if (cells.empty()) continue;
    const std::string key = cells.front();
    tables.back().rows[key] = std::move(cells);
  }
  return tables;
}

struct ErrorCell {
  double median = 0, p90 = 0;
  int n = 0;
};

std::optional<ErrorCell> ParseErrorCell(const std::string& cell) {
  static const std::regex kCell(R"(^([0-9.]+) / ([0-9.]+) \((\d+)\)$)");
  std::smatch m;
  if (!std::regex_match(cell, m, kCell)) return std::nullopt;
  return ErrorCell{std::stod(m[1]), std::stod(m[2]), std::stoi(m[3])};
}

class Gate {
 public:
  explicit Gate(double tolerance) : tolerance_(tolerance) {}

  void CompareSection(const std::string& name, const std::string& old_text,
                      const std::string& new_text) {
    const std::vector<Table> old_tables = ParseTables(old_text);
    const std::vector<Table> new_tables = ParseTables(new_text);
    for (size_t t = 0; t < old_tables.size() && t < new_tables.size(); ++t) {
      for (const auto& [key, old_cells] : old_tables[t].rows) {
        const auto it = new_tables[t].rows.find(key);
        const std::string where = fmt::format("{}: {}", name, key);
        if (it == new_tables[t].rows.end()) {
          result_.worse.push_back(where + ": row no longer produced");
          continue;
        }
        CompareRow(where, old_tables[t].header, old_cells, it->second);
      }
    }
  }

  GateResult Take() { return std::move(result_); }

 private:
  void CompareRow(const std::string& where, const std::vector<std::string>& header,
                  const std::vector<std::string>& old_cells,
                  const std::vector<std::string>& new_cells) {
    for (size_t c = 1; c < old_cells.size() && c < new_cells.size() && c < header.size(); ++c) {
      const std::string what = fmt::format("{}: {}", where, header[c]);
      if (header[c] == "simulated" || header[c] == "failed") {
        CompareCount(what, old_cells[c], new_cells[c], header[c] == "simulated");
        continue;
      }
      const auto old_cell = ParseErrorCell(old_cells[c]);
      if (!old_cell) continue;  // not an error cell
      const auto new_cell = ParseErrorCell(new_cells[c]);
      if (!new_cell) {
        result_.worse.push_back(fmt::format("{}: had {} rows, now none", what, old_cell->n));
        continue;
      }
      CompareError(what + " median", old_cell->median, new_cell->median, tolerance_);
      CompareError(what + " p90", old_cell->p90, new_cell->p90, 2 * tolerance_);
    }
  }

  void CompareError(const std::string& what, double old_value, double new_value, double tol) {
    if (new_value > old_value + tol) {
      result_.worse.push_back(fmt::format("{} {:.1f}% -> {:.1f}% (tolerance {:.1f} points)", what,
                                          old_value, new_value, tol));
    } else if (new_value < old_value - tol) {
      result_.better.push_back(fmt::format("{} {:.1f}% -> {:.1f}%", what, old_value, new_value));
    }
  }

  void CompareCount(const std::string& what, const std::string& old_text,
                    const std::string& new_text, bool more_is_better) {
    const auto old_n = ParseInt(old_text);
    const auto new_n = ParseInt(new_text);
    if (!old_n || !new_n || *old_n == *new_n) return;
    const bool improved = more_is_better ? *new_n > *old_n : *new_n < *old_n;
    (improved ? result_.better : result_.worse)
        .push_back(fmt::format("{} {} -> {}", what, *old_n, *new_n));
  }

  double tolerance_;
  GateResult result_;
};

}  // namespace

GateResult CheckAgainstDocument(const std::string& doc,
                                const std::map<std::string, std::string>& tables,
                                double tolerance_points) {
  Gate gate(tolerance_points);
  std::vector<std::string> missing;
  for (const auto& [name, text] : tables) {
    const std::optional<std::string> published = GeneratedSection(doc, name);
    if (!published) {
      missing.push_back(name);
      continue;
    }
    gate.CompareSection(name, *published, text);
  }
  GateResult result = gate.Take();
  result.missing = std::move(missing);
  return result;
}

}  // namespace gpuplan
