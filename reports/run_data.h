// What a report needs from the output folder of `gpuplan simulate`: summary.json (metrics and the
// run's context, including the per-op breakdown of step time: a SummaryDocument, read with its
// codec in sim/documents/summary_document.h), requests.csv (one row per request:
// the latency distributions), timeseries.csv (queue and KV cache over time) and
// resolved_scenario.yaml (shown verbatim for provenance). The folder is read, never simulated.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reports/compare_report.h"
#include "reports/document.h"
#include "sim/documents/summary_document.h"

namespace gpuplan::report {

// Per-request latencies of the measured requests (those arriving at or after the measured
// window's start, as summary.json counts them), in milliseconds; NaN values are left out.
struct RequestSamples {
  std::vector<double> ttft_ms;
  std::vector<double> tpot_ms;
  std::vector<double> e2e_ms;
  std::vector<double> prompt_tokens;  // of the same measured requests
  std::vector<double> output_tokens;
  int64_t rows = 0;  // every row, warm-up included
};

struct TimeseriesPoint {
  double t_s = 0;
  double waiting = 0;
  double running = 0;
  double kv_used_fraction = 0;
};

struct RunData {
  std::filesystem::path dir;
  SummaryDocument summary;  // summary.json, read with its codec
  bool has_requests = false;
  RequestSamples requests;
  bool has_timeseries = false;
  std::vector<TimeseriesPoint> timeseries;
  std::string resolved_yaml;  // "" when the file is absent
  // A `gpuplan compare` folder: the measured load test this run simulated (compare_data.h).
  std::optional<CompareReportData> comparison;
};

// The files a run report is built from, in the order they are read.
inline constexpr const char* kRunFiles[] = {"summary.json",   "requests.csv",
                                            "timeseries.csv", "resolved_scenario.yaml",
                                            "compare.json",   "compare_requests.csv"};

// Reads a simulate output folder. summary.json is required; the other files are optional (their
// charts are then left out with a note). Malformed files throw ConfigError naming the file, line
// and what was expected.
RunData ReadRunData(const std::filesystem::path& dir);

// The parts, for tests and for the plan report's run of the recommended fleet (summary.json is
// read by sim/documents' ParseSummaryDocument).
RequestSamples ReadRequestSamples(const std::filesystem::path& path, double window_start_s);
std::vector<TimeseriesPoint> ReadTimeseries(const std::filesystem::path& path);

}  // namespace gpuplan::report
