// ServingRow: one measured operating point of a real serving run, as the public validation data
// (../shared/validation/serving.csv, see its README.md) records it: what ran (engine, model, GPU,
// parallelism, dtypes, engine knobs), under which load (workload lengths, arrival regime), and
// every statistic the source reported. An empty cell is "not stated by the source": it is absent
// here (nullopt, or no entry in `measured`), never zero.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan {

// The statistics a row may carry, with the column names of serving.csv (vLLM bench names).
enum class ServingMetric : uint8_t {
  kTtftMean,
  kTtftP50,
  kTtftP90,
  kTtftP95,
  kTtftP99,
  kTpotMean,
  kTpotP50,
  kTpotP90,
  kTpotP95,
  kTpotP99,
  kItlMean,
  kItlP99,
  kE2elMean,
  kE2elP50,
  kE2elP95,
  kE2elP99,
  kRequestThroughput,
  kOutputThroughput,
  kTotalTokenThroughput,
  kOutputThroughputPerGpu,
  kCount,
};
inline constexpr size_t kNumServingMetrics = static_cast<size_t>(ServingMetric::kCount);

// What a metric measures, for grouping errors: a throughput, or one latency family.
enum class MetricFamily : uint8_t { kThroughput, kTtft, kTpot, kItl, kE2el };

struct ServingMetricInfo {
  ServingMetric metric;
  std::string_view column;  // "ttft_p99_ms"
  MetricFamily family;
  std::string_view statistic;  // "mean", "p50", ... or "" for throughputs
};

// Every metric in enum order.
const std::array<ServingMetricInfo, kNumServingMetrics>& ServingMetrics();
const ServingMetricInfo& InfoOf(ServingMetric metric);
std::string_view FamilyName(MetricFamily family);  // "throughput", "ttft", ...

struct ServingRow {
  int line = 0;  // 1-based line in the file: the row's id ("serving.csv:LINE")
  std::string set;
  std::string source;
  std::string engine;
  std::string engine_version;
  std::string model;
  std::string model_hf_id;
  std::string gpu;
  std::optional<int> num_gpus, tp, pp, ep, dp;
  std::string weight_dtype;
  std::string kv_dtype;
  std::string workload;
  std::optional<int> isl, osl;
  std::string isl_dist, osl_dist;
  std::string arrival;  // offline, closed_loop, poisson, staged, trace
  std::optional<int> concurrency;
  std::optional<double> request_rate;  // req/s; +inf where the source says "inf"
  std::optional<int64_t> num_requests;
  std::optional<int> max_num_seqs, max_num_batched_tokens, kv_blocks, block_size;
  std::string extra_args;
  std::string notes;
  std::map<ServingMetric, double> measured;

  // "serving.csv:1234"
  std::string Id() const;
};

// The rows of one file, and the problems of the rows that could not be read. A malformed row is
// reported (file:line:col: column: what is wrong; what was expected) and left out; the other rows
// are still read, so one bad cell does not hide the rest of the data.
struct ServingData {
  std::string path;
  std::vector<ServingRow> rows;
  Diagnostics problems;
};

// Reads a serving.csv file (RFC 4180: quoted fields may hold commas, doubled quotes and line
// breaks). Throws ConfigError when the file cannot be read, or its header lacks a column gpuplan
// needs; row problems go to ServingData::problems.
ServingData ReadServingData(const std::string& path);
// The same from text (tests); `path` names it in messages.
ServingData ParseServingData(std::string_view text, const std::string& path);

// The value of `key` in a "k1=v1; k2=v2" list (the `notes` and `extra_args` columns), trimmed;
// nullopt when the key is not there. A key matches only at the start of an item.
std::optional<std::string> FindKeyValue(std::string_view text, std::string_view key);

}  // namespace gpuplan
