// Writing plan.json from a PlanDocument, in the file's fixed key order (step order: provenance,
// inputs, steps, candidates, recommendation, Pareto set, robustness, day, deployment).

#include <optional>

#include "sim/documents/plan_document.h"
#include "sim/util/slo_json.h"

namespace gpuplan {
namespace {

// An int or null.
void Count(JsonWriter& w, std::string_view key, const std::optional<int>& v) {
  w.Key(key);
  v ? w.Int(*v) : w.Null();
}

void Steps(JsonWriter& w, std::string_view key, const std::vector<PlanDerivationStep>& steps) {
  w.Key(key).BeginArray();
  for (const PlanDerivationStep& s : steps) {
    w.BeginObject().Field("label", s.label).Field("formula", s.formula).Field("value", s.value);
    w.Field("unit", s.unit).Field("text", s.text).EndObject();
  }
  w.EndArray();
}

void DoubleList(JsonWriter& w, std::string_view key, const std::vector<double>& values) {
  w.Key(key).BeginArray();
  for (double v : values) w.Double(v);
  w.EndArray();
}

void StringList(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  w.Key(key).BeginArray();
  for (const std::string& v : values) w.String(v);
  w.EndArray();
}

void Interval(JsonWriter& w, const PlanInterval& ci) {
  w.BeginObject().Field("n", ci.n).Field("mean", ci.mean).Field("stddev", ci.stddev);
  w.Field("t", ci.t).Field("lower", ci.lower).Field("upper", ci.upper);
  w.Field("confidence", ci.confidence).EndObject();
}

void Probe(JsonWriter& w, const PlanProbe& p) {
  w.BeginObject().Field("replicas", p.replicas).Field("rate_per_s", p.rate_per_s);
  w.Field("isolated", p.isolated).Field("passed", p.passed).Field("reason", p.reason);
  w.Field("margin", p.margin).Key("metrics").BeginObject();
  for (SloMetric m : kSloMetrics) {
    const PlanProbeMetric& e = p.metrics[m];
    w.Key(SloMetricName(m)).BeginObject().Field("enabled", e.enabled);
    w.Field("threshold_ms", e.threshold_ms).Field("slo_ms", e.slo_ms);
    DoubleList(w, "values_ms", e.values_ms);
    w.Key("ci");
    Interval(w, e.ci);
    w.Field("margin", e.margin).Field("passed", e.passed).EndObject();
  }
  w.EndObject();
  if (p.summary_percentiles) {
    w.Key("summary_percentiles_ms").BeginObject();
    for (SloMetric m : kSloMetrics) {
      w.Key(SloMetricName(m)).BeginObject();
      for (int q = 0; q < kPlanSummaryPercentiles; ++q) {
        w.Key(kPlanSummaryPercentileKeys[q]);
        Interval(w, (*p.summary_percentiles)[m][q]);
      }
      w.EndObject();
    }
    w.EndObject();
  }
  w.Field("output_tokens_per_s", p.output_tokens_per_s);
  w.Field("request_throughput", p.request_throughput).Field("attainment", p.attainment);
  w.Field("gpu_busy_fraction", p.gpu_busy_fraction);
  w.Field("kv_used_fraction", p.kv_used_fraction);
  w.Field("requests_per_replica", p.requests_per_replica).Field("dropped", p.dropped);
  w.Field("unfinished", p.unfinished).Field("overloaded_seeds", p.overloaded_seeds).EndObject();
}

void OptionalProbe(JsonWriter& w, std::string_view key, const std::optional<PlanProbe>& p) {
  w.Key(key);
  p ? Probe(w, *p) : void(w.Null());
}

void Cost(JsonWriter& w, const PlanFleetCost& f) {
  w.BeginObject().Field("gpus", f.gpus).Field("usd_per_gpu_hour", f.usd_per_gpu_hour);
  w.Field("usd_per_hour", f.usd_per_hour).Field("usd_per_day", f.usd_per_day);
  w.Field("usd_per_month", f.usd_per_month).Field("gpu_hours_per_day", f.gpu_hours_per_day);
  w.Field("usd_per_million_output_tokens", f.usd_per_million_output_tokens);
  Steps(w, "derivation", f.steps);
  w.EndObject();
}

void OptionalCost(JsonWriter& w, std::string_view key, const std::optional<PlanFleetCost>& f) {
  w.Key(key);
  f ? Cost(w, *f) : void(w.Null());
}

void Provenance(JsonWriter& w, const PlanProvenance& p) {
  w.Key("provenance").BeginObject().Field("gpuplan_version", p.gpuplan_version);
  w.Field("plan_file", p.plan_file).Field("name", p.name);
  w.Field("description", p.description).Field("base_scenario_source", p.base_source);
  w.Field("base_scenario_resolved_yaml", p.base_yaml);
  w.Key("seeds").BeginArray();
  for (uint64_t s : p.seeds) w.Uint(s);
  w.EndArray().Field("requests_per_probe", p.requests_per_probe);
  w.Field("isolated_requests", p.isolated_requests);
  w.Field("warmup_fraction", p.warmup_fraction);
  w.Field("confidence", p.confidence).Field("percentile", p.percentile);
  w.Field("latency_safety_factor", p.latency_safety_factor);
  w.Field("latency_model", p.latency_model);
  w.Field("cost_model", p.cost_model).Key("prices").BeginArray();
  for (const PlanPrice& price : p.prices) {
    w.BeginObject().Field("gpu", price.gpu).Field("usd_per_gpu_hour", price.usd_per_gpu_hour);
    w.Field("date", price.date).Field("source", price.source);
    // Absent in files written before prices were tagged; left out when empty so they round-trip.
    if (!price.tier.empty()) w.Field("tier", price.tier);
    if (!price.region.empty()) w.Field("region", price.region);
    Steps(w, "derivation", price.steps);
    w.EndObject();
  }
  w.EndArray();
  if (const std::optional<PlanCurrencyRate>& c = p.currency) {
    w.Key("currency").BeginObject().Field("code", c->code).Field("per_usd", c->per_usd);
    w.Field("date", c->date).Field("source", c->source).EndObject();
  }
  w.EndObject();
}

void Warnings(JsonWriter& w, const std::vector<PlanWarningEntry>& warnings) {
  w.Key("warnings").BeginArray();
  for (const PlanWarningEntry& x : warnings) {
    w.BeginObject().Field("code", x.code);
    for (const auto& [name, value] : x.values) w.Field(name, value);
    w.Field("text", x.text).EndObject();
  }
  w.EndArray();
}

void Inputs(JsonWriter& w, const PlanInputs& in) {
  const PlanSloInputs& s = in.slo;
  w.Key("inputs").BeginObject().Key("slo").BeginObject().Field("preset", s.preset);
  if (s.level) w.Field("level", *s.level);
  WriteSloThresholdsMs(w, s.thresholds);
  w.Field("speed_tokens_per_s", s.speed_tokens_per_s).Field("speed_grade", s.speed_grade);
  w.Field("percentile", s.percentile);
  const PlanTrafficInputs& t = in.traffic;
  w.EndObject().Key("traffic").BeginObject().Field("mode", t.mode);
  w.Field("dau", t.dau).Field("sessions_per_user_per_day", t.sessions_per_user_per_day);
  w.Field("requests_per_session", t.requests_per_session).Field("think_time_s", t.think_time_s);
  w.Field("peak_hour_share", t.peak_hour_share).Field("burst_factor", t.burst_factor);
  w.Field("concurrency_at_peak", t.concurrency_at_peak);
  w.Field("peak_rate_per_s", t.peak_rate_per_s);
  w.Field("deadline_requests", t.deadline_requests);
  w.Field("deadline_output_tokens", t.deadline_output_tokens);
  if (t.deadline_hours) w.Field("deadline_hours", *t.deadline_hours);
  w.Field("time_in_system_s", t.time_in_system_s);
  w.Field("mean_prompt_tokens", t.mean_prompt_tokens);
  w.Field("mean_output_tokens", t.mean_output_tokens);
  DoubleList(w, "diurnal_curve", t.diurnal_curve);
  w.Field("servegen", t.servegen);
  const PlanCandidateInputs& c = in.candidates;
  w.EndObject().Key("candidates").BeginObject();
  StringList(w, "gpus", c.gpus);
  w.Key("tensor_parallel").BeginArray();
  for (int tp : c.tensor_parallel) w.Int(tp);
  w.EndArray();
  StringList(w, "engines", c.engines);
  w.Key("knobs").BeginObject();
  for (const auto& [name, values] : c.knobs) StringList(w, name, values);
  w.EndObject().Field("replicas_min", c.replicas_min).Field("replicas_max", c.replicas_max);
  w.Field("max_candidates", c.max_candidates).Field("calibration_bundle", c.calibration_bundle);
  const PlanSearchInputs& s2 = in.search;
  w.EndObject().Key("search").BeginObject().Field("seeds", s2.seeds);
  w.Field("first_seed", s2.first_seed).Field("requests_per_probe", s2.requests_per_probe);
  w.Field("warmup_fraction", s2.warmup_fraction).Field("confidence", s2.confidence);
  DoubleList(w, "sensitivity", s2.sensitivity);
  w.Field("latency_safety_factor", s2.latency_safety_factor);
  w.EndObject().Key("constraints").BeginObject();
  w.Field("max_monthly_cost", in.max_monthly_cost);
  w.EndObject().EndObject();
}

void Limits(JsonWriter& w, std::string_view key, const SloThresholds& limits) {
  w.Key(key).BeginObject();
  WriteSloThresholdsMs(w, limits);
  w.EndObject();
}

void SloStep(JsonWriter& w, const PlanSloStep& s) {
  w.Key("slo").BeginObject().Field("source", s.source).Field("preset", s.preset);
  if (s.levels) {
    w.Field("level", s.levels->level).Key("levels").BeginObject();
    Limits(w, "ideal", s.levels->ideal);
    Limits(w, "acceptable", s.levels->acceptable);
    w.EndObject();
  }
  WriteSloThresholdsMs(w, s.thresholds);
  w.Field("percentile", s.percentile).Field("speed_tokens_per_s", s.speed_tokens_per_s);
  w.Field("speed_grade", s.speed_grade);
  w.Field("latency_safety_factor", s.latency_safety_factor);
  w.Key("judged_thresholds_ms").BeginObject();
  WriteSloThresholdsByName(w, s.judged_thresholds);
  w.EndObject();
  Steps(w, "derivation", s.steps);
  w.EndObject();
}

void TrafficStep(JsonWriter& w, const PlanTrafficStep& t) {
  w.Key("traffic").BeginObject().Field("mode", t.mode);
  w.Field("mean_prompt_tokens", t.mean_prompt_tokens);
  w.Field("mean_output_tokens", t.mean_output_tokens).Field("tokens_source", t.tokens_source);
  w.Field("time_in_system_s", t.time_in_system_s).Field("peak_rate_per_s", t.peak_rate_per_s);
  w.Field("concurrency_in_flight", t.concurrency_in_flight);
  w.Field("mean_rate_per_s", t.mean_rate_per_s);
  w.Field("day_shape_source", t.day_shape_source);
  DoubleList(w, "day_rates_per_s", t.day_rates_per_s);
  w.Field("served_output_tokens_per_s", t.served_output_tokens_per_s);
  w.Field("served_rate_basis", t.served_rate_basis);
  Steps(w, "derivation", t.steps);
  w.EndObject();
}

void StepsSection(JsonWriter& w, const PlanDocument& plan) {
  w.Key("steps").BeginObject();
  if (plan.slo) SloStep(w, *plan.slo);
  if (plan.traffic) TrafficStep(w, *plan.traffic);
  w.Key("engines").BeginArray();
  for (const PlanEngine& e : plan.engines) {
    w.BeginObject().Field("label", e.label).Field("preset", e.preset).Key("knobs").BeginObject();
    for (const auto& [name, value] : e.knobs) w.Field(name, value);
    w.EndObject().EndObject();
  }
  w.EndArray().EndObject();
}

void Memory(JsonWriter& w, const std::optional<PlanCandidateMemory>& memory) {
  w.Key("memory");
  if (!memory) {
    w.Null();
    return;
  }
  const PlanCandidateMemory& m = *memory;
  w.BeginObject().Field("fits", m.fits);
  w.Field("gpu_memory_gib", m.gpu_memory_gib).Field("usable_gib", m.usable_gib);
  w.Field("weight_gib_per_gpu", m.weight_gib);
  w.Field("activation_reserve_gib", m.activation_reserve_gib);
  w.Field("kv_budget_gib_per_gpu", m.kv_budget_gib);
  w.Field("kv_bytes_per_token_per_gpu", m.kv_bytes_per_token).Field("block_size", m.block_size);
  w.Field("kv_blocks", m.kv_blocks).Field("kv_tokens", m.kv_tokens);
  w.Field("sequences_at_mean_context", m.sequences_at_mean_context);
  w.Field("explanation", m.explanation).EndObject();
}

void Candidates(JsonWriter& w, const PlanDocument& plan) {
  const PlanCandidateCounts& n = plan.counts;
  w.Key("candidate_counts").BeginObject().Field("combinations", n.combinations);
  w.Field("duplicates_removed", n.duplicates_removed).Field("built", n.built);
  w.Field("pruned", n.pruned).Field("feasible", n.feasible);
  w.EndObject().Key("candidates").BeginArray();
  for (const PlanCandidate& c : plan.candidates) {
    w.BeginObject().Field("id", c.id).Field("label", c.label).Field("gpu", c.gpu);
    w.Field("gpu_display_name", c.gpu_display_name);
    w.Field("tensor_parallel", c.tensor_parallel).Field("engine", c.engine);
    if (c.gpus_per_node) w.Field("gpus_per_node", *c.gpus_per_node);
    w.Field("latency_model", c.latency_model);
    w.Field("status", c.status).Field("recommended", c.recommended);
    w.Field("reason", c.reason);
    Memory(w, c.memory);
    OptionalProbe(w, "isolated", c.isolated);
    Count(w, "min_replicas", c.min_replicas);
    OptionalCost(w, "cost", c.cost);
    w.Key("probes").BeginArray();
    for (const PlanProbe& p : c.probes) Probe(w, p);
    w.EndArray().EndObject();
  }
  w.EndArray();
}

void Fleet(JsonWriter& w, std::string_view key, const std::optional<PlanCapFleet>& f) {
  w.Key(key);
  if (!f) {
    w.Null();
    return;
  }
  w.BeginObject().Field("candidate", f->candidate).Field("label", f->label);
  w.Field("replicas", f->replicas).Field("gpus", f->gpus);
  w.Field("usd_per_month", f->usd_per_month).EndObject();
}

void GivenUp(JsonWriter& w, const PlanGivenUp& g) {
  w.BeginObject().Field("metric", g.metric);
  if (g.metric == "sustained") {
    w.Field("arrival_rate_per_s", g.arrival_rate_per_s);
    w.Field("completion_rate_per_s", g.completion_rate_per_s);
    w.Field("overloaded_seeds", g.overloaded_seeds);
  } else if (g.metric == "dropped") {
    w.Field("dropped", g.dropped).Field("unfinished", g.unfinished);
  } else {  // a latency metric
    w.Field("slo_ms", g.slo_ms).Field("threshold_ms", g.threshold_ms).Key("ci");
    Interval(w, g.ci);
    w.Field("over_by_ms", g.over_by_ms).Field("over_by_fraction", g.over_by_fraction);
  }
  w.Field("text", g.text).EndObject();
}

void CostCap(JsonWriter& w, std::string_view key, const std::optional<PlanCostCap>& cap) {
  w.Key(key);
  if (!cap) {
    w.Null();
    return;
  }
  const PlanCostCap& c = *cap;
  w.BeginObject().Field("max_monthly_cost", c.max_monthly_cost).Field("status", c.status);
  w.Field("within_cap", c.within_cap).Field("meets_slo", c.meets_slo);
  w.Field("headroom_usd_per_month", c.headroom_usd_per_month);
  Fleet(w, "cheapest_meeting_slo", c.cheapest_meeting_slo);
  w.Field("cheapest_meeting_slo_usd_per_month", c.cheapest_meeting_slo_usd_per_month);
  w.Key("given_up").BeginArray();
  for (const PlanGivenUp& g : c.given_up) GivenUp(w, g);
  w.EndArray().Field("rule", c.rule).Key("considered").BeginArray();
  for (const PlanCapConsidered& f : c.considered) {
    w.BeginObject().Field("candidate", f.fleet.candidate).Field("label", f.fleet.label);
    w.Field("replicas", f.fleet.replicas).Field("gpus", f.fleet.gpus);
    w.Field("usd_per_month", f.fleet.usd_per_month);
    w.Field("keeps_up", f.keeps_up).Field("passed", f.passed).Field("margin", f.margin);
    w.Field("binding_metric", f.binding_metric).Field("attainment", f.attainment);
    w.Field("probe_source", f.from_search ? "search" : "cap").EndObject();
  }
  w.EndArray();
  Fleet(w, "cheapest_fleet", c.cheapest_fleet);
  w.Field("extra_probes", c.extra_probes).Field("statement", c.statement).EndObject();
}

void ReplicasBySeed(JsonWriter& w, const PlanReplicasBySeed& d) {
  w.Key("replicas_by_seed").BeginObject().Key("seeds").BeginArray();
  for (uint64_t seed : d.seeds) w.Uint(seed);
  w.EndArray().Key("replicas").BeginArray();
  for (const std::optional<int>& r : d.replicas) r ? w.Int(*r) : w.Null();
  w.EndArray();
  Count(w, "min", d.min);
  w.Field("median", d.median);
  Count(w, "max", d.max);
  w.Field("recommended", d.recommended).Field("covered_seeds", d.covered_seeds);
  w.Field("covered_share", d.covered_share).Field("extra_probes", d.extra_probes).EndObject();
}

void ModelError(JsonWriter& w, const PlanModelError& e) {
  w.Key("model_error").BeginObject().Field("engine", e.engine).Field("gpu", e.gpu);
  w.Field("validated", !e.statistics.empty()).Field("not_validated", e.not_validated);
  w.Key("statistics").BeginArray();
  for (const PlanModelErrorStat& s : e.statistics) {
    w.BeginObject().Field("statistic", s.statistic).Field("gpu", s.gpu);
    w.Field("rows_from", s.held_out ? "held_out" : "all").Field("rows", s.rows);
    w.Field("median", s.median).Field("p90", s.p90).Field("bias", s.bias).EndObject();
  }
  w.EndArray().EndObject();
}

// The cap is written twice, inside the recommendation and beside it, as plan.json always had it.
void Recommendation(JsonWriter& w, const PlanDocument& plan) {
  w.Key("recommendation");
  if (!plan.recommendation) {
    w.Null();
  } else {
    const PlanRecommendation& rec = *plan.recommendation;
    w.BeginObject().Field("candidate", rec.candidate).Field("label", rec.label);
    w.Field("replicas", rec.replicas).Field("statement", rec.statement);
    w.Field("binding_metric", rec.binding_metric).Field("margin", rec.margin);
    if (!rec.level_met.empty()) w.Field("level_met", rec.level_met);
    w.Key("cost");
    Cost(w, rec.cost);
    w.Key("probe");
    Probe(w, rec.probe);
    w.Key("runner_ups").BeginArray();
    for (int id : rec.runner_ups) w.Int(id);
    w.EndArray();
    CostCap(w, "cap", plan.cost_cap);
    if (rec.replicas_by_seed) ReplicasBySeed(w, *rec.replicas_by_seed);
    if (rec.model_error) ModelError(w, *rec.model_error);
    w.EndObject();
  }
  w.Field("no_recommendation", plan.no_recommendation);
  CostCap(w, "cost_cap", plan.cost_cap);
}

void Pareto(JsonWriter& w, const std::vector<PlanParetoPoint>& pareto) {
  w.Key("pareto").BeginArray();
  for (const PlanParetoPoint& p : pareto) {
    w.BeginObject().Field("candidate", p.candidate).Field("label", p.label);
    w.Field("replicas", p.replicas).Field("gpus", p.gpus).Field("usd_per_month", p.usd_per_month);
    for (SloMetric m : kSloMetrics) w.Field(SloMetricMsKey(m), p.latency_ms[m]);
    w.Field("frontier", p.frontier).EndObject();
  }
  w.EndArray();
}

void Robustness(JsonWriter& w, const PlanDocument& plan) {
  w.Key("sensitivity").BeginArray();
  for (const PlanSensitivity& s : plan.sensitivity) {
    w.BeginObject().Field("traffic_multiplier", s.multiplier).Field("rate_per_s", s.rate_per_s);
    w.Field("fleet_holds", s.holds).Key("at_fleet");
    Probe(w, s.at_fleet);
    Count(w, "min_replicas", s.min_replicas);
    OptionalCost(w, "cost", s.cost);
    w.EndObject();
  }
  w.EndArray().Key("n_plus_one");
  if (!plan.n_plus_one) {
    w.Null();
    return;
  }
  const PlanNPlusOne& n = *plan.n_plus_one;
  w.BeginObject().Field("replicas", n.replicas).Field("holds", n.holds);
  OptionalProbe(w, "one_down", n.one_down);
  w.Field("n_plus_one_replicas", n.n_plus_one_replicas).Key("cost");
  Cost(w, n.cost);
  w.Field("statement", n.statement).Key("within_cap");
  n.within_cap ? w.Bool(*n.within_cap) : w.Null();
  w.Field("cap_statement", n.cap_statement).EndObject();
}

void Side(JsonWriter& w, std::string_view key, const PlanDaySide& s) {
  w.Key(key).BeginObject().Field("gpu_hours", s.gpu_hours).Field("usd", s.usd);
  w.Field("attainment", s.attainment).EndObject();
}

void Day(JsonWriter& w, const PlanDay& d) {
  w.Key("autoscaler").BeginObject().Field("ran", d.ran).Field("skipped", d.skipped);
  if (d.inputs) {
    const PlanAutoscalerInputs& a = *d.inputs;
    w.Key("inputs").BeginObject().Field("tolerance", a.tolerance);
    w.Field("load_bandwidth_gb_per_s", a.load_bandwidth_gb_per_s).Field("startup_s", a.startup_s);
    w.Field("sync_period_s", a.sync_period_s).Field("scale_down_delay_s", a.scale_down_delay_s);
    w.Field("seconds_per_hour", a.seconds_per_hour).Field("seeds", a.seeds).EndObject();
  }
  if (d.ran) {
    w.Field("replay", d.replay);
    w.Field("metric", d.metric).Field("target", d.target);
    w.Field("target_auto", d.target_auto).Field("min_replicas", d.min_replicas);
    w.Field("max_replicas", d.max_replicas).Field("cold_start_s", d.cold_start_s);
    w.Field("scale_up_delay_s", d.scale_up_delay_s).Field("seconds_per_hour", d.seconds_per_hour);
    w.Field("requests_simulated", d.requests_simulated);
    Steps(w, "derivation", d.steps);
    w.Key("windows").BeginArray();
    for (const PlanDayWindow& x : d.windows) {
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

void Deployment(JsonWriter& w, const std::optional<PlanDeployment>& deployment) {
  w.Key("deployment");
  if (!deployment) {
    w.Null();
    return;
  }
  const PlanDeployment& d = *deployment;
  w.BeginObject().Field("serve_command", d.serve_command).Field("engine_config", d.engine_config);
  w.Field("bench_command", d.bench_command).Field("compare_command", d.compare_command);
  StringList(w, "notes", d.notes);
  w.EndObject();
}

}  // namespace

void WritePlanDocument(JsonWriter& w, const PlanDocument& plan) {
  w.BeginObject().Field("schema", plan.schema);
  Provenance(w, plan.provenance);
  Warnings(w, plan.warnings);
  Inputs(w, plan.inputs);
  StepsSection(w, plan);
  Candidates(w, plan);
  Recommendation(w, plan);
  Pareto(w, plan.pareto);
  Robustness(w, plan);
  if (plan.day) Day(w, *plan.day);
  Deployment(w, plan.deployment);
  w.EndObject();
}

std::string PlanDocumentJson(const PlanDocument& plan) {
  JsonWriter w;
  WritePlanDocument(w, plan);
  return w.TakeString() + "\n";
}

const PlanCandidate* FindPlanCandidate(const PlanDocument& plan, int id) {
  for (const PlanCandidate& c : plan.candidates) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

double PlanWarningValue(const PlanWarningEntry& warning, std::string_view name, double fallback) {
  for (const auto& [key, value] : warning.values) {
    if (key == name) return value;
  }
  return fallback;
}

}  // namespace gpuplan
