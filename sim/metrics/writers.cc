#include "sim/metrics/writers.h"

#include <algorithm>

#include "sim/core/error.h"
#include "sim/metrics/units.h"

namespace gpuplan {
namespace {

// requests.csv drains its buffer into the file at this size: large enough that write(2) calls
// are rare, small enough to be irrelevant next to the simulation's own memory.
constexpr size_t kCsvFlushBytes = 1 << 20;

using detail::NanosToMillis;
using detail::NanosToSeconds;

}  // namespace

// The one place a RunResult becomes summary.json's figures. The figures' structs are the same
// types (sim/documents/run_figures.h), so each is copied whole; a member of RunResult that is
// not assigned here is not written.
SummaryDocument BuildSummaryDocument(const RunResult& r, const SummaryContext& context) {
  SummaryDocument d;
  d.schema = std::string(kSummarySchema);
  d.context = context;
  d.duration_s = r.duration_s;
  d.window_start_s = r.window_start_s;
  d.window_end_s = r.window_end_s;
  d.counts = r.counts;
  d.request_throughput = r.request_throughput;
  d.output_throughput = r.output_throughput;
  d.total_token_throughput = r.total_token_throughput;
  d.goodput = r.goodput;
  d.tokens_per_s_per_gpu = r.tokens_per_s_per_gpu;
  d.total_tokens_per_s_per_gpu = r.total_tokens_per_s_per_gpu;
  d.tokens_per_s_per_user = r.tokens_per_s_per_user;
  d.ttft_ms = r.ttft_ms;
  d.tpot_ms = r.tpot_ms;
  d.itl_ms = r.itl_ms;
  d.e2e_ms = r.e2e_ms;
  d.queue_delay_ms = r.queue_delay_ms;
  d.slo = r.slo;
  d.utilization = r.utilization;
  d.preemptions = r.preemptions;
  d.sustained = r.sustained;
  d.replicas = r.replicas;
  d.gpus = r.gpus;
  d.cost = r.cost;
  return d;
}

void WriteRunResultJson(JsonWriter& json, const RunResult& result) {
  json.BeginObject();
  WriteSummaryFigures(json, BuildSummaryDocument(result));
  json.EndObject();
}

std::string SummaryJson(const RunResult& result, const SummaryContext& context) {
  return SummaryDocumentJson(BuildSummaryDocument(result, context));
}

void WriteSummaryJson(const std::filesystem::path& path, const RunResult& result,
                      const SummaryContext& context) {
  WriteFileAtomic(path, SummaryJson(result, context));
}

RequestsCsvWriter::RequestsCsvWriter(std::filesystem::path path) : file_(std::move(path)) {
  for (std::string_view column : kRequestsCsvColumns) csv_.Text(column);
  csv_.EndRow();
}

void RequestsCsvWriter::OnRequestDone(const RequestRecord& r) {
  csv_.Field(r.id).Field(NanosToSeconds(r.arrival)).Field(r.prompt_tokens);
  csv_.Field(r.output_tokens).Field(r.replica).Field(r.client);
  csv_.Field(NanosToMillis(r.QueueDelay())).Field(NanosToMillis(r.Ttft()));
  if (r.output_tokens > 1) {
    csv_.Field(detail::TpotMillis(r));
  } else {
    csv_.Empty();
  }
  csv_.Field(NanosToMillis(r.E2e())).Field(r.preemptions);
  csv_.EndRow();
  ++rows_;
  if (csv_.size() >= kCsvFlushBytes) file_.Write(csv_.TakeString());
}

void RequestsCsvWriter::Commit() {
  file_.Write(csv_.TakeString());
  file_.Commit();
}

// An autoscaled run's rows carry the fleet; any other run's file keeps its columns as they were.
std::string TimeseriesCsv(const std::vector<TimeseriesRow>& rows) {
  const bool fleet = std::any_of(rows.begin(), rows.end(),
                                 [](const TimeseriesRow& row) { return row.has_replica_counts; });
  CsvWriter csv;
  for (std::string_view name :
       {"t_start_s", "arrivals", "completions", "waiting", "running", "kv_used_fraction",
        "output_tokens", "output_throughput", "prefill_tokens"}) {
    csv.Text(name);
  }
  if (fleet) csv.Text("replicas_started").Text("replicas_routable").Text("replicas_paid");
  csv.EndRow();
  for (const TimeseriesRow& row : rows) {
    csv.Field(row.t_start_s).Field(row.arrivals).Field(row.completions).Field(row.waiting);
    csv.Field(row.running).Field(row.kv_used_fraction).Field(row.output_tokens);
    csv.Field(row.output_throughput).Field(row.prefill_tokens);
    if (fleet) {
      csv.Field(row.replicas_started).Field(row.replicas_routable).Field(row.replicas_paid);
    }
    csv.EndRow();
  }
  return csv.TakeString();
}

void WriteTimeseriesCsv(const std::filesystem::path& path, const std::vector<TimeseriesRow>& rows) {
  WriteFileAtomic(path, TimeseriesCsv(rows));
}

void TeeSink::OnArrival(SimTime time) {
  for (MetricsSink* sink : sinks_) sink->OnArrival(time);
}
void TeeSink::OnInterTokenLatency(const RequestRecord& request, SimTime itl) {
  for (MetricsSink* sink : sinks_) sink->OnInterTokenLatency(request, itl);
}
void TeeSink::OnInterTokenLatencies(std::span<const InterTokenLatency> itls) {
  for (MetricsSink* sink : sinks_) sink->OnInterTokenLatencies(itls);
}
void TeeSink::OnRequestDone(const RequestRecord& record) {
  for (MetricsSink* sink : sinks_) sink->OnRequestDone(record);
}
void TeeSink::OnStep(const StepRecord& step) {
  for (MetricsSink* sink : sinks_) sink->OnStep(step);
}
void TeeSink::OnSnapshot(const Snapshot& snapshot) {
  for (MetricsSink* sink : sinks_) sink->OnSnapshot(snapshot);
}

}  // namespace gpuplan
