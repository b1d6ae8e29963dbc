#include "sim/metrics/writers.h"

#include <algorithm>

#include "sim/core/error.h"
#include "sim/metrics/units.h"
#include "sim/util/slo_json.h"

namespace gpuplan {
namespace {

// requests.csv drains its buffer into the file at this size: large enough that write(2) calls
// are rare, small enough to be irrelevant next to the simulation's own memory.
constexpr size_t kCsvFlushBytes = 1 << 20;

using detail::NanosToMillis;
using detail::NanosToSeconds;

void WriteLatency(JsonWriter& json, std::string_view key, const LatencyStats& s) {
  json.Key(key).BeginObject();
  json.Field("mean", s.mean).Field("p50", s.p50).Field("p90", s.p90).Field("p95", s.p95);
  json.Field("p99", s.p99).Field("p99.9", s.p999).Field("min", s.min).Field("max", s.max);
  json.Field("std", s.stddev).Field("count", s.count).Field("exact", s.exact);
  json.EndObject();
}

void WriteCounts(JsonWriter& json, const RequestCounts& c) {
  json.Key("counts").BeginObject();
  json.Field("arrived", c.arrived).Field("completed", c.completed).Field("dropped", c.dropped);
  json.Field("unfinished", c.unfinished).Field("measured_arrived", c.measured_arrived);
  json.Field("measured", c.measured).Field("measured_prompt_tokens", c.measured_prompt_tokens);
  json.Field("measured_output_tokens", c.measured_output_tokens);
  json.EndObject();
}

void WriteSloMetric(JsonWriter& json, std::string_view key, const SloMetricResult& m) {
  json.Key(key);
  if (!m.enabled) {
    json.Null();  // the key stays, so readers see a stable layout
    return;
  }
  json.BeginObject();
  json.Field("threshold_ms", m.threshold_ms).Field("attainment", m.attainment);
  json.Field("value_ms", m.value_ms).Field("met", m.met);
  json.EndObject();
}

void WriteLevelLimits(JsonWriter& json, std::string_view key, const SloThresholds& limits) {
  json.Key(key).BeginObject();
  WriteSloThresholdsMs(json, limits);
  json.EndObject();
}

// Only with a preset: a run without one writes exactly the fields it always wrote.
void WritePresetVerdict(JsonWriter& json, const SloPresetVerdict& v) {
  json.Field("preset", v.preset).Field("level", v.level).Key("levels").BeginObject();
  WriteLevelLimits(json, "ideal", v.ideal);
  WriteLevelLimits(json, "acceptable", v.acceptable);
  json.EndObject().Field("level_met", v.level_met);
}

void WriteSlo(JsonWriter& json, const SloResult& slo) {
  json.Key("slo").BeginObject();
  json.Field("percentile", slo.percentile);
  for (SloMetric m : kSloMetrics) WriteSloMetric(json, SloMetricMsKey(m), slo.metrics[m]);
  json.Field("attainment", slo.attainment);
  json.Field("attainment_of_arrived", slo.attainment_of_arrived).Field("met", slo.met);
  if (slo.preset) WritePresetVerdict(json, *slo.preset);
  json.EndObject();
}

void WriteUtilization(JsonWriter& json, const UtilizationStats& u) {
  json.Key("utilization").BeginObject();
  json.Field("window_s", u.window_s).Field("gpu_busy_fraction", u.gpu_busy_fraction);
  json.Field("batch_size_mean", u.batch_size_mean).Field("batch_size_max", u.batch_size_max);
  json.Field("kv_used_fraction_mean", u.kv_used_fraction_mean);
  json.Field("kv_used_fraction_max", u.kv_used_fraction_max);
  json.Field("steps", u.steps).Field("snapshots", u.snapshots);
  json.EndObject();
}

void WriteCost(JsonWriter& json, const CostResult& c) {
  json.Key("cost").BeginObject();
  json.Field("priced", c.priced).Field("price_usd_per_gpu_hour", c.price_usd_per_gpu_hour);
  json.Field("usd_per_hour", c.usd_per_hour);
  json.Field("usd_per_million_tokens", c.usd_per_million_tokens);
  json.Field("usd_per_million_total_tokens", c.usd_per_million_total_tokens);
  json.EndObject();
}

void WriteSustained(JsonWriter& json, const SustainedLoad& s) {
  json.Key("sustained").BeginObject();
  json.Field("judged", s.judged).Field("overloaded", s.overloaded);
  json.Field("window_start_s", s.window_start_s).Field("window_end_s", s.window_end_s);
  json.Field("arrivals", s.arrivals).Field("completions", s.completions);
  json.Field("unqueued_completions", s.unqueued_completions);
  json.Field("arrival_rate_per_s", s.arrival_rate_per_s);
  json.Field("completion_rate_per_s", s.completion_rate_per_s);
  json.EndObject();
}

// The RunResult's members, into the object the writer is in.
void WriteRunResultMembers(JsonWriter& json, const RunResult& r) {
  json.Field("duration_s", r.duration_s).Field("window_start_s", r.window_start_s);
  json.Field("window_end_s", r.window_end_s);
  WriteCounts(json, r.counts);
  json.Field("request_throughput", r.request_throughput);
  json.Field("output_throughput", r.output_throughput);
  json.Field("total_token_throughput", r.total_token_throughput).Field("goodput", r.goodput);
  json.Field("tokens_per_s_per_gpu", r.tokens_per_s_per_gpu);
  json.Field("total_tokens_per_s_per_gpu", r.total_tokens_per_s_per_gpu);
  json.Field("tokens_per_s_per_user", r.tokens_per_s_per_user);
  WriteLatency(json, "ttft_ms", r.ttft_ms);
  WriteLatency(json, "tpot_ms", r.tpot_ms);
  WriteLatency(json, "itl_ms", r.itl_ms);
  WriteLatency(json, "e2e_ms", r.e2e_ms);
  WriteLatency(json, "queue_delay_ms", r.queue_delay_ms);
  WriteSlo(json, r.slo);
  WriteUtilization(json, r.utilization);
  json.Key("preemptions").BeginObject();
  json.Field("total", r.preemptions.total);
  json.Field("requests_preempted", r.preemptions.requests_preempted).EndObject();
  WriteSustained(json, r.sustained);
  json.Field("replicas", r.replicas).Field("gpus", r.gpus);
  WriteCost(json, r.cost);
}

}  // namespace

void WriteRunResultJson(JsonWriter& json, const RunResult& result) {
  json.BeginObject();
  WriteRunResultMembers(json, result);
  json.EndObject();
}

std::string SummaryJson(const RunResult& result, const SummaryContext& context) {
  JsonWriter json;
  json.BeginObject();
  json.Field("schema", kSummarySchema);
  json.Key("context").BeginObject();
  for (const auto& [key, value] : context) {
    json.Key(key);
    std::visit([&json](const auto& v) { json.Value(v); }, value);
  }
  json.EndObject();
  WriteRunResultMembers(json, result);
  json.EndObject();
  return json.TakeString() + "\n";
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
