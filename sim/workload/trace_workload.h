// Trace workloads: recorded requests replayed as they were logged, read fully into memory once
// (O(trace)); Open() is then a cheap cursor. Supported formats (registry kind names):
//   azure_llm_2023         CSV TIMESTAMP,ContextTokens,GeneratedTokens (naive timestamps
//                          "YYYY-MM-DD HH:MM:SS.fffffff")
//   mooncake               JSONL {"timestamp": ms, "input_length", "output_length",
//                          "hash_ids": [...]}
//   vidur_csv              CSV arrived_at,num_prefill_tokens,num_decode_tokens (seconds)
//   splitwise_csv          CSV request_id,request_type,application_id,arrival_timestamp,
//                          batch_size,prompt_size,token_size (seconds; one request per row,
//                          batch_size ignored)
//   request_csv            CSV arrival_s,input_tokens,output_tokens (seconds; e.g. sharegpt-300)
//   measured_requests_csv  CSV arrival_offset_s,input_tokens,output_tokens plus measured
//                          columns, which are ignored (seconds; ../shared/validation/traces)
// CSV columns are found by header name, so extra columns and any column order are accepted.
//
// Replay rules, the same for every format:
// - arrivals are measured from the first row (the first request arrives at t = 0);
// - rows must be in non-decreasing time order (a ConfigError names the first row that is not);
// - rows earlier than start_s are skipped and arrivals are then measured from start_s;
// - gaps are divided by rate_multiplier (2 doubles the load); max_requests keeps the first N;
// - a row with 0 output (or 0 prompt) tokens is replayed with 1 token and counted in TraceStats
//   and Describe(), never silently; negative counts are errors.
// Malformed input is a ConfigError at `file:line:column: what; expected`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/util/registry.h"
#include "sim/workload/workload.h"

namespace gpuplan {

// Times a trace may hold, well inside SimTime's +-292 years: CSV seconds |t| <= 1e9 (about 31
// years), Mooncake milliseconds |t| <= 1e12 (the same span).
inline constexpr double kMaxTraceSeconds = 1e9;
inline constexpr double kMaxTraceTimestampMs = 1e12;

struct TraceOptions {
  std::string path;                     // resolved file path
  double rate_multiplier = 1;           // > 0; arrival gaps are divided by it
  double start_s = 0;                   // skip rows earlier than this, seconds after the first row
  std::optional<int64_t> max_requests;  // keep only the first N rows (after start_s)
  bool spread_quantised = true;         // mooncake only: see LoadMooncakeTrace
  // > 0: every seed replays its own circular block bootstrap of the trace with blocks this many
  // seconds long on the trace's own clock (trace_bootstrap.h); 0: every seed replays the trace
  // as logged.
  double bootstrap_block_s = 0;
};

struct TraceStats {
  int64_t rows = 0;                  // data rows read (all, or up to TraceReadLimit's stop)
  int64_t requests = 0;              // rows replayed (after start_s and max_requests)
  int64_t zero_output_adjusted = 0;  // replayed rows whose output was 0 tokens, replayed as 1
  int64_t zero_prompt_adjusted = 0;  // replayed rows whose prompt was 0 tokens, replayed as 1
  SimTime span = 0;                  // first to last replayed arrival (after rate_multiplier)
  double mean_rate_per_s = 0;        // requests / span; 0 when span is 0
  double mean_prompt_tokens = 0;
  double mean_output_tokens = 0;
  int64_t hash_blocks = 0;         // mooncake: prefix-block hashes listed by the rows read
  int64_t hash_blocks_reused = 0;  // ... of which an earlier row listed the same id
};

class TraceWorkload final : public Workload {
 public:
  // bootstrap_block > 0: Open(seed) replays the seed's circular block bootstrap of the requests.
  TraceWorkload(std::string kind, std::string path, std::vector<RequestSpec> requests,
                TraceStats stats, double rate_multiplier, SimTime bootstrap_block = 0);

  // Without a bootstrap the seed is unused: the trace replays the same requests every time.
  std::unique_ptr<RequestSource> Open(uint64_t seed, WorkloadLimits limits) const override;
  // "azure_llm_2023 AzureLLMInferenceTrace_conv.csv: 19366 requests over 3501.7 s (5.53 req/s,
  // rate x1), mean prompt 1155, mean output 211 tokens"
  std::string Describe() const override;

  const TraceStats& stats() const { return stats_; }
  const std::vector<RequestSpec>& requests() const { return *requests_; }

 private:
  std::string kind_;
  std::string path_;
  std::shared_ptr<const std::vector<RequestSpec>> requests_;  // shared with open sources
  TraceStats stats_;
  double rate_multiplier_;
  SimTime bootstrap_block_;
};

// One request as a trace file lists it, before the replay rules are applied.
struct TraceRow {
  int64_t time_ns = 0;  // on the file's own clock (any origin)
  int64_t prompt_tokens = 0;
  int64_t output_tokens = 0;
  int line = 0;  // for error messages
};

// Tells a reader when the rows read so far already hold every request the replay keeps (the
// first max_requests rows at or after start_s), so the rest of a large file is never read: a
// 1 GB trace with max_requests: 1000 reads a few thousand rows. Without max_requests every row is
// read. Rows after the stop are not checked (order, values) and are not in TraceStats.
class TraceReadLimit {
 public:
  explicit TraceReadLimit(const TraceOptions& options) : options_(options) {}
  // Counts `row`, the next row read; true once the rows counted hold max_requests replayed ones.
  bool CountAndCheckEnough(const TraceRow& row) {
    if (!origin_) origin_ = row.time_ns + ToSimTime(options_.start_s);
    if (row.time_ns >= *origin_) ++kept_;
    return options_.max_requests && kept_ >= *options_.max_requests;
  }

 private:
  const TraceOptions& options_;
  std::optional<int64_t> origin_;  // the first row's time + start_s
  int64_t kept_ = 0;
};

// Applies the replay rules above to rows read from `options.path`; throws ConfigError. `stats`
// carries format-specific counts (hash blocks); the rest of it is filled here.
std::shared_ptr<const TraceWorkload> BuildTraceWorkload(const std::string& kind,
                                                        const std::vector<TraceRow>& rows,
                                                        const TraceOptions& options,
                                                        TraceStats stats = {});

std::shared_ptr<const TraceWorkload> LoadAzureLlm2023Trace(const TraceOptions& options);
std::shared_ptr<const TraceWorkload> LoadVidurCsvTrace(const TraceOptions& options);
std::shared_ptr<const TraceWorkload> LoadSplitwiseCsvTrace(const TraceOptions& options);
std::shared_ptr<const TraceWorkload> LoadRequestCsvTrace(const TraceOptions& options);
std::shared_ptr<const TraceWorkload> LoadMeasuredRequestsCsvTrace(const TraceOptions& options);
// Mooncake timestamps are quantised (the FAST'25 conversation trace to about 3 s). With
// spread_quantised, the n rows sharing a timestamp t are placed at t + i * gap / n (i = 0..n-1),
// where gap runs to the next distinct timestamp (for the last one: the mean gap between distinct
// timestamps). This is deterministic and keeps the per-bucket counts.
std::shared_ptr<const TraceWorkload> LoadMooncakeTrace(const TraceOptions& options);

using TraceRegistry = Registry<std::shared_ptr<const TraceWorkload>, const WorkloadContext&>;

// Adds azure_llm_2023, mooncake, vidur_csv, splitwise_csv, request_csv and
// measured_requests_csv.
void RegisterBuiltinTraces(TraceRegistry& registry);

}  // namespace gpuplan
