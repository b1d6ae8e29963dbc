// From the planner's in-memory result to the plan.json document (sim/documents/plan_document.h):
// every number plan.json carries is picked here, in the units and spellings the file uses, and
// the codec writes it. Derived values the file records (a derivation's printed line, the served
// output rate, the cap's headroom) are computed here once, so the reader gets them as written.

#include <fmt/format.h>

#include <algorithm>

#include "sim/core/error.h"
#include "sim/metrics/run_result.h"
#include "sim/plan/plan_output.h"
#include "sim/plan/slo_verdict.h"

namespace gpuplan {
namespace {

constexpr double kGiB = 1073741824.0;

// How the fleet under a binding cap is chosen (cost_cap.h), recorded beside what it chose.
constexpr const char* kCapRule =
    "the largest fleet the cap buys of each searched candidate; one that keeps up with its "
    "arrivals first, then the largest binding margin, then the lower cost, fewer GPUs, the "
    "candidate listed first";

double OrNull(const std::optional<double>& v) { return v ? *v : kNoValue; }

std::vector<PlanDerivationStep> Steps(const std::vector<DerivationStep>& steps) {
  std::vector<PlanDerivationStep> out;
  out.reserve(steps.size());
  for (const DerivationStep& s : steps) {
    out.push_back({s.label, s.formula, s.value, s.unit, s.ToString()});
  }
  return out;
}

PlanInterval Interval(const ConfidenceInterval& ci) {
  return {.n = ci.n,
          .mean = ci.mean,
          .stddev = ci.stddev,
          .t = ci.t,
          .lower = ci.lower,
          .upper = ci.upper,
          .confidence = ci.confidence};
}

// "ttft", "tpot" or "e2e"; "" when no enabled metric was measured.
std::string BindingMetricName(const ProbeResult& probe) {
  const MetricEstimate* binding = probe.Binding();
  return std::string(binding != nullptr ? SloMetricName(binding->metric) : "");
}

// The document's percentile keys are fixed; the planner's list must be the same one.
void CheckSummaryPercentiles() {
  static_assert(kNumSummaryPercentiles == kPlanSummaryPercentiles);
  for (int q = 0; q < kPlanSummaryPercentiles; ++q) {
    if (fmt::format("p{}", kSummaryPercentiles[q]) != kPlanSummaryPercentileKeys[q]) {
      throw InternalError(
          fmt::format("summary percentile {} has no plan.json key", kSummaryPercentiles[q]));
    }
  }
}

PlanProbe Probe(const ProbeResult& p) {
  PlanProbe out{.replicas = p.replicas,
                .rate_per_s = p.rate_per_s,
                .isolated = p.isolated,
                .passed = p.passed,
                .reason = p.reason,
                .margin = p.margin};
  for (const MetricEstimate& e : p.metrics) {
    out.metrics[e.metric] = {.enabled = e.enabled,
                             .threshold_ms = e.enabled ? e.threshold_ms : kNoValue,
                             .slo_ms = e.enabled ? e.slo_ms : kNoValue,
                             .values_ms = e.values_ms,
                             .ci = Interval(e.ci),
                             .margin = e.enabled ? e.margin : kNoValue,
                             .passed = e.passed};
  }
  PlanSummaryPercentiles& table = out.summary_percentiles.emplace();
  for (SloMetric m : kSloMetrics) {
    for (int q = 0; q < kPlanSummaryPercentiles; ++q) table[m][q] = Interval(p.quantiles[m][q]);
  }
  out.output_tokens_per_s = p.output_tokens_per_s;
  out.request_throughput = p.request_throughput;
  out.attainment = p.attainment;
  out.gpu_busy_fraction = p.gpu_busy_fraction;
  out.kv_used_fraction = p.kv_used_fraction;
  out.requests_per_replica = p.requests_per_replica;
  out.dropped = static_cast<int64_t>(p.dropped);
  out.unfinished = static_cast<int64_t>(p.unfinished);
  out.overloaded_seeds = p.overloaded_seeds;
  return out;
}

std::optional<PlanProbe> OptionalProbe(const std::optional<ProbeResult>& p) {
  if (!p) return std::nullopt;
  return Probe(*p);
}

PlanFleetCost Cost(const FleetCost& f) {
  return {.gpus = f.gpus,
          .usd_per_gpu_hour = f.usd_per_gpu_hour,
          .usd_per_hour = f.usd_per_hour,
          .usd_per_day = f.usd_per_day,
          .usd_per_month = f.usd_per_month,
          .gpu_hours_per_day = f.gpu_hours_per_day,
          .usd_per_million_output_tokens = OrNull(f.usd_per_million_output_tokens),
          .steps = Steps(f.steps)};
}

std::optional<PlanFleetCost> OptionalCost(const std::optional<FleetCost>& f) {
  if (!f) return std::nullopt;
  return Cost(*f);
}

PlanProvenance Provenance(const PlanSpec& plan, const PlanResult& r, std::string_view version) {
  PlanProvenance p{.gpuplan_version = std::string(version),
                   .plan_file = plan.source_file,
                   .name = plan.name,
                   .description = plan.description,
                   .base_source = plan.base_source,
                   .base_yaml = ToResolvedYaml(plan.base),
                   .seeds = r.settings.seeds,
                   .requests_per_probe = r.settings.requests,
                   .isolated_requests = r.settings.isolated_requests,
                   .warmup_fraction = r.settings.warmup_fraction,
                   .confidence = r.settings.confidence,
                   .percentile = r.slo.targets.percentile,
                   .latency_safety_factor = r.settings.latency_safety_factor,
                   .latency_model = plan.base.latency.kind,
                   .cost_model = plan.cost.on_prem ? "on_prem" : "cloud",
                   .prices = {}};
  for (const PriceRow& price : r.prices) {
    p.prices.push_back({price.gpu, price.hour.usd_per_gpu_hour, price.date, price.source,
                        price.tier, price.region, Steps(price.hour.steps)});
  }
  if (const std::optional<PlanCurrency>& c = plan.cost.currency) {
    p.currency = PlanCurrencyRate{c->code, c->per_usd, c->date, c->source};
  }
  return p;
}

// The plan's own words for steps 1, 2 and 5, before anything was derived from them.
PlanInputs Inputs(const PlanSpec& plan) {
  PlanInputs in;
  const PlanSloSpec& s = plan.slo;
  in.slo = {.preset = s.preset,
            .level = s.level ? std::optional<std::string>(SloLevelName(*s.level)) : std::nullopt,
            .thresholds = s.thresholds,
            .speed_tokens_per_s = OrNull(s.speed_tokens_per_s),
            .speed_grade = s.speed_grade,
            .percentile = OrNull(s.percentile)};
  const PlanTrafficSpec& t = plan.traffic;
  in.traffic = {.mode = std::string(TrafficModeName(t.mode)),
                .dau = t.dau,
                .sessions_per_user_per_day = t.sessions_per_user_per_day,
                .requests_per_session = t.requests_per_session,
                .think_time_s = t.think_time_s,
                .peak_hour_share = OrNull(t.peak_hour_share),
                .burst_factor = t.burst_factor,
                .concurrency_at_peak = OrNull(t.concurrency_at_peak),
                .peak_rate_per_s = OrNull(t.peak_rate_per_s),
                .deadline_requests = OrNull(t.deadline_requests),
                .deadline_output_tokens = OrNull(t.deadline_output_tokens),
                .deadline_hours = t.mode == TrafficMode::kDeadline
                                      ? std::optional<double>(t.deadline_hours)
                                      : std::nullopt,
                .time_in_system_s = OrNull(t.time_in_system_s),
                .mean_prompt_tokens = OrNull(t.mean_prompt_tokens),
                .mean_output_tokens = OrNull(t.mean_output_tokens),
                .diurnal_curve = t.diurnal_curve,
                .servegen = t.servegen_dir};
  const PlanCandidatesSpec& c = plan.candidates;
  in.candidates = {.gpus = c.gpus,
                   .tensor_parallel = c.tensor_parallel,
                   .engines = c.engines,
                   .knobs = {},
                   .replicas_min = c.replicas_min,
                   .replicas_max = c.replicas_max,
                   .max_candidates = c.max_candidates,
                   .calibration_bundle = c.calibration_bundle};
  for (const EngineKnob& k : c.knobs) in.candidates.knobs.emplace_back(k.name, k.values);
  const PlanSearchSpec& s2 = plan.search;
  in.search = {.seeds = s2.seeds,
               .first_seed = s2.first_seed,
               .requests_per_probe = s2.requests_per_probe,
               .warmup_fraction = s2.warmup_fraction,
               .confidence = s2.confidence,
               .sensitivity = s2.sensitivity,
               .latency_safety_factor = s2.latency_safety_factor};
  in.max_monthly_cost = OrNull(plan.constraints.max_monthly_cost);
  return in;
}

PlanSloStep SloStepOf(const PlanResult& r) {
  const SloTargets& t = r.slo.targets;
  PlanSloStep s{.source = r.slo.source,
                .preset = t.preset,
                .levels = std::nullopt,
                .thresholds = t.thresholds,
                .percentile = t.percentile,
                .speed_tokens_per_s = t.speed ? t.speed->tokens_per_s : kNoValue,
                .speed_grade = t.speed ? t.speed->grade : "",
                .latency_safety_factor = r.slo.latency_safety_factor,
                .judged_thresholds = r.slo.Judged(),
                .steps = Steps(r.slo.steps)};
  if (t.levels) {
    s.levels = PlanSloLevels{.level = std::string(SloLevelName(t.levels->level)),
                             .ideal = t.levels->ideal,
                             .acceptable = t.levels->acceptable};
  }
  return s;
}

PlanTrafficStep TrafficStepOf(const TrafficStep& tr) {
  return {.mode = std::string(TrafficModeName(tr.mode)),
          .mean_prompt_tokens = tr.mean_prompt_tokens,
          .mean_output_tokens = tr.mean_output_tokens,
          .tokens_source = tr.tokens_source,
          .time_in_system_s = tr.time_in_system_s,
          .peak_rate_per_s = tr.peak_rate_per_s,
          .concurrency_in_flight = tr.concurrency_in_flight,
          .mean_rate_per_s = OrNull(tr.mean_rate_per_s),
          .day_shape_source = tr.day_shape_source,
          .day_rates_per_s = tr.day_rates_per_s,
          .served_output_tokens_per_s = tr.ServedOutputTokensPerS(),
          .served_rate_basis = tr.ServedRateBasis(),
          .steps = Steps(tr.steps)};
}

// nullopt for a candidate a rule rejected before its memory was planned (its reason says which).
std::optional<PlanCandidateMemory> Memory(const Candidate& c) {
  const MemoryPlan& m = c.memory;
  if (m.memory_bytes <= 0) return std::nullopt;
  return PlanCandidateMemory{.fits = m.fits,
                             .gpu_memory_gib = m.memory_bytes / kGiB,
                             .usable_gib = m.usable_bytes / kGiB,
                             .weight_gib = m.weight_bytes / kGiB,
                             .activation_reserve_gib = m.activation_reserve_bytes / kGiB,
                             .kv_budget_gib = m.kv_budget_bytes / kGiB,
                             .kv_bytes_per_token = m.kv_bytes_per_token,
                             .block_size = m.block_size,
                             .kv_blocks = m.num_kv_blocks,
                             .kv_tokens = m.max_kv_tokens,
                             .sequences_at_mean_context = c.sequences_at_mean_context,
                             .explanation = m.explanation};
}

PlanCandidate CandidateOf(const Candidate& c, const CandidateOutcome& o, bool recommended) {
  const std::string& display = c.scenario.gpu.display_name;
  PlanCandidate out{.id = c.id,
                    .label = c.label,
                    .gpu = c.gpu,
                    .gpu_display_name = display.empty() ? c.gpu : display,
                    .tensor_parallel = c.tensor_parallel,
                    .engine = c.engine.label,
                    .gpus_per_node = c.scenario.deployment.gpus_per_node,
                    .latency_model = c.latency_model,
                    .status = std::string(CandidateStatusName(o.status)),
                    .recommended = recommended,
                    .reason = o.reason,
                    .memory = Memory(c),
                    .isolated = OptionalProbe(o.isolated),
                    .min_replicas = o.replicas,
                    .cost = OptionalCost(o.cost),
                    .probes = {}};
  for (const ProbeResult& p : o.search.probes) out.probes.push_back(Probe(p));
  return out;
}

void Candidates(const PlanResult& r, PlanDocument& doc) {
  const CandidateSet& set = r.candidates;
  doc.counts = {.combinations = set.combinations,
                .duplicates_removed = set.duplicates_removed,
                .built = static_cast<int64_t>(set.all.size()),
                .pruned = static_cast<int64_t>(set.all.size() - set.Feasible()),
                .feasible = std::count_if(r.outcomes.begin(), r.outcomes.end(),
                                          [](const CandidateOutcome& o) {
                                            return o.status == CandidateStatus::kFeasible;
                                          })};
  for (const Candidate& c : set.all) {
    const bool recommended = r.recommendation && r.recommendation->candidate == c.id;
    doc.candidates.push_back(CandidateOf(c, r.outcomes[c.id], recommended));
  }
}

PlanCapFleet FleetOf(const PlanResult& r, const CapFleet& f) {
  return {.candidate = f.candidate,
          .label = r.candidates.all[f.candidate].label,
          .replicas = f.replicas,
          .gpus = f.cost.gpus,
          .usd_per_month = f.cost.usd_per_month};
}

std::optional<PlanCapFleet> OptionalFleet(const PlanResult& r, const std::optional<CapFleet>& f) {
  if (!f) return std::nullopt;
  return FleetOf(r, *f);
}

PlanGivenUp GivenUpOf(const GivenUp& g) {
  return {.metric = g.metric,
          .slo_ms = g.slo_ms,
          .threshold_ms = g.threshold_ms,
          .ci = Interval(g.ci),
          .over_by_ms = g.over_by_ms,
          .over_by_fraction = g.over_by_fraction,
          .arrival_rate_per_s = g.arrival_rate_per_s,
          .completion_rate_per_s = g.completion_rate_per_s,
          .overloaded_seeds = g.overloaded_seeds,
          .dropped = static_cast<int64_t>(g.dropped),
          .unfinished = static_cast<int64_t>(g.unfinished),
          .text = g.text};
}

// constraints.max_monthly_cost and what it decided; nullopt without a cap.
std::optional<PlanCostCap> CostCapOf(const PlanResult& r) {
  if (!r.cap) return std::nullopt;
  const CostCapOutcome& c = *r.cap;
  PlanCostCap out{
      .max_monthly_cost = c.max_monthly_cost,
      .status = std::string(CapStatusName(c.status)),
      .within_cap = c.status == CapStatus::kWithinCap,
      .meets_slo = c.meets_slo,
      .headroom_usd_per_month =
          r.recommendation ? c.max_monthly_cost - r.recommendation->cost.usd_per_month : kNoValue,
      .cheapest_meeting_slo = OptionalFleet(r, c.cheapest_meeting_slo),
      .cheapest_meeting_slo_usd_per_month =
          c.cheapest_meeting_slo ? c.cheapest_meeting_slo->cost.usd_per_month : kNoValue,
      .given_up = {},
      .rule = kCapRule,
      .considered = {},
      .cheapest_fleet = OptionalFleet(r, c.cheapest_fleet),
      .extra_probes = c.extra_probes,
      .statement = c.statement};
  for (const GivenUp& g : c.given_up) out.given_up.push_back(GivenUpOf(g));
  for (const CapFleet& f : c.considered) {
    out.considered.push_back({.fleet = FleetOf(r, f),
                              .keeps_up = f.KeepsUp(),
                              .passed = f.probe.passed,
                              .margin = f.probe.margin,
                              .binding_metric = BindingMetricName(f.probe),
                              .attainment = f.probe.attainment,
                              .from_search = f.from_search});
  }
  return out;
}

// Each seed's own replica count (replica_distribution.h).
PlanReplicasBySeed ReplicasBySeedOf(const ReplicaDistribution& d) {
  return {.seeds = d.seeds,
          .replicas = d.replicas,
          .min = d.min,
          .median = OrNull(d.median),
          .max = d.max,
          .recommended = d.recommended,
          .covered_seeds = d.covered_seeds,
          .covered_share = d.covered_share,
          .extra_probes = d.extra_probes};
}

PlanModelError ModelErrorOf(const ModelError& e) {
  PlanModelError out{
      .engine = e.engine, .gpu = e.gpu, .statistics = {}, .not_validated = e.not_validated};
  for (const ModelErrorStat& s : e.statistics) {
    out.statistics.push_back({.statistic = s.statistic,
                              .gpu = s.gpu,
                              .held_out = s.held_out,
                              .rows = s.rows,
                              .median = s.median,
                              .p90 = s.p90,
                              .bias = s.bias});
  }
  return out;
}

std::optional<PlanRecommendation> RecommendationOf(const PlanResult& r) {
  if (!r.recommendation) return std::nullopt;
  const Recommendation& rec = *r.recommendation;
  PlanRecommendation out{.candidate = rec.candidate,
                         .label = r.candidates.all[rec.candidate].label,
                         .replicas = rec.replicas,
                         .statement = rec.statement,
                         .binding_metric = BindingMetricName(rec.probe),
                         .margin = rec.probe.margin,
                         .level_met = "",
                         .cost = Cost(rec.cost),
                         .probe = Probe(rec.probe),
                         .runner_ups = rec.runner_ups,
                         .replicas_by_seed = std::nullopt,
                         .model_error = std::nullopt};
  if (const std::optional<SloLevels>& levels = r.slo.targets.levels) {
    const SloLevelMet met = ProbeLevelMet(rec.probe, *levels, r.slo.latency_safety_factor);
    out.level_met = std::string(SloLevelMetName(met));
  }
  if (r.replicas_by_seed) out.replicas_by_seed = ReplicasBySeedOf(*r.replicas_by_seed);
  if (r.model_error) out.model_error = ModelErrorOf(*r.model_error);
  return out;
}

void Robustness(const PlanResult& r, PlanDocument& doc) {
  for (const ParetoPoint& p : r.pareto) {
    doc.pareto.push_back({.candidate = p.candidate,
                          .label = r.candidates.all[p.candidate].label,
                          .replicas = p.replicas,
                          .gpus = p.gpus,
                          .usd_per_month = p.usd_per_month,
                          .latency_ms = p.latency_ms,
                          .frontier = p.frontier});
  }
  for (const SensitivityRow& s : r.sensitivity) {
    doc.sensitivity.push_back({.multiplier = s.multiplier,
                               .rate_per_s = s.rate_per_s,
                               .holds = s.at_fleet.passed,
                               .at_fleet = Probe(s.at_fleet),
                               .min_replicas = s.min_replicas,
                               .cost = OptionalCost(s.cost)});
  }
  if (r.n_plus_one) {
    const NPlusOneCheck& n = *r.n_plus_one;
    doc.n_plus_one = PlanNPlusOne{.replicas = n.replicas,
                                  .holds = n.holds,
                                  .one_down = OptionalProbe(n.one_down),
                                  .n_plus_one_replicas = n.n_plus_one_replicas,
                                  .cost = Cost(n.cost),
                                  .statement = n.statement,
                                  .within_cap = n.within_cap,
                                  .cap_statement = n.cap_statement};
  }
}

PlanDaySide SideOf(const DaySide& s) { return {s.gpu_hours, s.usd, s.attainment}; }

PlanDay DayOf(const PlanSpec& plan, const DaySimulation& d) {
  PlanDay out{.ran = d.ran, .skipped = d.skipped};
  if (plan.autoscaler) {
    const PlanAutoscalerSpec& a = *plan.autoscaler;
    out.inputs = PlanAutoscalerInputs{.tolerance = a.tolerance,
                                      .load_bandwidth_gb_per_s = a.load_bandwidth_gb_per_s,
                                      .startup_s = a.startup_s,
                                      .sync_period_s = a.sync_period_s,
                                      .scale_down_delay_s = a.scale_down_delay_s,
                                      .seconds_per_hour = a.seconds_per_hour,
                                      .seeds = a.seeds};
  }
  if (!d.ran) return out;
  out.replay = "continuous";  // one run of the day: queues and cold starts carry over
  out.metric = std::string(AutoscalerMetricName(d.metric));
  out.target = d.target;
  out.target_auto = d.target_auto;
  out.min_replicas = d.min_replicas;
  out.max_replicas = d.max_replicas;
  out.cold_start_s = d.cold_start_s;
  out.scale_up_delay_s = d.scale_up_delay_s;
  out.seconds_per_hour = d.seconds_per_hour;
  out.requests_simulated = d.requests_simulated;
  out.steps = Steps(d.steps);
  for (const DayWindow& x : d.windows) {
    out.windows.push_back({.hour = x.hour,
                           .rate_per_s = x.rate_per_s,
                           .requests = x.requests,
                           .fixed_replicas = x.fixed_replicas,
                           .fixed_attainment = x.fixed_attainment,
                           .fixed_carried_in = x.fixed_carried_in,
                           .replicas_start = x.replicas_start,
                           .replicas_min = x.replicas_min,
                           .replicas_max = x.replicas_max,
                           .replicas = x.replicas,
                           .replica_hours = x.replica_hours,
                           .attainment = x.attainment,
                           .carried_in = x.carried_in});
  }
  out.fixed = SideOf(d.fixed);
  out.autoscaled = SideOf(d.autoscaled);
  return out;
}

std::optional<PlanDeployment> DeploymentOf(const PlanResult& r) {
  if (!r.deployment) return std::nullopt;
  const DeploymentCommands& d = *r.deployment;
  return PlanDeployment{.serve_command = d.serve,
                        .engine_config = d.engine_config,
                        .bench_command = d.bench,
                        .compare_command = d.compare,
                        .notes = d.notes};
}

}  // namespace

PlanDocument BuildPlanDocument(const PlanSpec& plan, const PlanResult& r,
                               std::string_view gpuplan_version) {
  CheckSummaryPercentiles();
  PlanDocument doc;
  doc.provenance = Provenance(plan, r, gpuplan_version);
  for (const PlanWarning& x : r.warnings) doc.warnings.push_back({x.code, x.values, x.text});
  doc.inputs = Inputs(plan);
  doc.slo = SloStepOf(r);
  doc.traffic = TrafficStepOf(r.traffic);
  for (const EngineVariant& v : r.candidates.engines) {
    doc.engines.push_back({v.label, v.preset, v.knobs});
  }
  Candidates(r, doc);
  doc.recommendation = RecommendationOf(r);
  doc.no_recommendation = r.recommendation ? "" : r.no_recommendation;
  doc.cost_cap = CostCapOf(r);
  Robustness(r, doc);
  doc.day = DayOf(plan, r.day);
  doc.deployment = DeploymentOf(r);
  return doc;
}

}  // namespace gpuplan
