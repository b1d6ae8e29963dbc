// Helpers shared by the workload tests: option tables written in code, files written to a
// per-test temporary folder, and draining a RequestSource.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "sim/util/options.h"
#include "sim/workload/workload.h"
#include "tests/common/temp_dir.h"

namespace gpuplan::testing {

inline ParamTable Params(std::initializer_list<std::pair<std::string, std::string>> values,
                         std::string path = "workload.test") {
  ParamTable table;
  table.path = std::move(path);
  table.loc = {"scenario.yaml", 3, 5};
  int line = 4;
  for (const auto& [key, text] : values) {
    table.values[key] = ParamValue{text, {}, false, {"scenario.yaml", line++, 7}};
  }
  return table;
}

// All diagnostics as text, one per line.
inline std::string Text(const Diagnostics& diags) {
  std::string text;
  for (const Diagnostic& d : diags.items()) text += d.ToString() + "\n";
  return text;
}

// Every open-loop request of a source (bounded by `cap` to keep a broken test from hanging).
inline std::vector<RequestSpec> Drain(RequestSource& source, size_t cap = 10'000'000) {
  std::vector<RequestSpec> out;
  RequestSpec spec;
  while (out.size() < cap && source.Next(&spec)) out.push_back(spec);
  return out;
}

}  // namespace gpuplan::testing
