// Report sections built from one simulated run, shared by the run report (`gpuplan report` on a
// simulate folder) and the plan report (its run of the recommended fleet). A missing input file
// leaves a note in place of its chart, never a gap without explanation.
#pragma once

#include "reports/document.h"
#include "reports/run_data.h"

namespace gpuplan::report {

// Latency table (mean, p50 ... p99, max) and the SLO verdict table of the run.
void AddLatencyTables(Section& section, const SummaryDocument& summary, Lang lang);
// `context`, when not empty, opens each section: what run the charts come from (the plan
// report's simulated run of the recommended fleet).
// The TTFT, TPOT and end-to-end CDFs (from requests.csv).
void AddLatencySection(Document& doc, const RunData& run, std::string_view context = "");
// KV-cache use and queue length over time (from timeseries.csv).
void AddKvQueueSection(Document& doc, const RunData& run, std::string_view context = "");
// The prompt and output lengths of the measured requests (requests.csv): two histograms and their
// mean, p50 and p99.
void AddLengthsSection(Document& doc, const RunData& run, std::string_view context = "");
// Step time per op family, measured versus estimated, and the per-op table.
void AddStepBreakdownSection(Document& doc, const RunData& run, std::string_view context = "");

}  // namespace gpuplan::report
