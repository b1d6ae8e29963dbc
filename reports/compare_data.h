// The comparison a `gpuplan compare` output folder holds beside its simulated run: compare.json
// (schema gpuplan.compare/1) and compare_requests.csv (source, ttft_ms, tpot_ms, e2e_ms of every
// successful request, measured and simulated), read back into what the comparison sections of
// the run report show. Readers are the data_files ones: located errors, unknown keys ignored.
#pragma once

#include <filesystem>
#include <optional>

#include "reports/compare_report.h"

namespace gpuplan::report {

inline constexpr const char* kCompareFiles[] = {"compare.json", "compare_requests.csv"};

// nullopt when DIR has no compare.json; a ConfigError when a file is malformed.
std::optional<CompareReportData> ReadCompareData(const std::filesystem::path& dir);

}  // namespace gpuplan::report
