// candidates.csv and pareto.csv: the plan's tables for spreadsheets and the report.

#include "sim/plan/plan_output.h"
#include "sim/util/csv_writer.h"

namespace gpuplan {
namespace {

constexpr double kGiB = 1073741824.0;

void OptionalField(CsvWriter& csv, const std::optional<double>& v) {
  if (v) {
    csv.Double(*v);
  } else {
    csv.Empty();
  }
}

void CostFields(CsvWriter& csv, const std::optional<FleetCost>& cost) {
  if (!cost) {
    for (int i = 0; i < 6; ++i) csv.Empty();
    return;
  }
  csv.Field(cost->gpus).Field(cost->usd_per_gpu_hour).Field(cost->usd_per_hour);
  csv.Field(cost->usd_per_month);
  OptionalField(csv, cost->usd_per_million_output_tokens);
  csv.Field(cost->gpu_hours_per_day);
}

void ProbeFields(CsvWriter& csv, const ProbeResult* p) {
  for (SloMetric m : kSloMetrics) {
    if (p == nullptr || p->metrics[m].ci.n == 0) {
      csv.Empty().Empty();
    } else {
      csv.Field(p->metrics[m].ci.mean).Field(p->metrics[m].ci.upper);
    }
  }
  if (p == nullptr) {
    csv.Empty().Empty().Empty();
    return;
  }
  const MetricEstimate* binding = p->Binding();
  csv.Field(p->margin).Text(binding != nullptr ? SloMetricName(binding->metric) : "");
  csv.Field(p->output_tokens_per_s);
}

}  // namespace

std::string CandidatesCsv(const PlanResult& r) {
  CsvWriter csv;
  csv.Row({"id",
           "label",
           "gpu",
           "tensor_parallel",
           "engine",
           "status",
           "recommended",
           "min_replicas",
           "gpus",
           "usd_per_gpu_hour",
           "usd_per_hour",
           "usd_per_month",
           "usd_per_million_output_tokens",
           "gpu_hours_per_day",
           "ttft_ms",
           "ttft_ci_upper_ms",
           "tpot_ms",
           "tpot_ci_upper_ms",
           "e2e_ms",
           "e2e_ci_upper_ms",
           "margin",
           "binding_metric",
           "output_tokens_per_s",
           "weight_gib_per_gpu",
           "kv_budget_gib_per_gpu",
           "kv_tokens",
           "sequences_at_mean_context",
           "probes",
           "latency_model",
           "reason"});
  for (const Candidate& c : r.candidates.all) {
    const CandidateOutcome& o = r.outcomes[c.id];
    const bool recommended = r.recommendation && r.recommendation->candidate == c.id;
    csv.Field(c.id).Text(c.label).Text(c.gpu).Field(c.tensor_parallel).Text(c.engine.label);
    csv.Text(CandidateStatusName(o.status)).Field(recommended);
    if (o.replicas) {
      csv.Field(*o.replicas);
    } else {
      csv.Empty();
    }
    CostFields(csv, o.cost);
    ProbeFields(csv, o.AtMin());
    csv.Field(c.memory.weight_bytes / kGiB).Field(c.memory.kv_budget_bytes / kGiB);
    csv.Field(c.memory.max_kv_tokens).Field(c.sequences_at_mean_context);
    csv.Field(o.search.probes.size()).Text(c.latency_model).Text(o.reason);
    csv.EndRow();
  }
  return csv.TakeString();
}

std::string ParetoCsv(const PlanResult& r) {
  CsvWriter csv;
  csv.Row({"candidate", "label", "replicas", "gpus", "usd_per_month", "ttft_ms", "tpot_ms",
           "e2e_ms", "frontier"});
  for (const ParetoPoint& p : r.pareto) {
    csv.Field(p.candidate).Text(r.candidates.all[p.candidate].label).Field(p.replicas);
    csv.Field(p.gpus).Field(p.usd_per_month);
    for (double v : p.latency_ms) csv.Field(v);
    csv.Field(p.frontier);
    csv.EndRow();
  }
  return csv.TakeString();
}

}  // namespace gpuplan
