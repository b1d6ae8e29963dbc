// What a report needs from the output folder of `gpuplan simulate`: summary.json (metrics and the
// run's context, including the per-op breakdown of step time), requests.csv (one row per request:
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
#include "sim/core/slo.h"

namespace gpuplan::report {

// One latency metric of summary.json (milliseconds; NaN when the run had no data).
struct LatencyRow {
  double mean = 0;
  double p50 = 0;
  double p90 = 0;
  double p95 = 0;
  double p99 = 0;
  double max = 0;
  int64_t count = 0;
};

// One SLO threshold of summary.json's "slo" object.
struct SloRow {
  bool enabled = false;  // the object is present (a disabled threshold is written as null)
  double threshold_ms = 0;
  double value_ms = 0;  // at the SLO percentile
  double attainment = 0;
  bool met = false;
};

// Where the predicted step time went: one op of the context's op_seconds.<op> / op_source.<op>.
struct OpTime {
  std::string op;      // "mlp_up_gate"
  double seconds = 0;  // summed over every step of every replica
  std::string source;  // "roofline", "calibrated", "fixed"
  bool measured() const { return source == "calibrated"; }
};

struct RunSummary {
  std::string schema;
  // The context, each value as display text in file order (provenance lists them all).
  std::vector<KeyValue> context;
  std::string scenario;
  std::string model;
  std::string gpu;
  std::string engine;
  std::string engine_version;
  std::string latency_model;
  std::string workload;
  int64_t seed = 0;
  int64_t steps = 0;
  int64_t tensor_parallel = 1;
  int64_t pipeline_parallel = 1;
  int64_t kv_blocks_per_replica = 0;
  int64_t kv_block_size = 0;
  int64_t kv_tokens_per_replica = 0;
  double weight_gib_per_gpu = 0;
  double kv_budget_gib_per_gpu = 0;
  double measured_time_share = 0;
  std::vector<OpTime> ops;  // in the order written (the model's layer order)

  double duration_s = 0;
  double window_start_s = 0;
  int64_t arrived = 0;
  int64_t completed = 0;
  int64_t dropped = 0;
  int64_t unfinished = 0;
  int64_t measured = 0;
  double request_throughput = 0;
  double output_throughput = 0;
  double goodput = 0;
  double tokens_per_s_per_user = 0;
  LatencyRow ttft;
  LatencyRow tpot;
  LatencyRow itl;
  LatencyRow e2e;
  LatencyRow queue_delay;
  double slo_percentile = 0;
  PerSloMetric<SloRow> slo;  // summary.json slo.ttft_ms, slo.tpot_ms, slo.e2e_ms
  double slo_attainment = 0;
  bool slo_met = true;
  // summary.json slo.preset, slo.level and slo.level_met ("ideal", "acceptable", "none"): the
  // three-level verdict of an SLO preset; "" without a preset.
  std::string slo_preset;
  std::string slo_level;
  std::string slo_level_met;
  double gpu_busy_fraction = 0;
  double batch_size_mean = 0;
  double kv_used_fraction_mean = 0;
  double kv_used_fraction_max = 0;
  int64_t preemptions = 0;
  // summary.json "sustained": the fleet fell behind its arrivals (false when not judged).
  bool overloaded = false;
  double sustained_arrival_rate_per_s = 0;
  double sustained_completion_rate_per_s = 0;
  int64_t replicas = 1;
  int64_t gpus = 1;
  bool priced = false;
  double usd_per_gpu_hour = 0;
  double usd_per_hour = 0;
  double usd_per_million_tokens = 0;

  bool any_slo() const {
    for (const SloRow& row : slo) {
      if (row.enabled) return true;
    }
    return false;
  }
};

// Per-request latencies of the measured requests (those arriving at or after the measured
// window's start, as summary.json counts them), in milliseconds; NaN values are left out.
struct RequestSamples {
  std::vector<double> ttft_ms;
  std::vector<double> tpot_ms;
  std::vector<double> e2e_ms;
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
  RunSummary summary;
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

// The parts, for tests and for the plan report's run of the recommended fleet.
RunSummary ParseRunSummary(std::string_view json_text, const std::string& file);
RequestSamples ReadRequestSamples(const std::filesystem::path& path, double window_start_s);
std::vector<TimeseriesPoint> ReadTimeseries(const std::filesystem::path& path);

}  // namespace gpuplan::report
