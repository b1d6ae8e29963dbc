// Result writers: summary.json, requests.csv, timeseries.csv and the console table, plus TeeSink
// to feed several sinks from one run. Every file is written atomically (util/atomic_file.h) and
// deterministically: the same RunResult, rows or records give byte-identical files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sim/documents/summary_document.h"
#include "sim/metrics/run_result.h"
#include "sim/metrics/sink.h"
#include "sim/util/atomic_file.h"
#include "sim/util/csv_writer.h"
#include "sim/util/json_writer.h"

namespace gpuplan {

// summary.json: the run's figures and its context as a SummaryDocument (sim/documents/
// summary_document.h, which also defines kSummarySchema, ContextValue and SummaryContext: the
// context written at the top of the file, in the order given), written by its codec.
SummaryDocument BuildSummaryDocument(const RunResult& result, const SummaryContext& context = {});

// Writes `result` as one JSON object at the writer's current position (for embedding in larger
// documents such as plan results): summary.json's members after "context".
void WriteRunResultJson(JsonWriter& json, const RunResult& result);
// The whole summary.json text: {"schema", "context", then the RunResult fields}, ending in '\n'.
std::string SummaryJson(const RunResult& result, const SummaryContext& context = {});
void WriteSummaryJson(const std::filesystem::path& path, const RunResult& result,
                      const SummaryContext& context = {});

// The columns of requests.csv, in order.
inline constexpr std::string_view kRequestsCsvColumns[] = {
    "id",      "arrival_s", "prompt_tokens", "output_tokens", "replica", "client", "queue_delay_ms",
    "ttft_ms", "tpot_ms",   "e2e_ms",        "preemptions"};

// Streams one requests.csv row per finished request, in the order they finish, into a temp file
// that Commit() moves into place. Every request is written, warm-up included (arrival_s lets a
// reader filter). tpot_ms is empty for single-token outputs. Dropped without Commit(), the temp
// file is removed and no requests.csv appears.
class RequestsCsvWriter : public MetricsSink {
 public:
  explicit RequestsCsvWriter(std::filesystem::path path);

  void OnArrival(SimTime) override {}
  void OnInterTokenLatency(const RequestRecord&, SimTime) override {}
  void OnInterTokenLatencies(std::span<const InterTokenLatency>) override {}
  void OnRequestDone(const RequestRecord& record) override;
  void OnStep(const StepRecord&) override {}
  void OnSnapshot(const Snapshot&) override {}

  void Commit();
  uint64_t rows() const { return rows_; }

 private:
  AtomicFileWriter file_;
  CsvWriter csv_;
  uint64_t rows_ = 0;
};

// The text of timeseries.csv (header + one row per interval), and writing it.
std::string TimeseriesCsv(const std::vector<TimeseriesRow>& rows);
void WriteTimeseriesCsv(const std::filesystem::path& path, const std::vector<TimeseriesRow>& rows);

// Forwards every call to each sink, in the order added. Does not own the sinks.
class TeeSink : public MetricsSink {
 public:
  TeeSink() = default;
  explicit TeeSink(std::vector<MetricsSink*> sinks) : sinks_(std::move(sinks)) {}
  void Add(MetricsSink* sink) { sinks_.push_back(sink); }

  void OnArrival(SimTime time) override;
  void OnInterTokenLatency(const RequestRecord& request, SimTime itl) override;
  void OnInterTokenLatencies(std::span<const InterTokenLatency> itls) override;
  void OnRequestDone(const RequestRecord& record) override;
  void OnStep(const StepRecord& step) override;
  void OnSnapshot(const Snapshot& snapshot) override;

 private:
  std::vector<MetricsSink*> sinks_;
};

// A short plain-text summary for the console: aligned columns, fixed precision, '-' for
// missing values. Deterministic, like the files.
std::string FormatSummaryTable(const RunResult& result);

}  // namespace gpuplan
