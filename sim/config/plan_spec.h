// PlanSpec: one `gpuplan plan` input file, read and checked, as typed values. A plan names a base
// scenario (the model, engine, workload lengths and latency model to start from), the traffic it
// must carry, its latency targets, the candidate fleets to try, how to price them and how hard
// to search. config/ reads the YAML; plan/ turns a PlanSpec into simulations and a
// recommendation, so plan/ never sees YAML.
//
// The YAML schema (docs/planning-method.md has the full reference):
//   name: japan-chatbot                  # optional, default: the file stem
//   description: "..."                   # optional
//   scenario: ../scenarios/default.yaml  # a scenario file (relative to the plan), or an inline
//                                        #   scenario map (simulation and workload.arrival may be
//                                        #   left out: the plan sets them for every probe)
//   traffic:                             # exactly one of dau, concurrency_at_peak,
//     concurrency_at_peak: 40            #   peak_rate_per_s, deadline: {requests: N (or
//                                        #   output_tokens: M), hours: T} (none with a trace)
//     time_in_system_s: 8                # optional; default from the SLO
//     diurnal_curve: [24 weights]        # or servegen: FOLDER (the day's shape)
//   slo: {preset: chatbot, speed_tokens_per_s: 25}   # level: ideal (default) or acceptable
//   candidates: {gpus: [l40s, h100_sxm], tensor_parallel: [1, 2], engines: [vllm],
//                knobs: {max_num_seqs: [128, 256]}, replicas: {min: 1, max: 32},
//                calibration_bundle: NAME}        # optional: calibrated where it exists
//   cost: {cloud: {usd_per_gpu_hour: {l40s: 1.5}}}     # or on_prem: {...}
//   search: {seeds: 3, requests_per_probe: 2000,
//            latency_safety_factor: 1.2}          # every threshold judged as SLO / 1.2
//   constraints: {max_monthly_cost: 5000}          # optional: no fleet above $5,000/month
//   autoscaler: {metric: queue_length, target: auto}    # optional: simulate the day
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config/autoscaler_spec.h"
#include "sim/config/catalog_loader.h"
#include "sim/config/locations.h"
#include "sim/config/scenario.h"
#include "sim/config/scenario_edits.h"
#include "sim/core/error.h"

namespace gpuplan {

// How the peak load is given.
enum class TrafficMode {
  kDau,          // business inputs: DAU, sessions, requests, day shape, burst
  kConcurrency,  // requests in flight at peak (+ time in system): Little's law gives the rate
  kPeakRate,     // the peak arrival rate itself
  kTrace,        // the base scenario replays a trace: the trace is the load
  kDeadline,     // an asynchronous job: N requests (or output tokens) served within T hours
};

std::string_view TrafficModeName(TrafficMode mode);

// The largest replica count a plan searches for one candidate (candidates.replicas.max).
inline constexpr int kMaxPlanReplicas = kMaxReplicas;

struct PlanTrafficSpec {
  TrafficMode mode = TrafficMode::kPeakRate;
  // kDau (see sim/plan/traffic.h for the meaning of each).
  double dau = 0;
  double sessions_per_user_per_day = 0;
  double requests_per_session = 0;
  double think_time_s = 0;
  std::optional<double> peak_hour_share;
  double burst_factor = 1;
  // kConcurrency / kPeakRate.
  std::optional<double> concurrency_at_peak;
  std::optional<double> peak_rate_per_s;
  // kDeadline: deadline.requests or deadline.output_tokens, within deadline.hours. A backlog
  // submitted at once and to be cleared within the hours is sized the same way: a fleet that
  // sustains requests / hours clears them in time.
  std::optional<double> deadline_requests;
  std::optional<double> deadline_output_tokens;
  double deadline_hours = 0;
  // Every mode: the time a request spends in the system (Little's law); default derived from
  // the SLO targets. Mean token counts; default sampled from the base workload.
  std::optional<double> time_in_system_s;
  std::optional<double> mean_prompt_tokens;
  std::optional<double> mean_output_tokens;
  // The day's shape: 24 hourly weights (hour 0 first), or a ServeGen rate folder (resolved path).
  std::vector<double> diurnal_curve;
  std::string servegen_dir;
};

struct PlanSloSpec {
  std::string preset;  // "" = none
  // The preset's level to size for; nullopt = not written (ideal). Only beside a preset (here or
  // in the base scenario's slo).
  std::optional<SloLevel> level;
  SloThresholds thresholds;                  // the numbers written: ttft_ms, tpot_ms, e2e_ms
  std::optional<double> speed_tokens_per_s;  // at most one of tpot_ms, speed_*
  std::string speed_grade;
  std::optional<double> percentile;  // default: the preset's, else the base scenario's, else 95
};

// One engine knob varied across candidates: an EngineSpec field (vLLM spelling) and its values
// as written (each already checked against the field's type and range), and the same values read
// (typed[i] is values[i]), which candidates apply.
struct EngineKnob {
  std::string name;
  std::vector<std::string> values;
  std::vector<EngineKnobValue> typed;
};

struct PlanCandidatesSpec {
  std::vector<std::string> gpus;     // catalog names; empty = the base scenario's GPU
  std::vector<int> tensor_parallel;  // empty = the base scenario's TP
  std::vector<std::string> engines;  // engine presets; empty = the base scenario's engine as is
  std::vector<EngineKnob> knobs;     // cartesian product over the values
  // A calibration bundle name (configs/calibration/<gpu>/<name>): candidates whose GPU has it
  // use the calibrated latency model, the others keep the base scenario's model. "" = none.
  std::string calibration_bundle;
  int replicas_min = 1;
  int replicas_max = 64;
  int max_candidates = 64;  // more combinations than this is an error (keeps a plan bounded)
};

// A currency the plan's costs are also shown in, at a dated exchange rate the planner states:
// costs are computed in US dollars (the catalog's prices) and converted once, for display.
struct PlanCurrency {
  std::string code;    // ISO 4217, e.g. "JPY"
  double per_usd = 0;  // units of the currency per US dollar
  std::string date;    // YYYY-MM-DD the rate is of
  std::string source;  // where the rate comes from
};

// cost.cloud.normalise: catalog prices of other tiers, each multiplied by the plan's factor for
// its tier, stand in for prices of tier `to` (docs/planning-method.md "Price tiers").
struct PlanTierNormalisation {
  std::string to;                         // one of kPriceTiers
  std::map<std::string, double> factors;  // tier -> price of tier `to` / price of that tier, > 0
  std::string source;                     // where the factors come from
};

struct PlanCostSpec {
  bool on_prem = false;
  std::optional<PlanCurrency> currency;  // cost.currency
  // Cloud: per-GPU price overrides ($/GPU-hour) by catalog name; others use the catalog price.
  std::map<std::string, double> usd_per_gpu_hour;
  // Cloud: compare prices of this kind only (one of kPriceTiers; "" = any). A GPU whose catalog
  // price is of another tier and that has no override above is a rejected candidate; the
  // overrides are taken to be of this tier.
  std::string tier;
  std::optional<PlanTierNormalisation> normalise;  // excludes `tier`
  // On premises (sim/plan/cost.h): purchase price per GPU by catalog name, the rest shared.
  std::map<std::string, double> purchase_usd_per_gpu;
  double amortisation_years = 4;
  double utilisation = 0.6;
  double usd_per_kwh = 0.15;
  double pue = 1.3;
  double hosting_usd_per_gpu_month = 0;
};

struct PlanSearchSpec {
  int seeds = 3;  // independent seeds per probe, >= 2 (the confidence interval needs a spread)
  uint64_t first_seed = 1;  // seeds are first_seed, first_seed + 1, ...
  int64_t requests_per_probe = 2000;
  double warmup_fraction = 0.1;  // of each probe's arrival span, left out of the metrics
  double confidence = 0.95;
  int threads = 0;  // 0 = every hardware thread; the CLI's --threads wins
  std::vector<double> sensitivity = {0.8, 1.2, 1.5};  // traffic multipliers to re-check
  // >= 1: every SLO threshold a probe is judged against is divided by it, so the pessimistic end
  // of each interval must sit that much under the SLO (room for the latency model's own error).
  double latency_safety_factor = 1;
};

// Limits the recommendation must respect whatever the SLO needs.
struct PlanConstraintsSpec {
  // No fleet costing more than this per month (kHoursPerMonth hours) is recommended; nullopt = no
  // cap. When no SLO-meeting fleet fits, the best fleet under the cap is recommended with what it
  // gives up (sim/plan/cost_cap.h).
  std::optional<double> max_monthly_cost;
};

// The day with an autoscaler (sim/plan/autoscaler.h): the rule and delays of AutoscalerSpec
// (autoscaler_spec.h), with the target and the ceiling derived when not given.
struct PlanAutoscalerSpec {
  AutoscalerMetric metric = AutoscalerMetric::kQueueLength;
  std::optional<double> target;        // nullopt = auto: the metric the fixed fleet shows at peak
  double tolerance = 0.1;              // HPA: no change while |metric / target - 1| <= tolerance
  int min_replicas = 1;                // 0 = scale to zero
  std::optional<int> max_replicas;     // default: twice the fixed fleet
  double load_bandwidth_gb_per_s = 2;  // weights load speed: storage or network to GPU
  double startup_s = 0;                // container start, engine init, graph capture
  double sync_period_s = 15;           // HPA sync period: how late a change is noticed
  double scale_down_delay_s = 300;     // HPA scale-down stabilisation: old count kept this long
  // Simulated length of each hour of the replayed day: 3600 replays it in real time; fewer
  // compresses it (rates kept, so batching and queueing within a second are the same, but the
  // delays above take a larger share of each hour).
  double seconds_per_hour = 3600;
  int seeds = 1;
};

struct PlanSpec {
  std::string name;
  std::string description;
  Scenario base;            // loaded and checked (policy options), not yet memory-checked
  std::string base_source;  // the scenario file as given, or "inline"
  PlanTrafficSpec traffic;
  PlanSloSpec slo;
  PlanCandidatesSpec candidates;
  PlanCostSpec cost;
  PlanSearchSpec search;
  PlanConstraintsSpec constraints;
  std::optional<PlanAutoscalerSpec> autoscaler;
  std::string source_file;  // the plan file as given
  std::string base_dir;     // the plan file's folder: relative paths are resolved against it
  LocationMap locations;    // dotted path -> where it was written

  // Where `path` (or its nearest written parent) came from; the plan file when unknown.
  SourceLoc LocOf(std::string_view path) const;
};

// Reads the plan at `path` with `set_overrides` ("dotted.path=value"; those under `scenario.`
// go to the base scenario). The base scenario is loaded with `options` (pass the policy
// validators; memory checks belong to the planner, which prunes infeasible candidates).
// Every problem of the plan and of its scenario is reported together in one ConfigError, each at
// file:line:col with its dotted path (inline scenario keys as `scenario.<key>`).
PlanSpec LoadPlan(const std::string& path, const std::vector<std::string>& set_overrides,
                  const Catalog& catalog, const LoaderOptions& options);

// The same from text; `pseudo_filename` names it in messages and gives the folder relative paths
// are resolved against (as written; the file system is only touched for a scenario path).
PlanSpec LoadPlanFromString(const std::string& text, const std::string& pseudo_filename,
                            const std::vector<std::string>& set_overrides, const Catalog& catalog,
                            const LoaderOptions& options);

class YamlMap;

namespace detail {
// Reads traffic, slo and candidates (plan_spec.cc) into `plan`, whose base scenario is already
// loaded (its workload decides whether traffic is needed). Problems become diagnostics.
void ReadPlanSections(YamlMap& root, const Catalog& catalog, PlanSpec& plan);
}  // namespace detail

}  // namespace gpuplan
