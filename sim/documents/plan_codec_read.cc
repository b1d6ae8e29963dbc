// Reading plan.json into a PlanDocument: the sections; the repeated pieces are in
// plan_codec_parts.cc.

#include <fmt/format.h>

#include "sim/documents/plan_codec_parts.h"
#include "sim/documents/plan_document.h"

namespace gpuplan {
namespace {

using plan_codec::kInf;
using plan_codec::ReadDerivation;
using plan_codec::ReadFleetCost;
using plan_codec::ReadInterval;
using plan_codec::ReadNumbers;
using plan_codec::ReadOptionalCount;
using plan_codec::ReadOptionalFleetCost;
using plan_codec::ReadOptionalProbe;
using plan_codec::ReadProbe;
using plan_codec::ReadStrings;
using plan_codec::ReadThresholds;

PlanProvenance ReadProvenance(const JsonCursor& c) {
  PlanProvenance p;
  p.gpuplan_version = c["gpuplan_version"].String();
  p.plan_file = c["plan_file"].String();
  p.name = c["name"].String();
  p.description = c["description"].String();
  p.base_source = c["base_scenario_source"].String();
  p.base_yaml = c["base_scenario_resolved_yaml"].String();
  for (const JsonCursor& seed : c["seeds"].Items()) {
    p.seeds.push_back(static_cast<uint64_t>(seed.RequiredInt()));
  }
  p.requests_per_probe = c["requests_per_probe"].IntAtLeast(1);
  p.isolated_requests = c["isolated_requests"].IntAtLeast(0);
  p.warmup_fraction = c["warmup_fraction"].NumberIn(0, 1);
  p.confidence = c["confidence"].NumberIn(0, 1, 0.95);
  p.percentile = c["percentile"].NumberIn(0, 100, 95);
  p.latency_safety_factor = c["latency_safety_factor"].Number(1);
  p.latency_model = c["latency_model"].String();
  p.cost_model = c["cost_model"].String();
  for (const JsonCursor& price : c["prices"].Items()) {
    p.prices.push_back({price["gpu"].String(), price["usd_per_gpu_hour"].NumberIn(0, kInf),
                        price["date"].String(), price["source"].String(), price["tier"].String(),
                        price["region"].String(), ReadDerivation(price["derivation"])});
  }
  if (const JsonCursor currency = c["currency"]; currency.present()) {
    p.currency = PlanCurrencyRate{.code = currency["code"].RequiredString(),
                                  .per_usd = currency["per_usd"].RequiredNumberIn(1e-9, kInf),
                                  .date = currency["date"].RequiredString(),
                                  .source = currency["source"].String()};
  }
  return p;
}

// Every member but "code" and "text" is one of the numbers the text quotes.
std::vector<PlanWarningEntry> ReadWarnings(const JsonCursor& c) {
  std::vector<PlanWarningEntry> rows;
  for (const JsonCursor& w : c.Items()) {
    PlanWarningEntry entry{.code = w["code"].String(), .values = {}, .text = w["text"].String()};
    for (const auto& [name, value] : w.Members()) {
      if (name != "code" && name != "text") entry.values.emplace_back(name, value.Number());
    }
    rows.push_back(std::move(entry));
  }
  return rows;
}

PlanInputs ReadInputs(const JsonCursor& c) {
  PlanInputs in;
  const JsonCursor slo = c["slo"];
  in.slo.preset = slo["preset"].String();
  if (slo["level"].present()) in.slo.level = slo["level"].String();
  in.slo.thresholds = ReadThresholds(slo, true);
  in.slo.speed_tokens_per_s = slo["speed_tokens_per_s"].NumberIn(0, kInf);
  in.slo.speed_grade = slo["speed_grade"].String();
  in.slo.percentile = slo["percentile"].NumberIn(0, 100);
  const JsonCursor t = c["traffic"];
  PlanTrafficInputs& tr = in.traffic;
  tr.mode = t["mode"].String();
  tr.dau = t["dau"].NumberIn(0, kInf, 0);
  tr.sessions_per_user_per_day = t["sessions_per_user_per_day"].NumberIn(0, kInf, 0);
  tr.requests_per_session = t["requests_per_session"].NumberIn(0, kInf, 0);
  tr.think_time_s = t["think_time_s"].Number(0);
  tr.peak_hour_share = t["peak_hour_share"].Number();
  tr.burst_factor = t["burst_factor"].Number(1);
  tr.concurrency_at_peak = t["concurrency_at_peak"].Number();
  tr.peak_rate_per_s = t["peak_rate_per_s"].Number();
  tr.deadline_requests = t["deadline_requests"].Number();
  tr.deadline_output_tokens = t["deadline_output_tokens"].Number();
  if (t["deadline_hours"].present()) tr.deadline_hours = t["deadline_hours"].Number();
  tr.time_in_system_s = t["time_in_system_s"].Number();
  tr.mean_prompt_tokens = t["mean_prompt_tokens"].Number();
  tr.mean_output_tokens = t["mean_output_tokens"].Number();
  tr.diurnal_curve = ReadNumbers(t["diurnal_curve"]);
  tr.servegen = t["servegen"].String();
  const JsonCursor k = c["candidates"];
  PlanCandidateInputs& ca = in.candidates;
  ca.gpus = ReadStrings(k["gpus"]);
  for (const JsonCursor& tp : k["tensor_parallel"].Items()) {
    ca.tensor_parallel.push_back(static_cast<int>(tp.RequiredInt()));
  }
  ca.engines = ReadStrings(k["engines"]);
  for (const auto& [name, values] : k["knobs"].Members()) {
    ca.knobs.emplace_back(name, ReadStrings(values));
  }
  ca.replicas_min = static_cast<int>(k["replicas_min"].Int(1));
  ca.replicas_max = static_cast<int>(k["replicas_max"].Int(1));
  ca.max_candidates = static_cast<int>(k["max_candidates"].Int());
  ca.calibration_bundle = k["calibration_bundle"].String();
  const JsonCursor s = c["search"];
  in.search.seeds = static_cast<int>(s["seeds"].Int());
  in.search.first_seed = static_cast<uint64_t>(s["first_seed"].Int(1));
  in.search.requests_per_probe = s["requests_per_probe"].Int();
  in.search.warmup_fraction = s["warmup_fraction"].NumberIn(0, 1, 0);
  in.search.confidence = s["confidence"].NumberIn(0, 1, 0.95);
  in.search.sensitivity = ReadNumbers(s["sensitivity"]);
  in.search.latency_safety_factor = s["latency_safety_factor"].Number(1);
  in.max_monthly_cost = c["constraints"]["max_monthly_cost"].NumberIn(0, kInf);
  return in;
}

std::optional<PlanSloStep> ReadSlo(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  PlanSloStep s;
  s.source = c["source"].String();
  s.preset = c["preset"].String();
  if (c["levels"].present()) {
    s.levels = PlanSloLevels{.level = c["level"].String(),
                             .ideal = ReadThresholds(c["levels"]["ideal"], true),
                             .acceptable = ReadThresholds(c["levels"]["acceptable"], true)};
  }
  s.thresholds = ReadThresholds(c, true);
  s.percentile = c["percentile"].NumberIn(0, 100, 95);
  s.speed_tokens_per_s = c["speed_tokens_per_s"].Number();
  s.speed_grade = c["speed_grade"].String();
  s.latency_safety_factor = c["latency_safety_factor"].Number(1);
  s.judged_thresholds = ReadThresholds(c["judged_thresholds_ms"], false);
  s.steps = ReadDerivation(c["derivation"]);
  return s;
}

std::optional<PlanTrafficStep> ReadTraffic(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  PlanTrafficStep t;
  t.mode = c["mode"].String();
  t.mean_prompt_tokens = c["mean_prompt_tokens"].Number();
  t.mean_output_tokens = c["mean_output_tokens"].Number();
  t.tokens_source = c["tokens_source"].String();
  t.time_in_system_s = c["time_in_system_s"].Number();
  t.peak_rate_per_s = c["peak_rate_per_s"].NumberIn(0, kInf);
  t.concurrency_in_flight = c["concurrency_in_flight"].Number();
  t.mean_rate_per_s = c["mean_rate_per_s"].NumberIn(0, kInf);
  t.day_shape_source = c["day_shape_source"].String();
  t.day_rates_per_s = ReadNumbers(c["day_rates_per_s"]);
  t.served_output_tokens_per_s = c["served_output_tokens_per_s"].Number();
  t.served_rate_basis = c["served_rate_basis"].String();
  t.steps = ReadDerivation(c["derivation"]);
  return t;
}

std::vector<PlanEngine> ReadEngines(const JsonCursor& c) {
  std::vector<PlanEngine> engines;
  for (const JsonCursor& e : c.Items()) {
    PlanEngine engine{e["label"].String(), e["preset"].String(), {}};
    for (const auto& [knob, value] : e["knobs"].Members()) {
      engine.knobs.emplace_back(knob, value.ScalarText());
    }
    engines.push_back(std::move(engine));
  }
  return engines;
}

PlanCandidate ReadCandidate(const JsonCursor& c) {
  PlanCandidate r;
  r.id = static_cast<int>(c["id"].RequiredInt());
  r.label = c["label"].RequiredString();
  r.gpu = c["gpu"].String();
  r.gpu_display_name = c["gpu_display_name"].String();
  r.tensor_parallel = static_cast<int>(c["tensor_parallel"].Int(1));
  r.engine = c["engine"].String();
  if (std::optional<int64_t> per_node = c["gpus_per_node"].OptionalInt()) {
    if (*per_node < 1) c["gpus_per_node"].Fail("is below 1; expected the GPUs per node, >= 1");
    r.gpus_per_node = static_cast<int>(*per_node);
  }
  r.latency_model = c["latency_model"].String();
  r.status = c["status"].RequiredString();
  r.recommended = c["recommended"].Bool();
  r.reason = c["reason"].String();
  r.memory = plan_codec::ReadMemory(c["memory"]);
  r.isolated = ReadOptionalProbe(c["isolated"]);
  r.min_replicas = ReadOptionalCount(c["min_replicas"]);
  r.cost = ReadOptionalFleetCost(c["cost"]);
  for (const JsonCursor& p : c["probes"].Items()) r.probes.push_back(ReadProbe(p));
  return r;
}

void ReadCandidates(const JsonCursor& root, PlanDocument& plan) {
  const JsonCursor counts = root["candidate_counts"];
  plan.counts = {counts["combinations"].IntAtLeast(0), counts["duplicates_removed"].IntAtLeast(0),
                 counts["built"].IntAtLeast(0), counts["pruned"].IntAtLeast(0),
                 counts["feasible"].IntAtLeast(0)};
  if (!root["candidates"].present()) {
    root["candidates"].Fail("is missing; expected the list of candidates");
  }
  for (const JsonCursor& c : root["candidates"].Items()) {
    plan.candidates.push_back(ReadCandidate(c));
  }
}

std::optional<PlanReplicasBySeed> ReadReplicasBySeed(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  PlanReplicasBySeed r;
  for (const JsonCursor& seed : c["seeds"].Items()) {
    r.seeds.push_back(static_cast<uint64_t>(seed.RequiredInt()));
  }
  for (const JsonCursor& n : c["replicas"].Items()) r.replicas.push_back(ReadOptionalCount(n));
  r.min = ReadOptionalCount(c["min"]);
  r.median = c["median"].Number();
  r.max = ReadOptionalCount(c["max"]);
  r.recommended = static_cast<int>(c["recommended"].Int());
  r.covered_seeds = static_cast<int>(c["covered_seeds"].Int());
  r.covered_share = c["covered_share"].NumberIn(0, 1);
  r.extra_probes = static_cast<int>(c["extra_probes"].Int());
  return r;
}

std::optional<PlanModelError> ReadModelError(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  PlanModelError e;
  e.engine = c["engine"].String();
  e.gpu = c["gpu"].String();
  e.not_validated = c["not_validated"].String();
  for (const JsonCursor& s : c["statistics"].Items()) {
    const std::string from = s["rows_from"].String("held_out");
    if (from != "held_out" && from != "all") {
      s["rows_from"].Fail(fmt::format("is '{}'; expected held_out or all", from));
    }
    e.statistics.push_back({.statistic = s["statistic"].RequiredString(),
                            .gpu = s["gpu"].String(),
                            .held_out = from == "held_out",
                            .rows = static_cast<int>(s["rows"].IntAtLeast(0)),
                            .median = s["median"].Number(),
                            .p90 = s["p90"].Number(),
                            .bias = s["bias"].Number()});
  }
  return e;
}

std::optional<PlanRecommendation> ReadRecommendation(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  PlanRecommendation r;
  r.candidate = static_cast<int>(c["candidate"].RequiredInt());
  r.label = c["label"].String();
  r.replicas = static_cast<int>(c["replicas"].RequiredIntAtLeast(1));
  r.statement = c["statement"].String();
  r.binding_metric = c["binding_metric"].String();
  r.margin = c["margin"].Number();
  r.level_met = c["level_met"].String();
  if (!c["cost"].present()) c["cost"].Fail("is missing; expected the recommended fleet's cost");
  r.cost = ReadFleetCost(c["cost"]);
  r.probe = ReadProbe(c["probe"]);
  for (const JsonCursor& id : c["runner_ups"].Items()) {
    r.runner_ups.push_back(static_cast<int>(id.RequiredInt()));
  }
  r.replicas_by_seed = ReadReplicasBySeed(c["replicas_by_seed"]);
  r.model_error = ReadModelError(c["model_error"]);
  return r;
}

std::optional<PlanCapFleet> ReadCapFleet(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  return PlanCapFleet{.candidate = static_cast<int>(c["candidate"].RequiredInt()),
                      .label = c["label"].String(),
                      .replicas = static_cast<int>(c["replicas"].Int()),
                      .gpus = static_cast<int>(c["gpus"].Int()),
                      .usd_per_month = c["usd_per_month"].NumberIn(0, kInf)};
}

PlanGivenUp ReadGivenUp(const JsonCursor& c) {
  return {.metric = c["metric"].RequiredString(),
          .slo_ms = c["slo_ms"].Number(),
          .threshold_ms = c["threshold_ms"].Number(),
          .ci = ReadInterval(c["ci"]),
          .over_by_ms = c["over_by_ms"].Number(),
          .over_by_fraction = c["over_by_fraction"].Number(),
          .arrival_rate_per_s = c["arrival_rate_per_s"].Number(),
          .completion_rate_per_s = c["completion_rate_per_s"].Number(),
          .overloaded_seeds = c["overloaded_seeds"].Int(),
          .dropped = c["dropped"].Int(),
          .unfinished = c["unfinished"].Int(),
          .text = c["text"].String()};
}

std::optional<PlanCostCap> ReadCostCap(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  PlanCostCap cap;
  cap.max_monthly_cost = c["max_monthly_cost"].RequiredNumberIn(0, kInf);
  cap.status = c["status"].RequiredString();
  cap.within_cap = c["within_cap"].Bool();
  cap.meets_slo = c["meets_slo"].Bool();
  cap.headroom_usd_per_month = c["headroom_usd_per_month"].Number();
  cap.cheapest_meeting_slo = ReadCapFleet(c["cheapest_meeting_slo"]);
  cap.cheapest_meeting_slo_usd_per_month =
      c["cheapest_meeting_slo_usd_per_month"].NumberIn(0, kInf);
  for (const JsonCursor& g : c["given_up"].Items()) cap.given_up.push_back(ReadGivenUp(g));
  cap.rule = c["rule"].String();
  for (const JsonCursor& f : c["considered"].Items()) {
    cap.considered.push_back({.fleet = *ReadCapFleet(f),
                              .keeps_up = f["keeps_up"].Bool(),
                              .passed = f["passed"].Bool(),
                              .margin = f["margin"].Number(),
                              .binding_metric = f["binding_metric"].String(),
                              .attainment = f["attainment"].Number(),
                              .from_search = f["probe_source"].String() != "cap"});
  }
  cap.cheapest_fleet = ReadCapFleet(c["cheapest_fleet"]);
  cap.extra_probes = static_cast<int>(c["extra_probes"].Int());
  cap.statement = c["statement"].String();
  return cap;
}

std::vector<PlanParetoPoint> ReadPareto(const JsonCursor& c) {
  std::vector<PlanParetoPoint> rows;
  for (const JsonCursor& p : c.Items()) {
    PlanParetoPoint r{.candidate = static_cast<int>(p["candidate"].RequiredInt()),
                      .label = p["label"].String(),
                      .replicas = static_cast<int>(p["replicas"].Int()),
                      .gpus = static_cast<int>(p["gpus"].Int()),
                      .usd_per_month = p["usd_per_month"].RequiredNumberIn(0, kInf),
                      .latency_ms = {},
                      .frontier = p["frontier"].Bool()};
    for (SloMetric m : kSloMetrics) r.latency_ms[m] = p[SloMetricMsKey(m)].Number();
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<PlanSensitivity> ReadSensitivity(const JsonCursor& c) {
  std::vector<PlanSensitivity> rows;
  for (const JsonCursor& s : c.Items()) {
    rows.push_back({.multiplier = s["traffic_multiplier"].RequiredNumber(),
                    .rate_per_s = s["rate_per_s"].Number(),
                    .holds = s["fleet_holds"].Bool(),
                    .at_fleet = ReadProbe(s["at_fleet"]),
                    .min_replicas = ReadOptionalCount(s["min_replicas"]),
                    .cost = ReadOptionalFleetCost(s["cost"])});
  }
  return rows;
}

std::optional<PlanNPlusOne> ReadNPlusOne(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  PlanNPlusOne n{.replicas = static_cast<int>(c["replicas"].Int()),
                 .holds = c["holds"].Bool(),
                 .one_down = ReadOptionalProbe(c["one_down"]),
                 .n_plus_one_replicas = static_cast<int>(c["n_plus_one_replicas"].Int()),
                 .cost = ReadFleetCost(c["cost"]),
                 .statement = c["statement"].String(),
                 .within_cap = std::nullopt,
                 .cap_statement = c["cap_statement"].String()};
  if (c["within_cap"].present()) n.within_cap = c["within_cap"].Bool();
  return n;
}

std::optional<PlanDay> ReadDay(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  PlanDay d;
  d.ran = c["ran"].Bool();
  d.skipped = c["skipped"].String();
  if (const JsonCursor a = c["inputs"]; a.present()) {
    d.inputs =
        PlanAutoscalerInputs{.tolerance = a["tolerance"].Number(),
                             .load_bandwidth_gb_per_s = a["load_bandwidth_gb_per_s"].Number(),
                             .startup_s = a["startup_s"].Number(),
                             .sync_period_s = a["sync_period_s"].Number(),
                             .scale_down_delay_s = a["scale_down_delay_s"].Number(),
                             .seconds_per_hour = a["seconds_per_hour"].Number(),
                             .seeds = static_cast<int>(a["seeds"].Int(1))};
  }
  if (!d.ran) return d;
  d.replay = c["replay"].String();
  d.metric = c["metric"].String();
  d.target = c["target"].Number();
  d.target_auto = c["target_auto"].Bool();
  d.min_replicas = static_cast<int>(c["min_replicas"].Int(1));
  d.max_replicas = static_cast<int>(c["max_replicas"].Int(1));
  d.cold_start_s = c["cold_start_s"].Number();
  d.scale_up_delay_s = c["scale_up_delay_s"].Number();
  d.seconds_per_hour = c["seconds_per_hour"].Number();
  d.requests_simulated = c["requests_simulated"].Int();
  d.steps = ReadDerivation(c["derivation"]);
  for (const JsonCursor& w : c["windows"].Items()) {
    d.windows.push_back({.hour = static_cast<int>(w["hour"].RequiredInt()),
                         .rate_per_s = w["rate_per_s"].Number(),
                         .requests = w["requests"].Int(),
                         .fixed_replicas = static_cast<int>(w["fixed_replicas"].Int()),
                         .fixed_attainment = w["fixed_attainment"].Number(),
                         .fixed_carried_in = w["fixed_carried_in"].Int(),
                         .replicas_start = static_cast<int>(w["replicas_start"].Int()),
                         .replicas_min = static_cast<int>(w["replicas_min"].Int()),
                         .replicas_max = static_cast<int>(w["replicas_max"].Int()),
                         .replicas = static_cast<int>(w["replicas"].Int()),
                         .replica_hours = w["replica_hours"].Number(),
                         .attainment = w["attainment"].Number(),
                         .carried_in = w["carried_in"].Int()});
  }
  auto side = [](const JsonCursor& s) {
    return PlanDaySide{s["gpu_hours"].Number(), s["usd"].Number(), s["attainment"].Number()};
  };
  d.fixed = side(c["fixed"]);
  d.autoscaled = side(c["autoscaled"]);
  return d;
}

std::optional<PlanDeployment> ReadDeployment(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  return PlanDeployment{.serve_command = c["serve_command"].String(),
                        .engine_config = c["engine_config"].String(),
                        .bench_command = c["bench_command"].String(),
                        .compare_command = c["compare_command"].String(),
                        .notes = ReadStrings(c["notes"])};
}

}  // namespace

PlanDocument ReadPlanDocument(const JsonCursor& root) {
  PlanDocument plan;
  plan.schema = root["schema"].RequiredString();
  if (plan.schema != kPlanSchema) {
    root["schema"].Fail(fmt::format("is '{}'; expected {} (a plan.json written by gpuplan plan)",
                                    plan.schema, kPlanSchema));
  }
  plan.provenance = ReadProvenance(root["provenance"]);
  plan.warnings = ReadWarnings(root["warnings"]);
  plan.inputs = ReadInputs(root["inputs"]);
  plan.slo = ReadSlo(root["steps"]["slo"]);
  plan.traffic = ReadTraffic(root["steps"]["traffic"]);
  plan.engines = ReadEngines(root["steps"]["engines"]);
  ReadCandidates(root, plan);
  plan.recommendation = ReadRecommendation(root["recommendation"]);
  plan.no_recommendation = root["no_recommendation"].String();
  plan.cost_cap = ReadCostCap(root["cost_cap"]);
  if (plan.recommendation && FindPlanCandidate(plan, plan.recommendation->candidate) == nullptr) {
    root["recommendation"]["candidate"].Fail(fmt::format(
        "is {}; expected the id of one of the candidates", plan.recommendation->candidate));
  }
  plan.pareto = ReadPareto(root["pareto"]);
  plan.sensitivity = ReadSensitivity(root["sensitivity"]);
  plan.n_plus_one = ReadNPlusOne(root["n_plus_one"]);
  plan.day = ReadDay(root["autoscaler"]);
  plan.deployment = ReadDeployment(root["deployment"]);
  return plan;
}

PlanDocument ParsePlanDocument(std::string_view json_text, const std::string& file) {
  const JsonFile json = ParseJsonText(json_text, file);
  return ReadPlanDocument(json.Root());
}

PlanDocument ReadPlanDocumentFile(const std::filesystem::path& plan_json) {
  return ParsePlanDocument(ReadTextFile(plan_json), plan_json.string());
}

}  // namespace gpuplan
