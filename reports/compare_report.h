// The report of `gpuplan compare --report`: a real load test against the simulation of its load,
// in a planner's words: the verdict (error and the load it was measured at), every statistic side
// by side, CDF overlays of TTFT, TPOT and E2E (measured and simulated requests) when the result
// lists its requests, and the load that was replayed with the assumptions made. Plain data in, a
// Document out: nothing here simulates or reads files.
#pragma once

#include <string>
#include <vector>

#include "reports/document.h"
#include "reports/locale.h"

namespace gpuplan::report {

struct CompareReportData {
  std::string measured_file;
  std::string scenario;
  std::string regime;
  std::string simulated_workload;
  // The verdict's numbers (CompareResult::MedianAbsError and the simulated load).
  double median_abs_error = 0;
  double gpu_busy = 0;
  double kv_used_max = 0;
  bool near_saturation = false;
  std::vector<std::string> assumptions;
  struct Row {
    std::string statistic;
    double measured = 0;
    double simulated = 0;
    double error = 0;  // (simulated - measured) / measured
  };
  std::vector<Row> rows;
  // Per request, in ms; the measured lists are empty when the result lists no requests.
  std::vector<double> measured_ttft_ms, simulated_ttft_ms;
  std::vector<double> measured_tpot_ms, simulated_tpot_ms;
  std::vector<double> measured_e2e_ms, simulated_e2e_ms;
};

// The comparison's sections (verdict, statistics, distributions, load), appended to `doc`: the
// run report of a `gpuplan compare` folder puts them after its summary.
void AddComparisonSections(Document& doc, const CompareReportData& data);

// The comparison alone, as a document of its own.
Document CompareDocument(const CompareReportData& data, Lang lang, const std::string& footer);

}  // namespace gpuplan::report
