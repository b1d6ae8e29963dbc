// A minimal CSV reader for the fidelity tests: comma-separated, no quoting (the Vidur and
// Splitwise profiles have none), first line is the header.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan::testing {

class CsvTable {
 public:
  // Returns false when the file cannot be opened.
  bool Load(const std::string& path) {
    std::ifstream in(path);
    if (!in) return false;
    std::string line;
    if (!std::getline(in, line)) return false;
    header_ = Split(line);
    while (std::getline(in, line)) {
      if (!line.empty()) rows_.push_back(Split(line));
    }
    return true;
  }

  size_t Column(const std::string& name) const {
    for (size_t i = 0; i < header_.size(); ++i) {
      if (header_[i] == name) return i;
    }
    GPUPLAN_CHECK(false, "no column '{}'", name);
    return 0;
  }

  const std::string& Text(size_t row, size_t column) const { return rows_.at(row).at(column); }
  double Number(size_t row, size_t column) const { return std::stod(Text(row, column)); }
  size_t size() const { return rows_.size(); }

 private:
  static std::vector<std::string> Split(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) {
      if (!cell.empty() && cell.back() == '\r') cell.pop_back();
      cells.push_back(cell);
    }
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    return cells;
  }

  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace gpuplan::testing
