// The files of `gpuplan compare`: compare.json (schema gpuplan.compare/1: the measured file, the
// scenario, the regime and what was simulated, the assumptions, the simulated load, then one
// entry per statistic with measured, simulated and signed relative error) and compare.csv (the
// statistics as rows), both byte-identical for identical inputs; and the console table.
#pragma once

#include <string>

#include "sim/loadtest/compare.h"

namespace gpuplan {

std::string CompareJson(const CompareResult& result);
// compare_requests.csv: source (measured | simulated), ttft_ms, tpot_ms, e2e_ms per successful
// request (TPOT per request excluding the first token, as vllm bench serve; empty when a request
// has one output token or no E2E), for the report's CDF overlays.
std::string CompareRequestsCsv(const MeasuredRun& measured, const MeasuredRun& simulated);
std::string CompareCsv(const CompareResult& result);
std::string CompareTable(const CompareResult& result);

}  // namespace gpuplan
