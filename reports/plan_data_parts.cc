#include "reports/plan_data_parts.h"

#include <cmath>

namespace gpuplan::report::detail {
namespace {

MetricCi ReadMetric(const JsonCursor& c) {
  const JsonCursor ci = c["ci"];
  return {.enabled = c["enabled"].Bool(),
          .threshold_ms = c["threshold_ms"].Number(),
          .slo_ms = c["slo_ms"].Number(),
          .n = static_cast<int>(ci["n"].Int()),
          .mean = ci["mean"].Number(),
          .lower = ci["lower"].Number(),
          .upper = ci["upper"].Number(),
          .confidence = ci["confidence"].Number(0.95),
          .margin = c["margin"].Number(),
          .passed = c["passed"].Bool(true)};
}

IntervalRow ReadInterval(const JsonCursor& c) {
  return {.n = static_cast<int>(c["n"].Int()),
          .mean = c["mean"].Number(),
          .lower = c["lower"].Number(),
          .upper = c["upper"].Number()};
}

}  // namespace

std::vector<DerivationRow> ReadDerivation(const JsonCursor& c) {
  std::vector<DerivationRow> rows;
  for (const JsonCursor& step : c.Items()) {
    rows.push_back({step["label"].String(), step["formula"].String(), step["value"].Number(),
                    step["unit"].String()});
  }
  return rows;
}

ProbeRow ReadProbe(const JsonCursor& c) {
  ProbeRow p;
  p.replicas = static_cast<int>(c["replicas"].Int());
  p.rate_per_s = c["rate_per_s"].Number(0);
  p.isolated = c["isolated"].Bool();
  p.passed = c["passed"].Bool();
  p.reason = c["reason"].String();
  p.margin = c["margin"].Number();
  for (SloMetric m : kSloMetrics) p.metrics[m] = ReadMetric(c["metrics"][SloMetricName(m)]);
  if (const JsonCursor q = c["summary_percentiles_ms"]; q.present()) {
    auto& table = p.summary_percentiles.emplace();
    for (SloMetric m : kSloMetrics) {
      for (int k = 0; k < kSummaryPercentiles; ++k) {
        table[m][k] = ReadInterval(q[SloMetricName(m)][kSummaryPercentileKeys[k]]);
      }
    }
  }
  p.output_tokens_per_s = c["output_tokens_per_s"].Number();
  p.attainment = c["attainment"].Number();
  p.gpu_busy_fraction = c["gpu_busy_fraction"].Number();
  p.kv_used_fraction = c["kv_used_fraction"].Number();
  p.dropped = c["dropped"].Int();
  p.overloaded_seeds = c["overloaded_seeds"].Int();
  return p;
}

std::optional<ProbeRow> ReadOptionalProbe(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  return ReadProbe(c);
}

FleetCostRow ReadFleetCost(const JsonCursor& c) {
  return {.gpus = static_cast<int>(c["gpus"].RequiredInt()),
          .usd_per_gpu_hour = c["usd_per_gpu_hour"].Number(),
          .usd_per_hour = c["usd_per_hour"].Number(),
          .usd_per_day = c["usd_per_day"].Number(),
          .usd_per_month = c["usd_per_month"].RequiredNumber(),
          .gpu_hours_per_day = c["gpu_hours_per_day"].Number(),
          .usd_per_million_output_tokens = c["usd_per_million_output_tokens"].Number(),
          .steps = ReadDerivation(c["derivation"])};
}

std::optional<FleetCostRow> ReadOptionalFleetCost(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  return ReadFleetCost(c);
}

MemoryRow ReadMemory(const JsonCursor& c) {
  if (!c.present()) return {.planned = false, .fits = false};
  return {.fits = c["fits"].Bool(true),
          .gpu_memory_gib = c["gpu_memory_gib"].Number(),
          .usable_gib = c["usable_gib"].Number(),
          .weight_gib = c["weight_gib_per_gpu"].Number(),
          .activation_reserve_gib = c["activation_reserve_gib"].Number(),
          .kv_budget_gib = c["kv_budget_gib_per_gpu"].Number(),
          .kv_tokens = c["kv_tokens"].Int(),
          .block_size = c["block_size"].Int(),
          .sequences_at_mean_context = c["sequences_at_mean_context"].Int(),
          .explanation = c["explanation"].String()};
}

std::optional<int> ReadOptionalCount(const JsonCursor& c) {
  std::optional<int64_t> v = c.OptionalInt();
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

std::optional<ReplicasBySeedRow> ReadReplicasBySeed(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  ReplicasBySeedRow r;
  for (const JsonCursor& n : c["replicas"].Items()) r.replicas.push_back(ReadOptionalCount(n));
  r.min = ReadOptionalCount(c["min"]);
  r.median = c["median"].Number();
  r.max = ReadOptionalCount(c["max"]);
  r.covered_seeds = static_cast<int>(c["covered_seeds"].Int());
  r.covered_share = c["covered_share"].Number();
  return r;
}

}  // namespace gpuplan::report::detail
