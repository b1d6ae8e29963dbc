// The outputs of `gpuplan validate serving`: Markdown tables (coverage, error summaries by set,
// engine, GPU and regime, the worst rows with their likely reason) keyed by the name of their
// generated section in docs/validation.md, and the row-by-row CSV. Errors are relative and shown
// in percent: "median / p90 (n)" of |predicted - measured| / measured over the rows that have the
// statistic.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/validation/serving_errors.h"

namespace gpuplan {

// The section names, for a run over every row of the chosen sets: serving-coverage,
// serving-summary, serving-bias, serving-by-set, serving-by-engine, serving-by-gpu,
// serving-by-regime and serving-worst. For a named subset (e.g. "gate"), a single section
// "serving-<subset>" with the summary by engine.
std::map<std::string, std::string> ServingTables(const std::vector<RowOutcome>& outcomes,
                                                 const std::vector<RowErrors>& errors,
                                                 const std::string& subset);

// One line per compared statistic of each simulated row, one line per other row (its status and
// reason), with the row's configuration, load and assumptions.
std::string ServingRowsCsv(const std::vector<RowOutcome>& outcomes,
                           const std::vector<RowErrors>& errors);

// The likely reason for a row's largest error, from its load and its assumptions.
std::string LikelyReason(const RowErrors& errors);

// "KV 97% max, queue 64% of TTFT, 120 preemptions"
std::string DescribeLoad(const RowLoad& load);

}  // namespace gpuplan
