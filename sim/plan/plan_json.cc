// plan.json: the whole plan as one document, in step order.

#include <fmt/format.h>

#include <algorithm>

#include "sim/metrics/run_result.h"
#include "sim/plan/plan_output.h"
#include "sim/plan/slo_verdict.h"
#include "sim/util/json_writer.h"
#include "sim/util/slo_json.h"

namespace gpuplan {
namespace {

constexpr double kGiB = 1073741824.0;

void Optional(JsonWriter& w, std::string_view key, const std::optional<double>& v) {
  w.Key(key);
  if (v) {
    w.Double(*v);
  } else {
    w.Null();
  }
}

void Steps(JsonWriter& w, std::string_view key, const std::vector<DerivationStep>& steps) {
  w.Key(key).BeginArray();
  for (const DerivationStep& s : steps) {
    w.BeginObject().Field("label", s.label).Field("formula", s.formula).Field("value", s.value);
    w.Field("unit", s.unit).Field("text", s.ToString()).EndObject();
  }
  w.EndArray();
}

void Interval(JsonWriter& w, const ConfidenceInterval& ci) {
  w.BeginObject().Field("n", ci.n).Field("mean", ci.mean).Field("stddev", ci.stddev);
  w.Field("t", ci.t).Field("lower", ci.lower).Field("upper", ci.upper);
  w.Field("confidence", ci.confidence).EndObject();
}

// "ttft", "tpot" or "e2e"; "" when no enabled metric was measured.
std::string_view BindingMetricName(const ProbeResult& probe) {
  const MetricEstimate* binding = probe.Binding();
  return binding != nullptr ? SloMetricName(binding->metric) : "";
}

// "p50", "p99", "p99.9".
std::string PercentileKey(double percentile) { return fmt::format("p{}", percentile); }

void Probe(JsonWriter& w, const ProbeResult& p) {
  w.BeginObject().Field("replicas", p.replicas).Field("rate_per_s", p.rate_per_s);
  w.Field("isolated", p.isolated).Field("passed", p.passed).Field("reason", p.reason);
  w.Field("margin", p.margin).Key("metrics").BeginObject();
  for (const MetricEstimate& e : p.metrics) {
    w.Key(SloMetricName(e.metric)).BeginObject().Field("enabled", e.enabled);
    w.Field("threshold_ms", e.enabled ? e.threshold_ms : kNoValue);
    w.Field("slo_ms", e.enabled ? e.slo_ms : kNoValue);
    w.Key("values_ms").BeginArray();
    for (double v : e.values_ms) w.Double(v);
    w.EndArray().Key("ci");
    Interval(w, e.ci);
    w.Field("margin", e.enabled ? e.margin : kNoValue).Field("passed", e.passed).EndObject();
  }
  w.EndObject().Key("summary_percentiles_ms").BeginObject();
  for (SloMetric m : kSloMetrics) {
    w.Key(SloMetricName(m)).BeginObject();
    for (int q = 0; q < kNumSummaryPercentiles; ++q) {
      w.Key(PercentileKey(kSummaryPercentiles[q]));
      Interval(w, p.quantiles[m][q]);
    }
    w.EndObject();
  }
  w.EndObject().Field("output_tokens_per_s", p.output_tokens_per_s);
  w.Field("request_throughput", p.request_throughput).Field("attainment", p.attainment);
  w.Field("gpu_busy_fraction", p.gpu_busy_fraction);
  w.Field("kv_used_fraction", p.kv_used_fraction);
  w.Field("requests_per_replica", p.requests_per_replica).Field("dropped", p.dropped);
  w.Field("unfinished", p.unfinished).Field("overloaded_seeds", p.overloaded_seeds).EndObject();
}

void Cost(JsonWriter& w, const FleetCost& f) {
  w.BeginObject().Field("gpus", f.gpus).Field("usd_per_gpu_hour", f.usd_per_gpu_hour);
  w.Field("usd_per_hour", f.usd_per_hour).Field("usd_per_day", f.usd_per_day);
  w.Field("usd_per_month", f.usd_per_month).Field("gpu_hours_per_day", f.gpu_hours_per_day);
  Optional(w, "usd_per_million_output_tokens", f.usd_per_million_output_tokens);
  Steps(w, "derivation", f.steps);
  w.EndObject();
}

void Provenance(JsonWriter& w, const PlanSpec& plan, const PlanResult& r,
                std::string_view version) {
  w.Key("provenance").BeginObject().Field("gpuplan_version", version);
  w.Field("plan_file", plan.source_file).Field("name", plan.name);
  w.Field("description", plan.description).Field("base_scenario_source", plan.base_source);
  w.Field("base_scenario_resolved_yaml", ToResolvedYaml(plan.base));
  w.Key("seeds").BeginArray();
  for (uint64_t s : r.settings.seeds) w.Uint(s);
  w.EndArray().Field("requests_per_probe", r.settings.requests);
  w.Field("isolated_requests", r.settings.isolated_requests);
  w.Field("warmup_fraction", r.settings.warmup_fraction);
  w.Field("confidence", r.settings.confidence).Field("percentile", r.slo.targets.percentile);
  w.Field("latency_safety_factor", r.settings.latency_safety_factor);
  w.Field("latency_model", plan.base.latency.kind);
  w.Field("cost_model", plan.cost.on_prem ? "on_prem" : "cloud").Key("prices").BeginArray();
  for (const PriceRow& p : r.prices) {
    w.BeginObject().Field("gpu", p.gpu).Field("usd_per_gpu_hour", p.hour.usd_per_gpu_hour);
    w.Field("date", p.date).Field("source", p.source);
    Steps(w, "derivation", p.hour.steps);
    w.EndObject();
  }
  w.EndArray().EndObject();
}

void DoubleList(JsonWriter& w, std::string_view key, const std::vector<double>& values) {
  w.Key(key).BeginArray();
  for (double v : values) w.Double(v);
  w.EndArray();
}

// The plan's own words for steps 1, 2 and 5, before anything was derived from them.
void Inputs(JsonWriter& w, const PlanSpec& plan) {
  const PlanSloSpec& s = plan.slo;
  w.Key("slo").BeginObject().Field("preset", s.preset);
  if (s.level) w.Field("level", SloLevelName(*s.level));
  WriteSloThresholdsMs(w, s.thresholds);
  Optional(w, "speed_tokens_per_s", s.speed_tokens_per_s);
  w.Field("speed_grade", s.speed_grade);
  Optional(w, "percentile", s.percentile);
  const PlanTrafficSpec& t = plan.traffic;
  w.EndObject().Key("traffic").BeginObject().Field("mode", TrafficModeName(t.mode));
  w.Field("dau", t.dau).Field("sessions_per_user_per_day", t.sessions_per_user_per_day);
  w.Field("requests_per_session", t.requests_per_session).Field("think_time_s", t.think_time_s);
  Optional(w, "peak_hour_share", t.peak_hour_share);
  w.Field("burst_factor", t.burst_factor);
  Optional(w, "concurrency_at_peak", t.concurrency_at_peak);
  Optional(w, "peak_rate_per_s", t.peak_rate_per_s);
  Optional(w, "deadline_requests", t.deadline_requests);
  Optional(w, "deadline_output_tokens", t.deadline_output_tokens);
  if (t.mode == TrafficMode::kDeadline) w.Field("deadline_hours", t.deadline_hours);
  Optional(w, "time_in_system_s", t.time_in_system_s);
  Optional(w, "mean_prompt_tokens", t.mean_prompt_tokens);
  Optional(w, "mean_output_tokens", t.mean_output_tokens);
  DoubleList(w, "diurnal_curve", t.diurnal_curve);
  w.Field("servegen", t.servegen_dir);
  const PlanCandidatesSpec& c = plan.candidates;
  w.EndObject().Key("candidates").BeginObject().Key("gpus").BeginArray();
  for (const std::string& g : c.gpus) w.String(g);
  w.EndArray().Key("tensor_parallel").BeginArray();
  for (int tp : c.tensor_parallel) w.Int(tp);
  w.EndArray().Key("engines").BeginArray();
  for (const std::string& e : c.engines) w.String(e);
  w.EndArray().Key("knobs").BeginObject();
  for (const EngineKnob& k : c.knobs) {
    w.Key(k.name).BeginArray();
    for (const std::string& v : k.values) w.String(v);
    w.EndArray();
  }
  w.EndObject().Field("replicas_min", c.replicas_min).Field("replicas_max", c.replicas_max);
  w.Field("max_candidates", c.max_candidates).Field("calibration_bundle", c.calibration_bundle);
  const PlanSearchSpec& s2 = plan.search;
  w.EndObject().Key("search").BeginObject().Field("seeds", s2.seeds);
  w.Field("first_seed", s2.first_seed).Field("requests_per_probe", s2.requests_per_probe);
  w.Field("warmup_fraction", s2.warmup_fraction).Field("confidence", s2.confidence);
  DoubleList(w, "sensitivity", s2.sensitivity);
  w.Field("latency_safety_factor", s2.latency_safety_factor);
  w.EndObject().Key("constraints").BeginObject();
  Optional(w, "max_monthly_cost", plan.constraints.max_monthly_cost);
  w.EndObject();
}

void Limits(JsonWriter& w, std::string_view key, const SloThresholds& limits) {
  w.Key(key).BeginObject();
  WriteSloThresholdsMs(w, limits);
  w.EndObject();
}

// With a preset only (a plan without one writes exactly what it wrote before): the level sized
// for and both levels' targets.
void Levels(JsonWriter& w, const SloLevels& levels) {
  w.Field("level", SloLevelName(levels.level)).Key("levels").BeginObject();
  Limits(w, "ideal", levels.ideal);
  Limits(w, "acceptable", levels.acceptable);
  w.EndObject();
}

void SloAndTraffic(JsonWriter& w, const PlanResult& r) {
  const SloTargets& t = r.slo.targets;
  w.Key("slo").BeginObject().Field("source", r.slo.source).Field("preset", t.preset);
  if (t.levels) Levels(w, *t.levels);
  WriteSloThresholdsMs(w, t.thresholds);
  w.Field("percentile", t.percentile);
  Optional(w, "speed_tokens_per_s",
           t.speed ? std::optional<double>(t.speed->tokens_per_s) : std::nullopt);
  w.Field("speed_grade", t.speed ? t.speed->grade : "");
  w.Field("latency_safety_factor", r.slo.latency_safety_factor);
  w.Key("judged_thresholds_ms").BeginObject();
  WriteSloThresholdsByName(w, r.slo.Judged());
  w.EndObject();
  Steps(w, "derivation", r.slo.steps);
  w.EndObject();
  const TrafficStep& tr = r.traffic;
  w.Key("traffic").BeginObject().Field("mode", TrafficModeName(tr.mode));
  w.Field("mean_prompt_tokens", tr.mean_prompt_tokens);
  w.Field("mean_output_tokens", tr.mean_output_tokens).Field("tokens_source", tr.tokens_source);
  w.Field("time_in_system_s", tr.time_in_system_s).Field("peak_rate_per_s", tr.peak_rate_per_s);
  w.Field("concurrency_in_flight", tr.concurrency_in_flight);
  Optional(w, "mean_rate_per_s", tr.mean_rate_per_s);
  w.Field("day_shape_source", tr.day_shape_source);
  DoubleList(w, "day_rates_per_s", tr.day_rates_per_s);
  w.Field("served_output_tokens_per_s", tr.ServedOutputTokensPerS());
  w.Field("served_rate_basis", tr.ServedRateBasis());
  Steps(w, "derivation", tr.steps);
  w.EndObject();
}

void Engines(JsonWriter& w, const PlanResult& r) {
  w.Key("engines").BeginArray();
  for (const EngineVariant& v : r.candidates.engines) {
    w.BeginObject().Field("label", v.label).Field("preset", v.preset).Key("knobs").BeginObject();
    for (const auto& [name, value] : v.knobs) w.Field(name, value);
    w.EndObject().EndObject();
  }
  w.EndArray();
}

// null for a candidate a rule rejected before its memory was planned (its reason says which).
void Memory(JsonWriter& w, const Candidate& c) {
  const MemoryPlan& m = c.memory;
  w.Key("memory");
  if (m.memory_bytes <= 0) {
    w.Null();
    return;
  }
  w.BeginObject().Field("fits", m.fits);
  w.Field("gpu_memory_gib", m.memory_bytes / kGiB).Field("usable_gib", m.usable_bytes / kGiB);
  w.Field("weight_gib_per_gpu", m.weight_bytes / kGiB);
  w.Field("activation_reserve_gib", m.activation_reserve_bytes / kGiB);
  w.Field("kv_budget_gib_per_gpu", m.kv_budget_bytes / kGiB);
  w.Field("kv_bytes_per_token_per_gpu", m.kv_bytes_per_token).Field("block_size", m.block_size);
  w.Field("kv_blocks", m.num_kv_blocks).Field("kv_tokens", m.max_kv_tokens);
  w.Field("sequences_at_mean_context", c.sequences_at_mean_context);
  w.Field("explanation", m.explanation).EndObject();
}

void CandidateEntry(JsonWriter& w, const Candidate& c, const CandidateOutcome& o,
                    bool recommended) {
  w.BeginObject().Field("id", c.id).Field("label", c.label).Field("gpu", c.gpu);
  const std::string& display = c.scenario.gpu.display_name;
  w.Field("gpu_display_name", display.empty() ? c.gpu : display);
  w.Field("tensor_parallel", c.tensor_parallel).Field("engine", c.engine.label);
  w.Field("gpus_per_node", c.scenario.deployment.gpus_per_node);
  w.Field("latency_model", c.latency_model);
  w.Field("status", CandidateStatusName(o.status)).Field("recommended", recommended);
  w.Field("reason", o.reason);
  Memory(w, c);
  w.Key("isolated");
  if (o.isolated) {
    Probe(w, *o.isolated);
  } else {
    w.Null();
  }
  w.Key("min_replicas");
  o.replicas ? w.Int(*o.replicas) : w.Null();
  w.Key("cost");
  o.cost ? Cost(w, *o.cost) : void(w.Null());
  w.Key("probes").BeginArray();
  for (const ProbeResult& p : o.search.probes) Probe(w, p);
  w.EndArray().EndObject();
}

void Candidates(JsonWriter& w, const PlanResult& r) {
  const CandidateSet& set = r.candidates;
  w.Key("candidate_counts").BeginObject().Field("combinations", set.combinations);
  w.Field("duplicates_removed", set.duplicates_removed).Field("built", set.all.size());
  w.Field("pruned", set.all.size() - set.Feasible());
  w.Field("feasible",
          std::count_if(r.outcomes.begin(), r.outcomes.end(), [](const CandidateOutcome& o) {
            return o.status == CandidateStatus::kFeasible;
          }));
  w.EndObject().Key("candidates").BeginArray();
  for (const Candidate& c : set.all) {
    const bool recommended = r.recommendation && r.recommendation->candidate == c.id;
    CandidateEntry(w, c, r.outcomes[c.id], recommended);
  }
  w.EndArray();
}

void Fleet(JsonWriter& w, const PlanResult& r, const std::optional<CapFleet>& f) {
  if (!f) {
    w.Null();
    return;
  }
  w.BeginObject().Field("candidate", f->candidate);
  w.Field("label", r.candidates.all[f->candidate].label).Field("replicas", f->replicas);
  w.Field("gpus", f->cost.gpus).Field("usd_per_month", f->cost.usd_per_month).EndObject();
}

void GivenUpEntry(JsonWriter& w, const GivenUp& g) {
  w.BeginObject().Field("metric", g.metric);
  const bool latency = g.metric != "sustained" && g.metric != "dropped";
  if (latency) {
    w.Field("slo_ms", g.slo_ms).Field("threshold_ms", g.threshold_ms).Key("ci");
    Interval(w, g.ci);
    w.Field("over_by_ms", g.over_by_ms).Field("over_by_fraction", g.over_by_fraction);
  } else if (g.metric == "sustained") {
    w.Field("arrival_rate_per_s", g.arrival_rate_per_s);
    w.Field("completion_rate_per_s", g.completion_rate_per_s);
    w.Field("overloaded_seeds", g.overloaded_seeds);
  } else {
    w.Field("dropped", g.dropped).Field("unfinished", g.unfinished);
  }
  w.Field("text", g.text).EndObject();
}

// constraints.max_monthly_cost and what it decided; null without a cap.
void CapEntry(JsonWriter& w, const PlanResult& r) {
  if (!r.cap) {
    w.Null();
    return;
  }
  const CostCapOutcome& c = *r.cap;
  w.BeginObject().Field("max_monthly_cost", c.max_monthly_cost);
  w.Field("status", CapStatusName(c.status));
  w.Field("within_cap", c.status == CapStatus::kWithinCap).Field("meets_slo", c.meets_slo);
  w.Key("headroom_usd_per_month");
  r.recommendation ? w.Double(c.max_monthly_cost - r.recommendation->cost.usd_per_month) : w.Null();
  w.Key("cheapest_meeting_slo");
  Fleet(w, r, c.cheapest_meeting_slo);
  w.Key("cheapest_meeting_slo_usd_per_month");
  c.cheapest_meeting_slo ? w.Double(c.cheapest_meeting_slo->cost.usd_per_month) : w.Null();
  w.Key("given_up").BeginArray();
  for (const GivenUp& g : c.given_up) GivenUpEntry(w, g);
  w.EndArray();
  w.Field("rule",
          "the largest fleet the cap buys of each searched candidate; one that keeps up with its "
          "arrivals first, then the largest binding margin, then the lower cost, fewer GPUs, the "
          "candidate listed first");
  w.Key("considered").BeginArray();
  for (const CapFleet& f : c.considered) {
    w.BeginObject().Field("candidate", f.candidate);
    w.Field("label", r.candidates.all[f.candidate].label).Field("replicas", f.replicas);
    w.Field("gpus", f.cost.gpus).Field("usd_per_month", f.cost.usd_per_month);
    w.Field("keeps_up", f.KeepsUp()).Field("passed", f.probe.passed);
    w.Field("margin", f.probe.margin);
    w.Field("binding_metric", BindingMetricName(f.probe));
    w.Field("attainment", f.probe.attainment);
    w.Field("probe_source", f.from_search ? "search" : "cap").EndObject();
  }
  w.EndArray().Key("cheapest_fleet");
  Fleet(w, r, c.cheapest_fleet);
  w.Field("extra_probes", c.extra_probes).Field("statement", c.statement).EndObject();
}

void Warnings(JsonWriter& w, const PlanResult& r) {
  w.Key("warnings").BeginArray();
  for (const PlanWarning& x : r.warnings) {
    w.BeginObject().Field("code", x.code);
    for (const auto& [name, value] : x.values) w.Field(name, value);
    w.Field("text", x.text).EndObject();
  }
  w.EndArray();
}

// Each seed's own replica count (replica_distribution.h); null where a seed is not met.
void ReplicasBySeed(JsonWriter& w, const ReplicaDistribution& d) {
  const auto count = [&w](const std::optional<int>& v) { v ? w.Int(*v) : w.Null(); };
  w.BeginObject().Key("seeds").BeginArray();
  for (uint64_t seed : d.seeds) w.Uint(seed);
  w.EndArray().Key("replicas").BeginArray();
  for (const std::optional<int>& r : d.replicas) count(r);
  w.EndArray().Key("min");
  count(d.min);
  Optional(w, "median", d.median);
  w.Key("max");
  count(d.max);
  w.Field("recommended", d.recommended).Field("covered_seeds", d.covered_seeds);
  w.Field("covered_share", d.covered_share).Field("extra_probes", d.extra_probes).EndObject();
}

void RecommendationEntry(JsonWriter& w, const PlanResult& r) {
  w.Key("recommendation");
  if (!r.recommendation) {
    w.Null().Field("no_recommendation", r.no_recommendation).Key("cost_cap");
    CapEntry(w, r);
    return;
  }
  const Recommendation& rec = *r.recommendation;
  w.BeginObject().Field("candidate", rec.candidate);
  w.Field("label", r.candidates.all[rec.candidate].label).Field("replicas", rec.replicas);
  w.Field("statement", rec.statement);
  w.Field("binding_metric", BindingMetricName(rec.probe));
  w.Field("margin", rec.probe.margin);
  if (const std::optional<SloLevels>& levels = r.slo.targets.levels) {
    const SloLevelMet met = ProbeLevelMet(rec.probe, *levels, r.slo.latency_safety_factor);
    w.Field("level_met", SloLevelMetName(met));
  }
  w.Key("cost");
  Cost(w, rec.cost);
  w.Key("probe");
  Probe(w, rec.probe);
  w.Key("runner_ups").BeginArray();
  for (int id : rec.runner_ups) w.Int(id);
  w.EndArray().Key("cap");
  CapEntry(w, r);
  if (r.replicas_by_seed) {
    w.Key("replicas_by_seed");
    ReplicasBySeed(w, *r.replicas_by_seed);
  }
  w.EndObject().Field("no_recommendation", "").Key("cost_cap");
  CapEntry(w, r);
}

void Pareto(JsonWriter& w, const PlanResult& r) {
  w.Key("pareto").BeginArray();
  for (const ParetoPoint& p : r.pareto) {
    w.BeginObject().Field("candidate", p.candidate);
    w.Field("label", r.candidates.all[p.candidate].label).Field("replicas", p.replicas);
    w.Field("gpus", p.gpus).Field("usd_per_month", p.usd_per_month);
    for (SloMetric m : kSloMetrics) w.Field(SloMetricMsKey(m), p.latency_ms[m]);
    w.Field("frontier", p.frontier).EndObject();
  }
  w.EndArray();
}

void Robustness(JsonWriter& w, const PlanResult& r) {
  w.Key("sensitivity").BeginArray();
  for (const SensitivityRow& s : r.sensitivity) {
    w.BeginObject().Field("traffic_multiplier", s.multiplier).Field("rate_per_s", s.rate_per_s);
    w.Field("fleet_holds", s.at_fleet.passed).Key("at_fleet");
    Probe(w, s.at_fleet);
    w.Key("min_replicas");
    s.min_replicas ? w.Int(*s.min_replicas) : w.Null();
    w.Key("cost");
    s.cost ? Cost(w, *s.cost) : void(w.Null());
    w.EndObject();
  }
  w.EndArray().Key("n_plus_one");
  if (!r.n_plus_one) {
    w.Null();
    return;
  }
  const NPlusOneCheck& n = *r.n_plus_one;
  w.BeginObject().Field("replicas", n.replicas).Field("holds", n.holds).Key("one_down");
  n.one_down ? Probe(w, *n.one_down) : void(w.Null());
  w.Field("n_plus_one_replicas", n.n_plus_one_replicas).Key("cost");
  Cost(w, n.cost);
  w.Field("statement", n.statement).Key("within_cap");
  n.within_cap ? w.Bool(*n.within_cap) : w.Null();
  w.Field("cap_statement", n.cap_statement).EndObject();
}

void Side(JsonWriter& w, std::string_view key, const DaySide& s) {
  w.Key(key).BeginObject().Field("gpu_hours", s.gpu_hours).Field("usd", s.usd);
  w.Field("attainment", s.attainment).EndObject();
}

void Day(JsonWriter& w, const PlanSpec& plan, const DaySimulation& d) {
  w.Key("autoscaler").BeginObject().Field("ran", d.ran).Field("skipped", d.skipped);
  if (plan.autoscaler) {
    const PlanAutoscalerSpec& a = *plan.autoscaler;
    w.Key("inputs").BeginObject().Field("tolerance", a.tolerance);
    w.Field("load_bandwidth_gb_per_s", a.load_bandwidth_gb_per_s).Field("startup_s", a.startup_s);
    w.Field("sync_period_s", a.sync_period_s).Field("scale_down_delay_s", a.scale_down_delay_s);
    w.Field("seconds_per_hour", a.seconds_per_hour).Field("seeds", a.seeds).EndObject();
  }
  if (d.ran) {
    w.Field("replay", "continuous");  // one run of the day: queues and cold starts carry over
    w.Field("metric", AutoscalerMetricName(d.metric)).Field("target", d.target);
    w.Field("target_auto", d.target_auto).Field("min_replicas", d.min_replicas);
    w.Field("max_replicas", d.max_replicas).Field("cold_start_s", d.cold_start_s);
    w.Field("scale_up_delay_s", d.scale_up_delay_s).Field("seconds_per_hour", d.seconds_per_hour);
    w.Field("requests_simulated", d.requests_simulated);
    Steps(w, "derivation", d.steps);
    w.Key("windows").BeginArray();
    for (const DayWindow& x : d.windows) {
      w.BeginObject().Field("hour", x.hour).Field("rate_per_s", x.rate_per_s);
      w.Field("requests", x.requests).Field("fixed_replicas", x.fixed_replicas);
      w.Field("fixed_attainment", x.fixed_attainment).Field("fixed_carried_in", x.fixed_carried_in);
      w.Field("replicas_start", x.replicas_start).Field("replicas_min", x.replicas_min);
      w.Field("replicas_max", x.replicas_max).Field("replicas", x.replicas);
      w.Field("replica_hours", x.replica_hours).Field("attainment", x.attainment);
      w.Field("carried_in", x.carried_in).EndObject();
    }
    w.EndArray();
    Side(w, "fixed", d.fixed);
    Side(w, "autoscaled", d.autoscaled);
  }
  w.EndObject();
}

void DeploymentEntry(JsonWriter& w, const PlanResult& r) {
  w.Key("deployment");
  if (!r.deployment) {
    w.Null();
    return;
  }
  const DeploymentCommands& d = *r.deployment;
  w.BeginObject().Field("serve_command", d.serve).Field("engine_config", d.engine_config);
  w.Field("bench_command", d.bench).Field("compare_command", d.compare).Key("notes").BeginArray();
  for (const std::string& note : d.notes) w.String(note);
  w.EndArray().EndObject();
}

}  // namespace

std::string PlanJson(const PlanSpec& plan, const PlanResult& r, std::string_view version) {
  JsonWriter w;
  w.BeginObject().Field("schema", kPlanSchema);
  Provenance(w, plan, r, version);
  Warnings(w, r);
  w.Key("inputs").BeginObject();
  Inputs(w, plan);
  w.EndObject().Key("steps").BeginObject();
  SloAndTraffic(w, r);
  Engines(w, r);
  w.EndObject();
  Candidates(w, r);
  RecommendationEntry(w, r);
  Pareto(w, r);
  Robustness(w, r);
  Day(w, plan, r.day);
  DeploymentEntry(w, r);
  w.EndObject();
  return w.TakeString() + "\n";
}

}  // namespace gpuplan
