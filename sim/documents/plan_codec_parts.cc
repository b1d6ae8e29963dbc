#include "sim/documents/plan_codec_parts.h"

namespace gpuplan::plan_codec {
namespace {

PlanProbeMetric ReadMetric(const JsonCursor& c) {
  PlanProbeMetric m;
  m.enabled = c["enabled"].Bool();
  m.threshold_ms = c["threshold_ms"].Number();
  m.slo_ms = c["slo_ms"].Number();
  m.values_ms = ReadNumbers(c["values_ms"]);
  m.ci = ReadInterval(c["ci"]);
  m.margin = c["margin"].Number();
  m.passed = c["passed"].Bool(true);
  return m;
}

}  // namespace

std::vector<PlanDerivationStep> ReadDerivation(const JsonCursor& c) {
  std::vector<PlanDerivationStep> rows;
  for (const JsonCursor& step : c.Items()) {
    rows.push_back({step["label"].String(), step["formula"].String(), step["value"].Number(),
                    step["unit"].String(), step["text"].String()});
  }
  return rows;
}

PlanInterval ReadInterval(const JsonCursor& c) {
  return {.n = static_cast<int>(c["n"].Int()),
          .mean = c["mean"].Number(),
          .stddev = c["stddev"].Number(),
          .t = c["t"].Number(),
          .lower = c["lower"].Number(),
          .upper = c["upper"].Number(),
          .confidence = c["confidence"].Number(0.95)};
}

PlanProbe ReadProbe(const JsonCursor& c) {
  PlanProbe p;
  p.replicas = static_cast<int>(c["replicas"].Int());
  p.rate_per_s = c["rate_per_s"].Number(0);
  p.isolated = c["isolated"].Bool();
  p.passed = c["passed"].Bool();
  p.reason = c["reason"].String();
  p.margin = c["margin"].Number();
  for (SloMetric m : kSloMetrics) p.metrics[m] = ReadMetric(c["metrics"][SloMetricName(m)]);
  if (const JsonCursor q = c["summary_percentiles_ms"]; q.present()) {
    PlanSummaryPercentiles& table = p.summary_percentiles.emplace();
    for (SloMetric m : kSloMetrics) {
      for (int k = 0; k < kPlanSummaryPercentiles; ++k) {
        table[m][k] = ReadInterval(q[SloMetricName(m)][kPlanSummaryPercentileKeys[k]]);
      }
    }
  }
  p.output_tokens_per_s = c["output_tokens_per_s"].Number();
  p.request_throughput = c["request_throughput"].Number();
  p.attainment = c["attainment"].Number();
  p.gpu_busy_fraction = c["gpu_busy_fraction"].Number();
  p.kv_used_fraction = c["kv_used_fraction"].Number();
  p.requests_per_replica = c["requests_per_replica"].Number();
  p.dropped = c["dropped"].Int();
  p.unfinished = c["unfinished"].Int();
  p.overloaded_seeds = c["overloaded_seeds"].Int();
  return p;
}

std::optional<PlanProbe> ReadOptionalProbe(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  return ReadProbe(c);
}

PlanFleetCost ReadFleetCost(const JsonCursor& c) {
  return {.gpus = static_cast<int>(c["gpus"].RequiredInt()),
          .usd_per_gpu_hour = c["usd_per_gpu_hour"].NumberIn(0, kInf),
          .usd_per_hour = c["usd_per_hour"].NumberIn(0, kInf),
          .usd_per_day = c["usd_per_day"].NumberIn(0, kInf),
          .usd_per_month = c["usd_per_month"].RequiredNumberIn(0, kInf),
          .gpu_hours_per_day = c["gpu_hours_per_day"].NumberIn(0, kInf),
          .usd_per_million_output_tokens = c["usd_per_million_output_tokens"].NumberIn(0, kInf),
          .steps = ReadDerivation(c["derivation"])};
}

std::optional<PlanFleetCost> ReadOptionalFleetCost(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  return ReadFleetCost(c);
}

std::optional<PlanCandidateMemory> ReadMemory(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  return PlanCandidateMemory{.fits = c["fits"].Bool(true),
                             .gpu_memory_gib = c["gpu_memory_gib"].Number(),
                             .usable_gib = c["usable_gib"].Number(),
                             .weight_gib = c["weight_gib_per_gpu"].Number(),
                             .activation_reserve_gib = c["activation_reserve_gib"].Number(),
                             .kv_budget_gib = c["kv_budget_gib_per_gpu"].Number(),
                             .kv_bytes_per_token = c["kv_bytes_per_token_per_gpu"].Int(),
                             .block_size = c["block_size"].Int(),
                             .kv_blocks = c["kv_blocks"].Int(),
                             .kv_tokens = c["kv_tokens"].Int(),
                             .sequences_at_mean_context = c["sequences_at_mean_context"].Int(),
                             .explanation = c["explanation"].String()};
}

std::optional<int> ReadOptionalCount(const JsonCursor& c) {
  std::optional<int64_t> v = c.OptionalInt();
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

std::vector<double> ReadNumbers(const JsonCursor& c) {
  std::vector<double> values;
  for (const JsonCursor& v : c.Items()) values.push_back(v.Number());
  return values;
}

std::vector<std::string> ReadStrings(const JsonCursor& c) {
  std::vector<std::string> values;
  for (const JsonCursor& v : c.Items()) values.push_back(v.String());
  return values;
}

SloThresholds ReadThresholds(const JsonCursor& c, bool ms_keys) {
  SloThresholds limits;
  for (SloMetric m : kSloMetrics) {
    const JsonCursor v = ms_keys ? c[SloMetricMsKey(m)] : c[SloMetricName(m)];
    if (v.present()) limits[m] = v.NumberIn(0, kInf);
  }
  return limits;
}

}  // namespace gpuplan::plan_codec
