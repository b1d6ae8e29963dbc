// What a report needs from plan.json (`gpuplan plan`, schema gpuplan.plan/1, described in
// docs/planning-method.md and sim/plan/plan_output.h), as plain structs. Only the schema, the
// candidates and the recommendation-or-its-absence are required; every other section is optional,
// so a plan written by an older or newer gpuplan still gives a report, with a note where a
// section is missing.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reports/document.h"
#include "sim/core/slo.h"

namespace gpuplan::report {

// The label of a metric's plan.json key ("TTFT" for "ttft"); any other key as it is.
inline std::string SloMetricLabelOfKey(std::string_view key) {
  const std::optional<SloMetric> metric = SloMetricFromName(key);
  return std::string(metric ? SloMetricLabel(*metric) : key);
}

struct DerivationRow {
  std::string label;
  std::string formula;
  double value = 0;
  std::string unit;
};

// One SLO metric of a probe: the percentile over the seeds and its confidence interval.
struct MetricCi {
  bool enabled = false;
  double threshold_ms = 0;  // what the probe was judged against; NaN when not enabled
  double slo_ms = 0;  // the SLO as given (threshold x latency safety factor); NaN when not known
  int n = 0;
  double mean = 0;
  double lower = 0;
  double upper = 0;
  double confidence = 0.95;
  double margin = 0;  // NaN when not enabled
  bool passed = true;
};

// The percentiles every probe reports besides the SLO's own (plan.json summary_percentiles_ms).
inline constexpr int kSummaryPercentiles = 4;
inline constexpr std::array<const char*, kSummaryPercentiles> kSummaryPercentileKeys = {
    "p50", "p90", "p95", "p99"};

// A mean over the seeds and its interval (n = 0: fewer than 2 seeds had a value).
struct IntervalRow {
  int n = 0;
  double mean = 0;
  double lower = 0;
  double upper = 0;
};

struct ProbeRow {
  int replicas = 0;
  double rate_per_s = 0;
  bool isolated = false;
  bool passed = false;
  std::string reason;
  double margin = 0;
  PerSloMetric<MetricCi> metrics;
  // [metric][kSummaryPercentileKeys index]; absent in plans written by older gpuplans.
  std::optional<PerSloMetric<std::array<IntervalRow, kSummaryPercentiles>>> summary_percentiles;
  double output_tokens_per_s = 0;
  double attainment = 0;
  double gpu_busy_fraction = 0;
  double kv_used_fraction = 0;
  int64_t dropped = 0;
  int64_t overloaded_seeds = 0;  // seeds whose fleet fell behind its arrivals
};

struct FleetCostRow {
  int gpus = 0;
  double usd_per_gpu_hour = 0;
  double usd_per_hour = 0;
  double usd_per_day = 0;
  double usd_per_month = 0;
  double gpu_hours_per_day = 0;
  double usd_per_million_output_tokens = 0;  // NaN when the plan had no output rate
  std::vector<DerivationRow> steps;
};

struct MemoryRow {
  bool planned = true;  // false: a rule rejected the candidate before its memory was planned
  bool fits = true;
  double gpu_memory_gib = 0;
  double usable_gib = 0;
  double weight_gib = 0;
  double activation_reserve_gib = 0;
  double kv_budget_gib = 0;
  int64_t kv_tokens = 0;
  int64_t block_size = 0;
  int64_t sequences_at_mean_context = 0;
  std::string explanation;
};

struct CandidateRow {
  int id = 0;
  std::string label;
  std::string gpu;
  std::string gpu_display_name;  // the catalog's name ("" when the plan did not say)
  int tensor_parallel = 1;
  std::optional<int> gpus_per_node;  // of the deployment (absent in older plans)
  std::string engine;
  std::string latency_model;  // "roofline", "calibrated" ("" when the plan did not say)
  std::string status;         // pruned, slo_impossible, not_met, feasible
  bool recommended = false;
  std::string reason;  // the plan's own (English) reason
  MemoryRow memory;
  std::optional<ProbeRow> isolated;
  std::optional<int> min_replicas;
  std::optional<FleetCostRow> cost;
  std::vector<ProbeRow> probes;
};

struct SloStepRow {
  std::string source;
  std::string preset;
  std::string level;               // the preset's level the plan was sized for; "" without a preset
  PerSloMetric<double> target_ms;  // NaN when not set
  double percentile = 95;
  double speed_tokens_per_s = 0;     // NaN when not set
  double latency_safety_factor = 1;  // every threshold is judged as target / this
  std::vector<DerivationRow> steps;
};

struct TrafficStepRow {
  std::string mode;
  double mean_prompt_tokens = 0;
  double mean_output_tokens = 0;
  std::string tokens_source;
  double time_in_system_s = 0;
  double peak_rate_per_s = 0;
  double concurrency_in_flight = 0;
  double mean_rate_per_s = 0;  // NaN when unknown
  std::vector<double> day_rates_per_s;
  double served_output_tokens_per_s = 0;
  std::string served_rate_basis;
  std::vector<DerivationRow> steps;
};

struct EngineRow {
  std::string label;
  std::string preset;
  std::vector<KeyValue> knobs;
};

// Each seed's own replica count for the recommended candidate (plan.json
// recommendation.replicas_by_seed; sim/plan/replica_distribution.h). nullopt: a seed not met.
struct ReplicasBySeedRow {
  std::vector<std::optional<int>> replicas;
  std::optional<int> min;
  double median = 0;  // NaN when a middle seed is not met
  std::optional<int> max;
  int covered_seeds = 0;
  double covered_share = 0;
};

struct RecommendationRow {
  int candidate = 0;
  std::string label;
  int replicas = 0;
  std::string statement;
  std::string binding_metric;
  double margin = 0;
  // The best level of the SLO preset the fleet meets: "ideal", "acceptable" or "none"; "" without
  // a preset (plan.json recommendation.level_met).
  std::string level_met;
  FleetCostRow cost;
  ProbeRow probe;
  std::vector<int> runner_ups;
  // Absent in a plan.json written before the per-seed counts existed.
  std::optional<ReplicasBySeedRow> replicas_by_seed;
};

struct ParetoRow {
  int candidate = 0;
  std::string label;
  int replicas = 0;
  int gpus = 0;
  double usd_per_month = 0;
  PerSloMetric<double> latency_ms;
  bool frontier = false;
};

struct SensitivityRowData {
  double multiplier = 1;
  double rate_per_s = 0;
  bool holds = false;
  ProbeRow at_fleet;
  std::optional<int> min_replicas;
  std::optional<FleetCostRow> cost;
};

struct NPlusOneRow {
  int replicas = 0;
  bool holds = false;
  std::optional<ProbeRow> one_down;
  int n_plus_one_replicas = 0;
  FleetCostRow cost;
  std::string statement;
};

struct DayWindowRow {
  int hour = 0;
  double rate_per_s = 0;
  int fixed_replicas = 0;
  double fixed_attainment = 1;
  int replicas = 0;
  double attainment = 1;
};

struct DaySideRow {
  double gpu_hours = 0;
  double usd = 0;
  double attainment = 0;
};

struct DayRow {
  bool ran = false;
  std::string skipped;
  std::string metric;
  double target = 0;
  bool target_auto = false;
  int min_replicas = 1;
  int max_replicas = 1;
  double scale_up_delay_s = 0;
  std::vector<DerivationRow> steps;
  std::vector<DayWindowRow> windows;
  DaySideRow fixed;
  DaySideRow autoscaled;
};

struct PriceRowData {
  std::string gpu;
  double usd_per_gpu_hour = 0;
  std::string date;
  std::string source;
};

// One fleet named by the cost cap: a candidate at a replica count and its monthly cost.
struct CapFleetRow {
  int candidate = 0;
  std::string label;
  int replicas = 0;
  int gpus = 0;
  double usd_per_month = 0;
};

// A fleet the cap affords, with what its peak probe measured.
struct CapConsideredRow {
  CapFleetRow fleet;
  bool keeps_up = false;
  bool passed = false;
  double margin = 0;
  std::string binding_metric;
  double attainment = 0;
  bool from_search = true;  // the replica search's probe, else one run for the cap
};

// What the fleet under a binding cap gives up: a metric ("ttft", "tpot", "e2e"), keeping up with
// its arrivals ("sustained") or requests ("dropped").
struct GivenUpRow {
  std::string metric;
  double slo_ms = 0;
  double threshold_ms = 0;
  IntervalRow ci;
  double confidence = 0.95;
  double over_by_ms = 0;
  double over_by_fraction = 0;
  double arrival_rate_per_s = 0;
  double completion_rate_per_s = 0;
  int64_t dropped = 0;
  int64_t unfinished = 0;
  std::string text;  // the plan's own (English) words
};

// plan.json "cost_cap": constraints.max_monthly_cost and what it decided.
struct CostCapRow {
  double max_monthly_cost = 0;
  std::string status;  // within_cap, binds, nothing_affordable, no_fleet_meets_slo
  bool meets_slo = false;
  double headroom_usd_per_month = 0;  // NaN without a recommendation
  std::optional<CapFleetRow> cheapest_meeting_slo;
  std::optional<CapFleetRow> cheapest_fleet;  // nothing_affordable: the smallest fleet searched
  std::vector<GivenUpRow> given_up;
  std::vector<CapConsideredRow> considered;
  std::string statement;
};

// plan.json "warnings": `code` names the kind, the numbers come by name.
struct PlanWarningRow {
  std::string code;  // "few_seeds"
  double seeds = 0;
  double t = 0;
  double confidence = 0.95;
  std::string text;  // the plan's own (English) words, for codes this report does not know
};

struct PlanProvenance {
  std::string gpuplan_version;
  std::string plan_file;
  std::string name;
  std::string description;
  std::string base_source;
  std::string base_yaml;
  std::vector<uint64_t> seeds;
  int64_t requests_per_probe = 0;
  int64_t isolated_requests = 0;
  double warmup_fraction = 0;
  double confidence = 0.95;
  double percentile = 95;
  double latency_safety_factor = 1;
  std::string latency_model;
  std::string cost_model;
  std::vector<PriceRowData> prices;
};

// The plan's own inputs as written (plan.json "inputs"), where the report needs them.
struct PlanInputs {
  double dau = 0;  // 0 unless the traffic is given as daily active users
  double sessions_per_user_per_day = 0;
  double requests_per_session = 0;
  std::string calibration_bundle;  // "" when none was asked for
};

struct CandidateCounts {
  int64_t combinations = 0;
  int64_t duplicates_removed = 0;
  int64_t built = 0;
  int64_t pruned = 0;
  int64_t feasible = 0;
};

// How to launch the recommended fleet and check it on one node (plan.json "deployment").
struct DeploymentRow {
  std::string serve_command;
  std::string engine_config;  // TRT-LLM's options file, "" otherwise
  std::string bench_command;  // "" for trace plans
  std::string compare_command;
  std::vector<std::string> notes;
};

struct PlanData {
  std::string schema;
  PlanProvenance provenance;
  PlanInputs inputs;
  std::optional<SloStepRow> slo;
  std::optional<TrafficStepRow> traffic;
  std::vector<EngineRow> engines;
  CandidateCounts counts;
  std::vector<CandidateRow> candidates;
  std::optional<RecommendationRow> recommendation;
  std::string no_recommendation;
  std::optional<CostCapRow> cost_cap;  // absent without a cap (or in older plans)
  std::vector<PlanWarningRow> warnings;
  std::vector<ParetoRow> pareto;
  std::vector<SensitivityRowData> sensitivity;
  std::optional<NPlusOneRow> n_plus_one;
  std::optional<DayRow> day;
  std::optional<DeploymentRow> deployment;

  // The candidate with `id`, or nullptr.
  const CandidateRow* Candidate(int id) const;
};

// Parses plan.json text (`file` names it in messages). Throws ConfigError for an unknown schema or
// a value of the wrong type, naming the dotted path.
PlanData ParsePlanData(std::string_view json_text, const std::string& file);
PlanData ReadPlanData(const std::filesystem::path& plan_json);

}  // namespace gpuplan::report
