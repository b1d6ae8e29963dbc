// PlanDocument: everything plan.json holds (`gpuplan plan`, schema gpuplan.plan/1, described in
// docs/planning-method.md), section by section, as plain data, with the one JSON codec that both
// writes the file (sim/plan builds the document from its PlanResult) and reads it back for the
// provisioning report (reports/). One schema for both sides: a key added to the writer is a field
// here, so the report can never read a different file than the planner writes.
//
// Conventions, so that a document read from a file gpuplan wrote writes the same bytes again:
//   - a number that plan.json writes as `null` when unknown is a double holding NaN;
//   - a section or value written as `null` (or left out) is a std::optional;
//   - an object whose keys are data (engine knobs, a warning's numbers) is an ordered list of
//     (key, value) pairs, in file order.
// The reader is lenient about what it does not know (unknown keys are skipped, optional sections
// may be missing, as in a plan written by an older gpuplan) and strict about what it reads: the
// wrong schema, a value of the wrong type or one outside what gpuplan ever writes is a located
// ConfigError ("plan.json:12:5: recommendation.cost.usd_per_month: is -1; expected ...").
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/slo.h"
#include "sim/util/json_cursor.h"
#include "sim/util/json_writer.h"

namespace gpuplan {

inline constexpr const char* kPlanSchema = "gpuplan.plan/1";

// One line of a hand-checkable calculation (sim/plan/derivation.h), with the line as printed.
struct PlanDerivationStep {
  std::string label;
  std::string formula;
  double value = 0;
  std::string unit;
  std::string text;  // "label = formula = value unit"
};

// A mean over the seeds and its Student-t interval (sim/plan/confidence.h); n = 0: fewer than 2
// seeds had a value.
struct PlanInterval {
  int n = 0;
  double mean = 0;
  double stddev = 0;
  double t = 0;
  double lower = 0;
  double upper = 0;
  double confidence = 0.95;
};

// One SLO metric of a probe: the percentile per seed and its interval over the seeds.
struct PlanProbeMetric {
  bool enabled = false;
  double threshold_ms = 0;  // what the probe was judged against; NaN when not enabled
  double slo_ms = 0;        // the SLO as given (threshold x latency safety factor); NaN when not
  std::vector<double> values_ms;  // per seed (NaN: no request had the metric)
  PlanInterval ci;
  double margin = 0;  // NaN when not enabled
  bool passed = true;
};

// The percentiles every probe reports besides the SLO's own (summary_percentiles_ms).
inline constexpr int kPlanSummaryPercentiles = 4;
inline constexpr std::array<const char*, kPlanSummaryPercentiles> kPlanSummaryPercentileKeys = {
    "p50", "p90", "p95", "p99"};
using PlanSummaryPercentiles = PerSloMetric<std::array<PlanInterval, kPlanSummaryPercentiles>>;

// One simulated measurement: a candidate at a replica count and rate, over the seeds.
struct PlanProbe {
  int replicas = 0;
  double rate_per_s = 0;  // 0 for an isolated or trace probe
  bool isolated = false;
  bool passed = false;
  std::string reason;
  double margin = 0;
  PerSloMetric<PlanProbeMetric> metrics;
  // [metric][kPlanSummaryPercentileKeys index]; absent in plans written by older gpuplans.
  std::optional<PlanSummaryPercentiles> summary_percentiles;
  double output_tokens_per_s = 0;
  double request_throughput = 0;
  double attainment = 0;
  double gpu_busy_fraction = 0;
  double kv_used_fraction = 0;
  double requests_per_replica = 0;
  int64_t dropped = 0;
  int64_t unfinished = 0;
  int64_t overloaded_seeds = 0;  // seeds whose fleet fell behind its arrivals
};

struct PlanFleetCost {
  int gpus = 0;
  double usd_per_gpu_hour = 0;
  double usd_per_hour = 0;
  double usd_per_day = 0;
  double usd_per_month = 0;
  double gpu_hours_per_day = 0;
  double usd_per_million_output_tokens = 0;  // NaN when the plan had no output rate
  std::vector<PlanDerivationStep> steps;     // "derivation"
};

// A candidate's memory plan, per GPU; plan.json writes null for a candidate a rule rejected before
// its memory was planned.
struct PlanCandidateMemory {
  bool fits = true;
  double gpu_memory_gib = 0;
  double usable_gib = 0;
  double weight_gib = 0;  // "weight_gib_per_gpu"
  double activation_reserve_gib = 0;
  double kv_budget_gib = 0;        // "kv_budget_gib_per_gpu"
  int64_t kv_bytes_per_token = 0;  // "kv_bytes_per_token_per_gpu"
  int64_t block_size = 0;
  int64_t kv_blocks = 0;
  int64_t kv_tokens = 0;
  int64_t sequences_at_mean_context = 0;
  std::string explanation;
};

struct PlanCandidate {
  int id = 0;
  std::string label;
  std::string gpu;
  std::string gpu_display_name;  // the catalog's name ("" when the plan did not say)
  int tensor_parallel = 1;
  std::string engine;
  std::optional<int> gpus_per_node;  // of the deployment (absent in older plans)
  std::string latency_model;         // "roofline", "calibrated" ("" when the plan did not say)
  std::string status;                // pruned, slo_impossible, not_met, feasible
  bool recommended = false;
  std::string reason;  // the plan's own (English) reason
  std::optional<PlanCandidateMemory> memory;
  std::optional<PlanProbe> isolated;
  std::optional<int> min_replicas;
  std::optional<PlanFleetCost> cost;
  std::vector<PlanProbe> probes;
};

// --- "inputs": the plan's own words for steps 1, 2 and 5, before anything was derived.

struct PlanSloInputs {
  std::string preset;
  std::optional<std::string> level;  // written only when the plan names one
  SloThresholds thresholds;          // ttft_ms, tpot_ms, e2e_ms
  double speed_tokens_per_s = std::numeric_limits<double>::quiet_NaN();
  std::string speed_grade;
  double percentile = std::numeric_limits<double>::quiet_NaN();
};

struct PlanTrafficInputs {
  std::string mode;
  double dau = 0;  // 0 unless the traffic is given as daily active users
  double sessions_per_user_per_day = 0;
  double requests_per_session = 0;
  double think_time_s = 0;
  double peak_hour_share = std::numeric_limits<double>::quiet_NaN();
  double burst_factor = 1;
  double concurrency_at_peak = std::numeric_limits<double>::quiet_NaN();
  double peak_rate_per_s = std::numeric_limits<double>::quiet_NaN();
  double deadline_requests = std::numeric_limits<double>::quiet_NaN();
  double deadline_output_tokens = std::numeric_limits<double>::quiet_NaN();
  std::optional<double> deadline_hours;  // written in deadline mode only
  double time_in_system_s = std::numeric_limits<double>::quiet_NaN();
  double mean_prompt_tokens = std::numeric_limits<double>::quiet_NaN();
  double mean_output_tokens = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> diurnal_curve;
  std::string servegen;
};

struct PlanCandidateInputs {
  std::vector<std::string> gpus;
  std::vector<int> tensor_parallel;
  std::vector<std::string> engines;
  std::vector<std::pair<std::string, std::vector<std::string>>> knobs;  // in file order
  int replicas_min = 1;
  int replicas_max = 1;
  int max_candidates = 0;
  std::string calibration_bundle;  // "" when none was asked for
};

struct PlanSearchInputs {
  int seeds = 0;
  uint64_t first_seed = 1;
  int64_t requests_per_probe = 0;
  double warmup_fraction = 0;
  double confidence = 0.95;
  std::vector<double> sensitivity;
  double latency_safety_factor = 1;
};

struct PlanInputs {
  PlanSloInputs slo;
  PlanTrafficInputs traffic;
  PlanCandidateInputs candidates;
  PlanSearchInputs search;
  double max_monthly_cost = std::numeric_limits<double>::quiet_NaN();  // "constraints"
};

// --- "steps": what steps 1-3 derived.

// The preset's two levels, with the one the plan was sized for.
struct PlanSloLevels {
  std::string level;  // "ideal" or "acceptable"
  SloThresholds ideal;
  SloThresholds acceptable;
};

struct PlanSloStep {
  std::string source;
  std::string preset;
  std::optional<PlanSloLevels> levels;  // with a preset only ("level" and "levels")
  SloThresholds thresholds;             // the targets: ttft_ms, tpot_ms, e2e_ms
  double percentile = 95;
  double speed_tokens_per_s = 0;  // NaN when not set
  std::string speed_grade;
  double latency_safety_factor = 1;  // every threshold is judged as target / this
  SloThresholds judged_thresholds;   // "judged_thresholds_ms", keyed by the bare metric names
  std::vector<PlanDerivationStep> steps;
};

struct PlanTrafficStep {
  std::string mode;
  double mean_prompt_tokens = 0;
  double mean_output_tokens = 0;
  std::string tokens_source;
  double time_in_system_s = 0;
  double peak_rate_per_s = 0;
  double concurrency_in_flight = 0;
  double mean_rate_per_s = 0;  // NaN when unknown
  std::string day_shape_source;
  std::vector<double> day_rates_per_s;
  double served_output_tokens_per_s = 0;
  std::string served_rate_basis;
  std::vector<PlanDerivationStep> steps;
};

struct PlanEngine {
  std::string label;
  std::string preset;
  std::vector<std::pair<std::string, std::string>> knobs;  // (field, value as written)
};

struct PlanCandidateCounts {
  int64_t combinations = 0;
  int64_t duplicates_removed = 0;
  int64_t built = 0;
  int64_t pruned = 0;
  int64_t feasible = 0;
};

// --- The recommendation and the cost cap.

// Each seed's own replica count for the recommended candidate (sim/plan/replica_distribution.h).
// nullopt: a seed not met.
struct PlanReplicasBySeed {
  std::vector<uint64_t> seeds;
  std::vector<std::optional<int>> replicas;
  std::optional<int> min;
  double median = 0;  // NaN when a middle seed is not met
  std::optional<int> max;
  int recommended = 0;
  int covered_seeds = 0;
  double covered_share = 0;
  int extra_probes = 0;
};

// The statistic of the model's validated error that bounds an SLO metric's: ttft_mean for TTFT,
// tpot, e2e_mean for E2E (the names of plan.json's model_error and of serving_error_bands.csv).
// Shared by the planner's margin check and the report's risk row.
inline std::string_view ModelErrorStatisticOf(SloMetric metric) {
  switch (metric) {
    case SloMetric::kTtft:
      return "ttft_mean";
    case SloMetric::kTpot:
      return "tpot";
    case SloMetric::kE2e:
      break;
  }
  return "e2e_mean";
}

// The band of the latency model's validated error one statistic came from
// (sim/plan/model_error.h): fractions of the measured value.
struct PlanModelErrorStat {
  std::string statistic;  // "ttft_mean", "tpot", "e2e_mean", "throughput"
  std::string gpu;        // the GPU the band was measured on, or "*" (the engine's every GPU)
  bool held_out = true;   // the held-out half, else every row
  int rows = 0;
  double median = 0;
  double p90 = 0;
  double bias = 0;
};

// The recommended candidate's engine and GPU against the catalog's validation/
// serving_error_bands.csv; `statistics` empty: not validated, `not_validated` says why.
struct PlanModelError {
  std::string engine;  // the validated engine the preset maps to; "" when none
  std::string gpu;
  std::vector<PlanModelErrorStat> statistics;
  std::string not_validated;
};

struct PlanRecommendation {
  int candidate = 0;
  std::string label;
  int replicas = 0;
  std::string statement;
  std::string binding_metric;
  double margin = 0;
  // The best level of the SLO preset the fleet meets: "ideal", "acceptable" or "none"; "" (not
  // written) without a preset.
  std::string level_met;
  PlanFleetCost cost;
  PlanProbe probe;
  std::vector<int> runner_ups;
  // Here plan.json writes the cost cap again ("cap"); the document keeps it once, as
  // PlanDocument::cost_cap, and the codec writes it in both places.
  // Absent in a plan.json written before the per-seed counts existed.
  std::optional<PlanReplicasBySeed> replicas_by_seed;
  // Absent in a plan.json written before the model's error was put beside the verdict.
  std::optional<PlanModelError> model_error;
};

// One fleet named by the cost cap: a candidate at a replica count and its monthly cost.
struct PlanCapFleet {
  int candidate = 0;
  std::string label;
  int replicas = 0;
  int gpus = 0;
  double usd_per_month = 0;
};

// A fleet the cap affords, with what its peak probe measured.
struct PlanCapConsidered {
  PlanCapFleet fleet;
  bool keeps_up = false;
  bool passed = false;
  double margin = 0;
  std::string binding_metric;
  double attainment = 0;
  bool from_search = true;  // "probe_source": the replica search's probe ("search"), else "cap"
};

// What the fleet under a binding cap gives up: a metric ("ttft", "tpot", "e2e"), keeping up with
// its arrivals ("sustained") or requests ("dropped"). Which numbers are written depends on it.
struct PlanGivenUp {
  std::string metric;
  double slo_ms = 0;  // latency metrics
  double threshold_ms = 0;
  PlanInterval ci;
  double over_by_ms = 0;
  double over_by_fraction = 0;
  double arrival_rate_per_s = 0;  // "sustained"
  double completion_rate_per_s = 0;
  int64_t overloaded_seeds = 0;
  int64_t dropped = 0;  // "dropped"
  int64_t unfinished = 0;
  std::string text;  // the plan's own (English) words
};

// "cost_cap": constraints.max_monthly_cost and what it decided.
struct PlanCostCap {
  double max_monthly_cost = 0;
  std::string status;  // within_cap, binds, nothing_affordable, no_fleet_meets_slo
  bool within_cap = false;
  bool meets_slo = false;
  double headroom_usd_per_month = 0;  // NaN without a recommendation
  std::optional<PlanCapFleet> cheapest_meeting_slo;
  double cheapest_meeting_slo_usd_per_month = 0;  // NaN without one
  std::vector<PlanGivenUp> given_up;
  std::string rule;  // how the fleet under a binding cap is chosen, in words
  std::vector<PlanCapConsidered> considered;
  std::optional<PlanCapFleet> cheapest_fleet;  // nothing_affordable: the smallest fleet searched
  int extra_probes = 0;
  std::string statement;
};

// --- Trade-off and robustness.

struct PlanParetoPoint {
  int candidate = 0;
  std::string label;
  int replicas = 0;
  int gpus = 0;
  double usd_per_month = 0;
  PerSloMetric<double> latency_ms;  // "ttft_ms", "tpot_ms", "e2e_ms"
  bool frontier = false;
};

struct PlanSensitivity {
  double multiplier = 1;  // "traffic_multiplier"
  double rate_per_s = 0;
  bool holds = false;  // "fleet_holds"
  PlanProbe at_fleet;
  std::optional<int> min_replicas;
  std::optional<PlanFleetCost> cost;
};

struct PlanNPlusOne {
  int replicas = 0;
  bool holds = false;
  std::optional<PlanProbe> one_down;
  int n_plus_one_replicas = 0;
  PlanFleetCost cost;
  std::string statement;
  std::optional<bool> within_cap;  // null without a cap
  std::string cap_statement;
};

// The plan's autoscaler settings as written ("autoscaler.inputs").
struct PlanAutoscalerInputs {
  double tolerance = 0;
  double load_bandwidth_gb_per_s = 0;
  double startup_s = 0;
  double sync_period_s = 0;
  double scale_down_delay_s = 0;
  double seconds_per_hour = 0;
  int seeds = 1;
};

struct PlanDayWindow {
  int hour = 0;
  double rate_per_s = 0;
  int64_t requests = 0;
  int fixed_replicas = 0;
  double fixed_attainment = 1;
  int64_t fixed_carried_in = 0;
  int replicas_start = 0;
  int replicas_min = 0;
  int replicas_max = 0;
  int replicas = 0;
  double replica_hours = 0;
  double attainment = 1;
  int64_t carried_in = 0;
};

struct PlanDaySide {
  double gpu_hours = 0;
  double usd = 0;
  double attainment = 0;
};

// "autoscaler": the day replayed with the fixed fleet and with an autoscaler. Past `inputs`, the
// members are written only when the day ran.
struct PlanDay {
  bool ran = false;
  std::string skipped;
  std::optional<PlanAutoscalerInputs> inputs;  // when the plan has an autoscaler section
  std::string replay;                          // "continuous"
  std::string metric;
  double target = 0;
  bool target_auto = false;
  int min_replicas = 1;
  int max_replicas = 1;
  double cold_start_s = 0;
  double scale_up_delay_s = 0;
  double seconds_per_hour = 0;
  int64_t requests_simulated = 0;
  std::vector<PlanDerivationStep> steps;
  std::vector<PlanDayWindow> windows;
  PlanDaySide fixed;
  PlanDaySide autoscaled;
};

// How to launch the recommended fleet and check it on one node.
struct PlanDeployment {
  std::string serve_command;
  std::string engine_config;  // TRT-LLM's options file, "" otherwise
  std::string bench_command;  // "" for trace plans
  std::string compare_command;
  std::vector<std::string> notes;
};

// --- Provenance and warnings.

struct PlanPrice {
  std::string gpu;
  double usd_per_gpu_hour = 0;
  std::string date;
  std::string source;
  // What kind of price (kPriceTiers, "plan_override" or "on_premises") and where it applies; ""
  // in plan.json files written before gpuplan tagged prices (the reader leaves them empty).
  std::string tier;
  std::string region;
  std::vector<PlanDerivationStep> steps;
};

// cost.currency: the costs are also shown in this currency at this rate (absent: US dollars only).
struct PlanCurrencyRate {
  std::string code;  // ISO 4217, e.g. "JPY"
  double per_usd = 0;
  std::string date;
  std::string source;
};

struct PlanProvenance {
  std::string gpuplan_version;
  std::string plan_file;
  std::string name;
  std::string description;
  std::string base_source;  // "base_scenario_source"
  std::string base_yaml;    // "base_scenario_resolved_yaml"
  std::vector<uint64_t> seeds;
  int64_t requests_per_probe = 0;
  int64_t isolated_requests = 0;
  double warmup_fraction = 0;
  double confidence = 0.95;
  double percentile = 95;
  double latency_safety_factor = 1;
  std::string latency_model;
  std::string cost_model;
  std::vector<PlanPrice> prices;
  std::optional<PlanCurrencyRate> currency;  // "currency", only when the plan sets cost.currency
};

// Something a planner should know before signing: `code` names the kind ("few_seeds"), `values`
// the numbers `text` quotes, by name and in file order.
struct PlanWarningEntry {
  std::string code;
  std::vector<std::pair<std::string, double>> values;
  std::string text;  // the plan's own (English) words
};

struct PlanDocument {
  std::string schema = kPlanSchema;
  PlanProvenance provenance;
  std::vector<PlanWarningEntry> warnings;
  PlanInputs inputs;
  // "steps": absent only in plans written by older gpuplans.
  std::optional<PlanSloStep> slo;
  std::optional<PlanTrafficStep> traffic;
  std::vector<PlanEngine> engines;
  PlanCandidateCounts counts;  // "candidate_counts"
  std::vector<PlanCandidate> candidates;
  std::optional<PlanRecommendation> recommendation;
  std::string no_recommendation;        // why, when there is none
  std::optional<PlanCostCap> cost_cap;  // absent without a cap
  std::vector<PlanParetoPoint> pareto;
  std::vector<PlanSensitivity> sensitivity;
  std::optional<PlanNPlusOne> n_plus_one;
  std::optional<PlanDay> day;  // "autoscaler"
  std::optional<PlanDeployment> deployment;
};

// The candidate with `id`, or nullptr.
const PlanCandidate* FindPlanCandidate(const PlanDocument& plan, int id);
// A warning's number `name`, or `fallback` when it has none.
double PlanWarningValue(const PlanWarningEntry& warning, std::string_view name,
                        double fallback = std::numeric_limits<double>::quiet_NaN());

// Writing: the document as one JSON object (into `w`, or as the whole file text with a final
// newline). Equal documents give byte-identical text.
void WritePlanDocument(JsonWriter& w, const PlanDocument& plan);
std::string PlanDocumentJson(const PlanDocument& plan);

// Reading: throws ConfigError, located at the value, for an unknown schema, a missing required
// member (the candidates, the recommended fleet's cost), a value of the wrong type or outside
// what gpuplan writes.
PlanDocument ReadPlanDocument(const JsonCursor& root);
// `file` names the text in messages.
PlanDocument ParsePlanDocument(std::string_view json_text, const std::string& file);
PlanDocument ReadPlanDocumentFile(const std::filesystem::path& plan_json);

}  // namespace gpuplan
