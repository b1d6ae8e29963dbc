// The report of one simulated run (`gpuplan report DIR` on a `gpuplan simulate` output folder):
// a summary with the configuration, the latency table, SLO verdicts and cost; the memory plan;
// latency CDFs; KV-cache use and queue length over time; where step time went; provenance.
#pragma once

#include <string>

#include "reports/document.h"
#include "reports/run_data.h"

namespace gpuplan::report {

// What the report says about itself (printed in the footer and the provenance section).
struct ReportInfo {
  std::string gpuplan_version;  // the program that renders the report
};

Document BuildRunReport(const RunData& run, Lang lang, const ReportInfo& info);

}  // namespace gpuplan::report
