#include "sim/loadtest/requests_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/core/error.h"
#include "sim/core/sim_time.h"
#include "sim/loadtest/bench_stats.h"
#include "sim/util/csv_parser.h"
#include "sim/util/text_file.h"

namespace gpuplan {
namespace {

constexpr const char* kColumns[] = {"arrival_offset_s", "input_tokens", "output_tokens", "ttft_ms",
                                    "e2e_ms"};
// The percentiles reported for a per-request file (both sides are computed here).
const std::vector<double> kPercentiles = {90, 99};

class RowReader {
 public:
  RowReader(const detail::CsvRecord& record, const std::map<std::string, size_t>& column,
            const std::string& name, Diagnostics& diags)
      : record_(record), column_(column), name_(name), diags_(diags) {}

  double Number(const char* key, double lo, double hi, const char* expected) {
    const size_t i = column_.at(key);
    if (i >= record_.fields.size()) {
      Fail(i, key, "is missing", expected);
      return 0;
    }
    const std::string& text = record_.fields[i];
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(v) || v < lo || v > hi) {
      Fail(i, key, fmt::format("'{}' is not valid", text), expected);
      return 0;
    }
    return v;
  }

 private:
  void Fail(size_t i, const char* key, const std::string& what, const char* expected) {
    const int col = i < record_.columns.size() ? record_.columns[i] : 1;
    diags_.Add({name_, record_.line, col}, key, fmt::format("{}; expected {}", what, expected));
  }

  const detail::CsvRecord& record_;
  const std::map<std::string, size_t>& column_;
  const std::string& name_;
  Diagnostics& diags_;
};

MeasuredRequest ReadRow(RowReader& row) {
  MeasuredRequest r;
  r.send_s = row.Number("arrival_offset_s", 0, kMaxSimSeconds, "seconds >= 0");
  r.input_tokens = static_cast<int32_t>(row.Number("input_tokens", 1, 1e9, "a token count >= 1"));
  r.output_tokens = static_cast<int32_t>(row.Number("output_tokens", 1, 1e9, "a token count >= 1"));
  r.ttft_s = row.Number("ttft_ms", 0, kMaxSimSeconds * 1e3, "milliseconds >= 0") / 1e3;
  r.latency_s = row.Number("e2e_ms", 0, kMaxSimSeconds * 1e3, "milliseconds >= 0") / 1e3;
  return r;
}

}  // namespace

MeasuredRun ParseRequestsCsv(const std::string& text, const std::string& name) {
  detail::CsvParser parser(text, name);
  Diagnostics diags;
  detail::CsvRecord header;
  if (!parser.Next(&header)) {
    diags.Add({name, 1, 1}, "", "empty file; expected a header row and one row per request");
    diags.ThrowIfAny();
  }
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.fields.size(); ++i) column.emplace(header.fields[i], i);
  for (const char* key : kColumns) {
    if (!column.contains(key)) {
      diags.Add({name, header.line, 1}, key,
                "column missing; expected arrival_offset_s, input_tokens, output_tokens, ttft_ms "
                "and e2e_ms");
    }
  }
  diags.ThrowIfAny();
  MeasuredRun run;
  run.format = "requests_csv";
  run.source_file = name;
  for (detail::CsvRecord record; parser.Next(&record);) {
    RowReader row(record, column, name, diags);
    run.requests.push_back(ReadRow(row));
  }
  for (const Diagnostic& d : parser.problems().items()) diags.Add(d.loc, d.path, d.message);
  if (run.requests.empty() && diags.empty()) {
    diags.Add({name, 0, 0}, "", "no request rows; expected one row per request");
  }
  diags.ThrowIfAny();
  double start = run.requests.front().send_s, end = 0;
  for (const MeasuredRequest& r : run.requests) {
    start = std::min(start, r.send_s);
    end = std::max(end, r.send_s + r.latency_s);
  }
  run.regime.recorded_sends = true;
  run.regime.num_requests = static_cast<int64_t>(run.requests.size());
  run.duration_s = end - start;
  for (const auto& [key, value] : VllmBenchStats(run.requests, run.duration_s, kPercentiles)) {
    if (key.find("_itl_") == std::string::npos) run.stats.emplace_back(key, value);
  }
  return run;
}

MeasuredRun ReadRequestsCsv(const std::string& path) {
  return ParseRequestsCsv(ReadInputFile(path, "a per-request CSV"), path);
}

}  // namespace gpuplan
