// The one writer and the one reader of summary.json (summary_document.h). The writer's member
// order is the file's layout; the reader takes the same members back, with the checks a file
// gpuplan wrote always passes.
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <limits>
#include <utility>

#include "sim/documents/summary_document.h"
#include "sim/util/slo_json.h"

namespace gpuplan {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// ---- Writing ----

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
void WritePreset(JsonWriter& json, const SloPresetVerdict& p) {
  json.Field("preset", p.preset).Field("level", p.level).Key("levels").BeginObject();
  WriteLevelLimits(json, "ideal", p.ideal);
  WriteLevelLimits(json, "acceptable", p.acceptable);
  json.EndObject().Field("level_met", p.level_met);
}

void WriteSlo(JsonWriter& json, const SloResult& slo) {
  json.Key("slo").BeginObject();
  json.Field("percentile", slo.percentile);
  for (SloMetric m : kSloMetrics) WriteSloMetric(json, SloMetricMsKey(m), slo.metrics[m]);
  json.Field("attainment", slo.attainment);
  json.Field("attainment_of_arrived", slo.attainment_of_arrived).Field("met", slo.met);
  if (slo.preset) WritePreset(json, *slo.preset);
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

// ---- Reading ----

// Counts are written unsigned; a file gpuplan wrote never holds a negative one.
uint64_t Count(const JsonCursor& c) { return static_cast<uint64_t>(c.IntAtLeast(0)); }

// A latency block: values >= 0 and percentiles in order (mean aside), as the collector writes
// them; anything else is an edited file, refused rather than drawn.
LatencyStats ReadLatency(const JsonCursor& c) {
  const LatencyStats s{.mean = c["mean"].NumberIn(0, kInf),
                       .p50 = c["p50"].NumberIn(0, kInf),
                       .p90 = c["p90"].NumberIn(0, kInf),
                       .p95 = c["p95"].NumberIn(0, kInf),
                       .p99 = c["p99"].NumberIn(0, kInf),
                       .p999 = c["p99.9"].NumberIn(0, kInf),
                       .min = c["min"].NumberIn(0, kInf),
                       .max = c["max"].NumberIn(0, kInf),
                       .stddev = c["std"].NumberIn(0, kInf),
                       .count = Count(c["count"]),
                       .exact = c["exact"].Bool(true)};
  const std::array<std::pair<const char*, double>, 5> ordered = {
      {{"p50", s.p50}, {"p90", s.p90}, {"p95", s.p95}, {"p99", s.p99}, {"max", s.max}}};
  for (size_t i = 1; i < ordered.size(); ++i) {
    const auto& [low_name, low] = ordered[i - 1];
    const auto& [high_name, high] = ordered[i];
    if (low > high) {  // false when either is absent (NaN)
      c.Fail(fmt::format("{} {} is above {} {}; expected p50 <= p90 <= p95 <= p99 <= max", low_name,
                         FormatJsonNumber(low), high_name, FormatJsonNumber(high)));
    }
  }
  return s;
}

void CheckSchema(const JsonCursor& root, const std::string& schema) {
  if (!schema.starts_with(kSummarySchemaPrefix)) {
    root["schema"].Fail(
        fmt::format("is '{}'; expected {} (a summary.json written by gpuplan simulate)", schema,
                    kSummarySchema));
  } else if (schema == kSummarySchemaV1) {
    // Before /2 the whole-response latency was e2el_ms: such a file is refused, not half-read.
    root["schema"].Fail(fmt::format(
        "is '{}': written by an older gpuplan; expected {}. Rerun `gpuplan simulate` (or "
        "`gpuplan plan`) to write it again",
        schema, kSummarySchema));
  } else if (schema != kSummarySchema) {
    root["schema"].Fail(fmt::format("is '{}'; expected {} (this gpuplan is older than the file)",
                                    schema, kSummarySchema));
  }
}

// A context entry as it is typed in the file: a whole number as an integer, null as NaN; an
// object or array is refused.
ContextValue ReadContextValue(const JsonCursor& c) {
  if (!c.present()) return kNoValue;
  const JsonValue& v = *c.value();
  switch (v.type()) {
    case JsonValue::Type::kBool:
      return v.AsBool();
    case JsonValue::Type::kString:
      return v.AsString();
    case JsonValue::Type::kNumber:
      if (v.IsInteger()) return v.AsInt();
      return v.AsDouble();
    default:
      c.ScalarText();  // throws: "is an object; expected a number, string or boolean"
      return kNoValue;
  }
}

// Every entry, in file order; the entries reports use must have their type.
SummaryContext ReadContext(const JsonCursor& context) {
  for (const TypedContextKey& typed : kTypedContextKeys) {
    const JsonCursor c = context[typed.key];
    switch (typed.type) {
      case ContextType::kString:
        c.String();
        break;
      case ContextType::kInt:
        c.Int();
        break;
      case ContextType::kNumber:
        c.Number();
        break;
    }
  }
  SummaryContext entries;
  for (const auto& [key, value] : context.Members()) {
    if (key.starts_with(kContextOpSecondsPrefix)) {
      value.RequiredNumber();
      context[std::string(kContextOpSourcePrefix) + key.substr(kContextOpSecondsPrefix.size())]
          .String();
    }
    entries.emplace_back(key, ReadContextValue(value));
  }
  return entries;
}

void ReadCounts(const JsonCursor& counts, RequestCounts& c) {
  c.arrived = Count(counts["arrived"]);
  c.completed = Count(counts["completed"]);
  c.dropped = Count(counts["dropped"]);
  c.unfinished = Count(counts["unfinished"]);
  c.measured_arrived = Count(counts["measured_arrived"]);
  c.measured = Count(counts["measured"]);
  c.measured_prompt_tokens = Count(counts["measured_prompt_tokens"]);
  c.measured_output_tokens = Count(counts["measured_output_tokens"]);
  // Every request that arrived finished, was dropped or was still in flight (the simulator's
  // conservation check); the measured ones are among the finished.
  if (counts.present() && c.completed + c.dropped + c.unfinished != c.arrived) {
    counts.Fail(
        fmt::format("completed {} + dropped {} + unfinished {} is not arrived {}; expected "
                    "every arrival accounted for once",
                    c.completed, c.dropped, c.unfinished, c.arrived));
  }
  if (c.measured > c.completed) {
    counts["measured"].Fail(fmt::format("is {}, more than the {} completed; expected at most that",
                                        c.measured, c.completed));
  }
}

SloMetricResult ReadSloMetric(const JsonCursor& c) {
  if (!c.present()) return {};
  return {.enabled = true,
          .threshold_ms = c["threshold_ms"].NumberIn(0, kInf),
          .attainment = c["attainment"].NumberIn(0, 1),
          .value_ms = c["value_ms"].NumberIn(0, kInf),
          .met = c["met"].Bool()};
}

SloThresholds ReadLevelLimits(const JsonCursor& c) {
  SloThresholds limits;
  for (SloMetric m : kSloMetrics) {
    const JsonCursor limit = c[SloMetricMsKey(m)];
    if (limit.present()) limits.Set(m, limit.NumberIn(0, kInf));
  }
  return limits;
}

SloResult ReadSlo(const JsonCursor& slo) {
  SloResult s;
  s.percentile = slo["percentile"].NumberIn(0, 100);
  for (SloMetric m : kSloMetrics) s.metrics[m] = ReadSloMetric(slo[SloMetricMsKey(m)]);
  s.attainment = slo["attainment"].NumberIn(0, 1);
  s.attainment_of_arrived = slo["attainment_of_arrived"].NumberIn(0, 1);
  s.met = slo["met"].Bool(true);
  // A summary.json written before the level verdict has none of these.
  if (slo["preset"].present() || slo["level"].present() || slo["levels"].present() ||
      slo["level_met"].present()) {
    s.preset = SloPresetVerdict{.preset = slo["preset"].String(),
                                .level = slo["level"].String(),
                                .ideal = ReadLevelLimits(slo["levels"]["ideal"]),
                                .acceptable = ReadLevelLimits(slo["levels"]["acceptable"]),
                                .level_met = slo["level_met"].String()};
  }
  return s;
}

UtilizationStats ReadUtilization(const JsonCursor& u) {
  return {.window_s = u["window_s"].Number(),
          .gpu_busy_fraction = u["gpu_busy_fraction"].NumberIn(0, 1),
          .batch_size_mean = u["batch_size_mean"].NumberIn(0, kInf),
          .batch_size_max = u["batch_size_max"].IntAtLeast(0),
          .kv_used_fraction_mean = u["kv_used_fraction_mean"].NumberIn(0, 1),
          .kv_used_fraction_max = u["kv_used_fraction_max"].NumberIn(0, 1),
          .steps = Count(u["steps"]),
          .snapshots = Count(u["snapshots"])};
}

SustainedLoad ReadSustained(const JsonCursor& s) {
  return {.judged = s["judged"].Bool(),
          .window_start_s = s["window_start_s"].Number(),
          .window_end_s = s["window_end_s"].Number(),
          .arrivals = Count(s["arrivals"]),
          .completions = Count(s["completions"]),
          .unqueued_completions = Count(s["unqueued_completions"]),
          .arrival_rate_per_s = s["arrival_rate_per_s"].NumberIn(0, kInf),
          .completion_rate_per_s = s["completion_rate_per_s"].NumberIn(0, kInf),
          .overloaded = s["overloaded"].Bool()};
}

CostResult ReadCost(const JsonCursor& c) {
  return {.priced = c["priced"].Bool(),
          .price_usd_per_gpu_hour = c["price_usd_per_gpu_hour"].NumberIn(0, kInf),
          .usd_per_hour = c["usd_per_hour"].NumberIn(0, kInf),
          .usd_per_million_tokens = c["usd_per_million_tokens"].NumberIn(0, kInf),
          .usd_per_million_total_tokens = c["usd_per_million_total_tokens"].NumberIn(0, kInf)};
}

}  // namespace

void WriteSummaryFigures(JsonWriter& json, const SummaryDocument& d) {
  json.Field("duration_s", d.duration_s).Field("window_start_s", d.window_start_s);
  json.Field("window_end_s", d.window_end_s);
  WriteCounts(json, d.counts);
  json.Field("request_throughput", d.request_throughput);
  json.Field("output_throughput", d.output_throughput);
  json.Field("total_token_throughput", d.total_token_throughput).Field("goodput", d.goodput);
  json.Field("tokens_per_s_per_gpu", d.tokens_per_s_per_gpu);
  json.Field("total_tokens_per_s_per_gpu", d.total_tokens_per_s_per_gpu);
  json.Field("tokens_per_s_per_user", d.tokens_per_s_per_user);
  WriteLatency(json, "ttft_ms", d.ttft_ms);
  WriteLatency(json, "tpot_ms", d.tpot_ms);
  WriteLatency(json, "itl_ms", d.itl_ms);
  WriteLatency(json, "e2e_ms", d.e2e_ms);
  WriteLatency(json, "queue_delay_ms", d.queue_delay_ms);
  WriteSlo(json, d.slo);
  WriteUtilization(json, d.utilization);
  json.Key("preemptions").BeginObject();
  json.Field("total", d.preemptions.total);
  json.Field("requests_preempted", d.preemptions.requests_preempted).EndObject();
  WriteSustained(json, d.sustained);
  json.Field("replicas", d.replicas).Field("gpus", d.gpus);
  WriteCost(json, d.cost);
}

void WriteSummaryDocument(JsonWriter& json, const SummaryDocument& document) {
  json.BeginObject();
  json.Field("schema", document.schema);
  json.Key("context").BeginObject();
  for (const auto& [key, value] : document.context) {
    json.Key(key);
    std::visit([&json](const auto& v) { json.Value(v); }, value);
  }
  json.EndObject();
  WriteSummaryFigures(json, document);
  json.EndObject();
}

std::string SummaryDocumentJson(const SummaryDocument& document) {
  JsonWriter json;
  WriteSummaryDocument(json, document);
  return json.TakeString() + "\n";
}

SummaryDocument ReadSummaryDocument(const JsonCursor& root) {
  SummaryDocument d;
  d.schema = root["schema"].RequiredString();
  CheckSchema(root, d.schema);
  d.context = ReadContext(root["context"]);
  d.duration_s = root["duration_s"].NumberIn(0, kInf);
  d.window_start_s = root["window_start_s"].NumberIn(0, kInf);
  d.window_end_s = root["window_end_s"].NumberIn(0, kInf);
  ReadCounts(root["counts"], d.counts);
  d.request_throughput = root["request_throughput"].NumberIn(0, kInf);
  d.output_throughput = root["output_throughput"].NumberIn(0, kInf);
  d.total_token_throughput = root["total_token_throughput"].NumberIn(0, kInf);
  d.goodput = root["goodput"].NumberIn(0, kInf);
  d.tokens_per_s_per_gpu = root["tokens_per_s_per_gpu"].NumberIn(0, kInf);
  d.total_tokens_per_s_per_gpu = root["total_tokens_per_s_per_gpu"].NumberIn(0, kInf);
  d.tokens_per_s_per_user = root["tokens_per_s_per_user"].NumberIn(0, kInf);
  d.ttft_ms = ReadLatency(root["ttft_ms"]);
  d.tpot_ms = ReadLatency(root["tpot_ms"]);
  d.itl_ms = ReadLatency(root["itl_ms"]);
  d.e2e_ms = ReadLatency(root["e2e_ms"]);
  d.queue_delay_ms = ReadLatency(root["queue_delay_ms"]);
  d.slo = ReadSlo(root["slo"]);
  d.utilization = ReadUtilization(root["utilization"]);
  d.preemptions = {.total = Count(root["preemptions"]["total"]),
                   .requests_preempted = Count(root["preemptions"]["requests_preempted"])};
  d.sustained = ReadSustained(root["sustained"]);
  d.replicas = root["replicas"].IntAtLeast(1, 1);
  d.gpus = root["gpus"].IntAtLeast(1, 1);
  d.cost = ReadCost(root["cost"]);
  return d;
}

SummaryDocument ParseSummaryDocument(std::string_view text, const std::string& file) {
  const JsonFile json = ParseJsonText(text, file);
  return ReadSummaryDocument(json.Root());
}

}  // namespace gpuplan
