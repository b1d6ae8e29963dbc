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

SummaryLatency SummaryLatencyOf(const LatencyStats& s) {
  return {.mean = s.mean,
          .p50 = s.p50,
          .p90 = s.p90,
          .p95 = s.p95,
          .p99 = s.p99,
          .p999 = s.p999,
          .min = s.min,
          .max = s.max,
          .stddev = s.stddev,
          .count = s.count,
          .exact = s.exact};
}

SummarySloMetric SloMetricOf(const SloMetricResult& m) {
  return {.enabled = m.enabled,
          .threshold_ms = m.threshold_ms,
          .attainment = m.attainment,
          .value_ms = m.value_ms,
          .met = m.met};
}

SummarySlo SloOf(const SloResult& slo) {
  SummarySlo s{.percentile = slo.percentile,
               .attainment = slo.attainment,
               .attainment_of_arrived = slo.attainment_of_arrived,
               .met = slo.met};
  for (SloMetric m : kSloMetrics) s.metrics[m] = SloMetricOf(slo.metrics[m]);
  if (const std::optional<SloPresetVerdict>& v = slo.preset) {
    s.preset = SummarySloPreset{.preset = v->preset,
                                .level = v->level,
                                .ideal = v->ideal,
                                .acceptable = v->acceptable,
                                .level_met = v->level_met};
  }
  return s;
}

}  // namespace

// The one place a RunResult becomes summary.json's figures: a member of RunResult that is not
// copied here is not written.
SummaryDocument BuildSummaryDocument(const RunResult& r, const SummaryContext& context) {
  SummaryDocument d;
  d.schema = std::string(kSummarySchema);
  d.context = context;
  d.duration_s = r.duration_s;
  d.window_start_s = r.window_start_s;
  d.window_end_s = r.window_end_s;
  const RequestCounts& c = r.counts;
  d.counts = {.arrived = c.arrived,
              .completed = c.completed,
              .dropped = c.dropped,
              .unfinished = c.unfinished,
              .measured_arrived = c.measured_arrived,
              .measured = c.measured,
              .measured_prompt_tokens = c.measured_prompt_tokens,
              .measured_output_tokens = c.measured_output_tokens};
  d.request_throughput = r.request_throughput;
  d.output_throughput = r.output_throughput;
  d.total_token_throughput = r.total_token_throughput;
  d.goodput = r.goodput;
  d.tokens_per_s_per_gpu = r.tokens_per_s_per_gpu;
  d.total_tokens_per_s_per_gpu = r.total_tokens_per_s_per_gpu;
  d.tokens_per_s_per_user = r.tokens_per_s_per_user;
  d.ttft_ms = SummaryLatencyOf(r.ttft_ms);
  d.tpot_ms = SummaryLatencyOf(r.tpot_ms);
  d.itl_ms = SummaryLatencyOf(r.itl_ms);
  d.e2e_ms = SummaryLatencyOf(r.e2e_ms);
  d.queue_delay_ms = SummaryLatencyOf(r.queue_delay_ms);
  d.slo = SloOf(r.slo);
  const UtilizationStats& u = r.utilization;
  d.utilization = {.window_s = u.window_s,
                   .gpu_busy_fraction = u.gpu_busy_fraction,
                   .batch_size_mean = u.batch_size_mean,
                   .batch_size_max = u.batch_size_max,
                   .kv_used_fraction_mean = u.kv_used_fraction_mean,
                   .kv_used_fraction_max = u.kv_used_fraction_max,
                   .steps = u.steps,
                   .snapshots = u.snapshots};
  d.preemptions = {.total = r.preemptions.total,
                   .requests_preempted = r.preemptions.requests_preempted};
  const SustainedLoad& s = r.sustained;
  d.sustained = {.judged = s.judged,
                 .overloaded = s.overloaded,
                 .window_start_s = s.window_start_s,
                 .window_end_s = s.window_end_s,
                 .arrivals = s.arrivals,
                 .completions = s.completions,
                 .unqueued_completions = s.unqueued_completions,
                 .arrival_rate_per_s = s.arrival_rate_per_s,
                 .completion_rate_per_s = s.completion_rate_per_s};
  d.replicas = r.replicas;
  d.gpus = r.gpus;
  d.cost = {.priced = r.cost.priced,
            .price_usd_per_gpu_hour = r.cost.price_usd_per_gpu_hour,
            .usd_per_hour = r.cost.usd_per_hour,
            .usd_per_million_tokens = r.cost.usd_per_million_tokens,
            .usd_per_million_total_tokens = r.cost.usd_per_million_total_tokens};
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
