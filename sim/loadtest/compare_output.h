// The files of `gpuplan compare`: compare.json (schema gpuplan.compare/1: the measured file, the
// scenario, the regime and what was simulated, the assumptions, the simulated load, then one
// entry per statistic with measured, simulated and signed relative error) and compare.csv (the
// statistics as rows), both byte-identical for identical inputs; and the console table.
#pragma once

#include <string>

#include "sim/loadtest/compare.h"

namespace gpuplan {

std::string CompareJson(const CompareResult& result);
std::string CompareCsv(const CompareResult& result);
std::string CompareTable(const CompareResult& result);

}  // namespace gpuplan
