// The model's validated error per engine and GPU: what `gpuplan plan` quotes beside a verdict so a
// planner can see how far the simulator has been from real serving runs of that engine on that
// GPU. One row per engine x GPU (catalog name, or "*" for every GPU of the engine) x headline
// statistic, with the held-out half's figures (the honest ones: nothing was fitted on them) and
// every row's, as fractions: median and p90 of |predicted - measured| / measured, and the bias
// (median signed error; > 0: the model predicts more than was measured).
#pragma once

#include <string>
#include <vector>

#include "sim/validation/serving_errors.h"

namespace gpuplan {

inline constexpr const char* kErrorBandColumns[] = {
    "engine",        "gpu",      "statistic",  "held_out_rows", "held_out_median", "held_out_p90",
    "held_out_bias", "all_rows", "all_median", "all_p90",       "all_bias"};

// "throughput", "tpot", "ttft_mean", "ttft_tail", "e2e_mean", "e2e_tail".
std::string_view HeadlineKey(Headline h);

// The CSV text (header first), sorted by engine, GPU ("*" first) and headline order; a group
// without any row for a statistic is left out.
std::string ErrorBandsCsv(const std::vector<RowErrors>& errors);

}  // namespace gpuplan
