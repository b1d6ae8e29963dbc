// The latency model's own error, put beside a plan's verdict. `gpuplan validate serving --bands`
// measures how far the simulator has been from real serving runs, per engine x GPU x headline
// statistic (sim/validation/error_bands.h); the catalog ships that table as
// <catalog>/validation/serving_error_bands.csv. The planner picks the band for the recommended
// candidate's engine and GPU and warns when an SLO margin is smaller than the model's median error
// for that metric: such a verdict rests inside the model's typical error, and real hardware may
// turn a pass into a miss. docs/planning-method.md, "The model's own error".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/slo.h"

namespace gpuplan {

struct Candidate;
struct ProbeResult;

// A band is used only when at least this many serving runs stand behind it: below, a median is one
// or two runs' error and says little about the next one.
inline constexpr int kMinModelErrorRows = 5;

// The statistics a plan quotes, in the order it lists them: the SLO metrics' (TTFT mean for TTFT,
// TPOT, E2E mean for E2E), then throughput.
inline constexpr std::string_view kModelErrorStatistics[] = {"ttft_mean", "tpot", "e2e_mean",
                                                             "throughput"};

// One row of serving_error_bands.csv. Fractions; the held-out figures are NaN when held_out_rows
// is 0 (the CSV leaves them empty).
struct ErrorBandRow {
  std::string engine;
  std::string gpu;  // catalog name, or "*" for every GPU of the engine
  std::string statistic;
  int held_out_rows = 0;
  double held_out_median = 0;
  double held_out_p90 = 0;
  double held_out_bias = 0;
  int all_rows = 0;
  double all_median = 0;
  double all_p90 = 0;
  double all_bias = 0;
};

struct ErrorBands {
  std::string path;
  std::vector<ErrorBandRow> rows;
};

// The bands CSV of a catalog folder: <root>/validation/serving_error_bands.csv.
std::string ErrorBandsPath(const std::string& catalog_root);

// Parses the CSV text; throws ConfigError located at the bad cell ("path:line:col: column 'x':
// ...; expected ...") for a missing column, a wrong field count, a number that does not read or
// a negative count.
ErrorBands ParseErrorBands(std::string_view text, const std::string& path);

// The catalog's bands; nullopt when the file does not exist (the plan then says "not
// validated"). Throws ConfigError when it exists but does not read.
std::optional<ErrorBands> ReadErrorBands(const std::string& catalog_root);

// The band one statistic came from.
struct ModelErrorStat {
  std::string statistic;  // one of kModelErrorStatistics
  std::string gpu;        // the CSV's gpu: the candidate's own, or "*" (the engine's every GPU)
  bool held_out = true;   // the held-out half (nothing was fitted on it), else every row
  int rows = 0;
  double median = 0;  // median |predicted - measured| / measured
  double p90 = 0;
  double bias = 0;  // median signed error; > 0: the model predicts more than was measured
};

// The model's error for one candidate's engine and GPU.
struct ModelError {
  std::string engine;  // the CSV's engine the candidate's preset maps to; "" when none
  std::string gpu;     // the candidate's GPU (catalog name)
  std::vector<ModelErrorStat> statistics;  // kModelErrorStatistics order; empty: not validated
  std::string not_validated;               // why, when `statistics` is empty

  bool validated() const { return !statistics.empty(); }
  const ModelErrorStat* Find(std::string_view statistic) const;
};

// For each statistic the first of: (engine, gpu) held-out, (engine, gpu) every row, (engine, "*")
// held-out, (engine, "*") every row, with at least kMinModelErrorRows rows; a statistic with none
// is left out. `engine` is tried first as written, then as `engine_family` (the engine whose
// memory rule a preset uses: a preset "vllm-0.8" with kv_memory_rule vllm is validated as vllm).
// `bands` nullptr: no file, not validated.
ModelError PickModelError(const ErrorBands* bands, std::string_view engine,
                          std::string_view engine_family, std::string_view gpu);

// The same for a built candidate: its engine preset and GPU, and only when its latency model is
// the one the bands measured (the roofline or a calibration bundle); a plan's own latency model
// (`fixed`, ...) is not validated by them.
ModelError CandidateModelError(const ErrorBands* bands, const Candidate& candidate);

// "h100_sxm, held-out half, 80 rows" / "every GPU, all rows, 147 rows".
std::string ModelErrorScopeText(const ModelErrorStat& stat);

// "TTFT mean", "TPOT", "E2E mean", "throughput".
std::string_view ModelErrorStatisticLabel(std::string_view statistic);

// The console's line: "model error for vllm on h100_sxm (held-out half, 80 rows): TTFT mean
// 52.7% median / 168.7% p90, TPOT 8.4% / 29.3%"; a statistic from another scope than the first
// names its own. Not validated: "model error: not validated (why)".
std::string ModelErrorSummary(const ModelError& error);

// An enabled SLO metric of a probe whose margin is smaller than the model's median error for it.
struct MarginWithinError {
  SloMetric metric = SloMetric::kTtft;
  double margin = 0;
  ModelErrorStat stat;
};

// Every enabled metric of `probe` whose margin < the median error of its statistic, in SLO metric
// order; empty when not validated.
std::vector<MarginWithinError> MarginsWithinModelError(const ModelError& error,
                                                       const ProbeResult& probe);

}  // namespace gpuplan
