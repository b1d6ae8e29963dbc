#include "reports/plan_data.h"

#include <fmt/format.h>

#include <limits>

#include "reports/plan_data_parts.h"

namespace gpuplan::report {
namespace {

// Values gpuplan never writes outside these ranges: an edited file is refused at the value.
constexpr double kInf = std::numeric_limits<double>::infinity();

using detail::ReadDerivation;
using detail::ReadFleetCost;
using detail::ReadOptionalCount;
using detail::ReadOptionalFleetCost;
using detail::ReadOptionalProbe;
using detail::ReadProbe;

constexpr std::string_view kPlanSchema = "gpuplan.plan/1";

PlanProvenance ReadProvenance(const JsonCursor& c) {
  PlanProvenance p;
  p.gpuplan_version = c["gpuplan_version"].String();
  p.plan_file = c["plan_file"].String();
  p.name = c["name"].String();
  p.description = c["description"].String();
  p.base_source = c["base_scenario_source"].String();
  p.base_yaml = c["base_scenario_resolved_yaml"].String();
  for (const JsonCursor& seed : c["seeds"].Items()) p.seeds.push_back(seed.RequiredInt());
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
                        price["date"].String(), price["source"].String()});
  }
  return p;
}

std::optional<SloStepRow> ReadSlo(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  SloStepRow s;
  s.source = c["source"].String();
  s.preset = c["preset"].String();
  s.level = c["level"].String();
  for (SloMetric m : kSloMetrics) {
    s.target_ms[m] = c[SloMetricMsKey(m)].NumberIn(0, kInf);
  }
  s.percentile = c["percentile"].NumberIn(0, 100, 95);
  s.speed_tokens_per_s = c["speed_tokens_per_s"].Number();
  s.latency_safety_factor = c["latency_safety_factor"].Number(1);
  s.steps = ReadDerivation(c["derivation"]);
  return s;
}

std::optional<TrafficStepRow> ReadTraffic(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  TrafficStepRow t;
  t.mode = c["mode"].String();
  t.mean_prompt_tokens = c["mean_prompt_tokens"].Number();
  t.mean_output_tokens = c["mean_output_tokens"].Number();
  t.tokens_source = c["tokens_source"].String();
  t.time_in_system_s = c["time_in_system_s"].Number();
  t.peak_rate_per_s = c["peak_rate_per_s"].NumberIn(0, kInf);
  t.concurrency_in_flight = c["concurrency_in_flight"].Number();
  t.mean_rate_per_s = c["mean_rate_per_s"].NumberIn(0, kInf);
  for (const JsonCursor& r : c["day_rates_per_s"].Items()) t.day_rates_per_s.push_back(r.Number());
  t.served_output_tokens_per_s = c["served_output_tokens_per_s"].Number();
  t.served_rate_basis = c["served_rate_basis"].String();
  t.steps = ReadDerivation(c["derivation"]);
  return t;
}

CandidateRow ReadCandidate(const JsonCursor& c) {
  CandidateRow r;
  r.id = static_cast<int>(c["id"].RequiredInt());
  r.label = c["label"].RequiredString();
  r.gpu = c["gpu"].String();
  r.gpu_display_name = c["gpu_display_name"].String();
  r.tensor_parallel = static_cast<int>(c["tensor_parallel"].Int(1));
  if (std::optional<int64_t> per_node = c["gpus_per_node"].OptionalInt()) {
    if (*per_node < 1) c["gpus_per_node"].Fail("is below 1; expected the GPUs per node, >= 1");
    r.gpus_per_node = static_cast<int>(*per_node);
  }
  r.engine = c["engine"].String();
  r.latency_model = c["latency_model"].String();
  r.status = c["status"].RequiredString();
  r.recommended = c["recommended"].Bool();
  r.reason = c["reason"].String();
  r.memory = detail::ReadMemory(c["memory"]);
  r.isolated = ReadOptionalProbe(c["isolated"]);
  r.min_replicas = ReadOptionalCount(c["min_replicas"]);
  r.cost = ReadOptionalFleetCost(c["cost"]);
  for (const JsonCursor& p : c["probes"].Items()) r.probes.push_back(ReadProbe(p));
  return r;
}

std::optional<RecommendationRow> ReadRecommendation(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  RecommendationRow r;
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
  r.replicas_by_seed = detail::ReadReplicasBySeed(c["replicas_by_seed"]);
  return r;
}

std::optional<CapFleetRow> ReadCapFleet(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  return CapFleetRow{.candidate = static_cast<int>(c["candidate"].RequiredInt()),
                     .label = c["label"].String(),
                     .replicas = static_cast<int>(c["replicas"].Int()),
                     .gpus = static_cast<int>(c["gpus"].Int()),
                     .usd_per_month = c["usd_per_month"].NumberIn(0, kInf)};
}

GivenUpRow ReadGivenUp(const JsonCursor& c) {
  const JsonCursor ci = c["ci"];
  return {.metric = c["metric"].RequiredString(),
          .slo_ms = c["slo_ms"].Number(),
          .threshold_ms = c["threshold_ms"].Number(),
          .ci = {.n = static_cast<int>(ci["n"].Int()),
                 .mean = ci["mean"].Number(),
                 .lower = ci["lower"].Number(),
                 .upper = ci["upper"].Number()},
          .confidence = ci["confidence"].Number(0.95),
          .over_by_ms = c["over_by_ms"].Number(),
          .over_by_fraction = c["over_by_fraction"].Number(),
          .arrival_rate_per_s = c["arrival_rate_per_s"].Number(),
          .completion_rate_per_s = c["completion_rate_per_s"].Number(),
          .dropped = c["dropped"].Int(),
          .unfinished = c["unfinished"].Int(),
          .text = c["text"].String()};
}

std::optional<CostCapRow> ReadCostCap(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  CostCapRow cap;
  cap.max_monthly_cost = c["max_monthly_cost"].RequiredNumberIn(0, kInf);
  cap.status = c["status"].RequiredString();
  cap.meets_slo = c["meets_slo"].Bool();
  cap.headroom_usd_per_month = c["headroom_usd_per_month"].Number();
  cap.cheapest_meeting_slo = ReadCapFleet(c["cheapest_meeting_slo"]);
  cap.cheapest_fleet = ReadCapFleet(c["cheapest_fleet"]);
  for (const JsonCursor& g : c["given_up"].Items()) cap.given_up.push_back(ReadGivenUp(g));
  for (const JsonCursor& f : c["considered"].Items()) {
    cap.considered.push_back({.fleet = *ReadCapFleet(f),
                              .keeps_up = f["keeps_up"].Bool(),
                              .passed = f["passed"].Bool(),
                              .margin = f["margin"].Number(),
                              .binding_metric = f["binding_metric"].String(),
                              .attainment = f["attainment"].Number(),
                              .from_search = f["probe_source"].String() != "cap"});
  }
  cap.statement = c["statement"].String();
  return cap;
}

std::vector<PlanWarningRow> ReadWarnings(const JsonCursor& c) {
  std::vector<PlanWarningRow> rows;
  for (const JsonCursor& w : c.Items()) {
    rows.push_back({.code = w["code"].String(),
                    .seeds = w["seeds"].Number(),
                    .t = w["t"].Number(),
                    .confidence = w["confidence"].Number(0.95),
                    .text = w["text"].String()});
  }
  return rows;
}

std::vector<ParetoRow> ReadPareto(const JsonCursor& c) {
  std::vector<ParetoRow> rows;
  for (const JsonCursor& p : c.Items()) {
    ParetoRow r{.candidate = static_cast<int>(p["candidate"].RequiredInt()),
                .label = p["label"].String(),
                .replicas = static_cast<int>(p["replicas"].Int()),
                .gpus = static_cast<int>(p["gpus"].Int()),
                .usd_per_month = p["usd_per_month"].RequiredNumberIn(0, kInf),
                .frontier = p["frontier"].Bool()};
    for (SloMetric m : kSloMetrics) {
      r.latency_ms[m] = p[SloMetricMsKey(m)].Number();
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<SensitivityRowData> ReadSensitivity(const JsonCursor& c) {
  std::vector<SensitivityRowData> rows;
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

std::optional<NPlusOneRow> ReadNPlusOne(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  return NPlusOneRow{.replicas = static_cast<int>(c["replicas"].Int()),
                     .holds = c["holds"].Bool(),
                     .one_down = ReadOptionalProbe(c["one_down"]),
                     .n_plus_one_replicas = static_cast<int>(c["n_plus_one_replicas"].Int()),
                     .cost = ReadFleetCost(c["cost"]),
                     .statement = c["statement"].String()};
}

std::optional<DeploymentRow> ReadDeployment(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  DeploymentRow d{.serve_command = c["serve_command"].String(),
                  .engine_config = c["engine_config"].String(),
                  .bench_command = c["bench_command"].String(),
                  .compare_command = c["compare_command"].String()};
  for (const JsonCursor& note : c["notes"].Items()) d.notes.push_back(note.String());
  return d;
}

std::optional<DayRow> ReadDay(const JsonCursor& c) {
  if (!c.present()) return std::nullopt;
  DayRow d;
  d.ran = c["ran"].Bool();
  d.skipped = c["skipped"].String();
  if (!d.ran) return d;
  d.metric = c["metric"].String();
  d.target = c["target"].Number();
  d.target_auto = c["target_auto"].Bool();
  d.min_replicas = static_cast<int>(c["min_replicas"].Int(1));
  d.max_replicas = static_cast<int>(c["max_replicas"].Int(1));
  d.scale_up_delay_s = c["scale_up_delay_s"].Number();
  d.steps = ReadDerivation(c["derivation"]);
  for (const JsonCursor& w : c["windows"].Items()) {
    d.windows.push_back({.hour = static_cast<int>(w["hour"].RequiredInt()),
                         .rate_per_s = w["rate_per_s"].Number(),
                         .fixed_replicas = static_cast<int>(w["fixed_replicas"].Int()),
                         .fixed_attainment = w["fixed_attainment"].Number(),
                         .replicas = static_cast<int>(w["replicas"].Int()),
                         .attainment = w["attainment"].Number()});
  }
  auto side = [](const JsonCursor& s) {
    return DaySideRow{s["gpu_hours"].Number(), s["usd"].Number(), s["attainment"].Number()};
  };
  d.fixed = side(c["fixed"]);
  d.autoscaled = side(c["autoscaled"]);
  return d;
}

void ReadCandidates(const JsonCursor& root, PlanData& plan) {
  const JsonCursor counts = root["candidate_counts"];
  plan.counts = {counts["combinations"].Int(), counts["duplicates_removed"].Int(),
                 counts["built"].Int(), counts["pruned"].Int(), counts["feasible"].Int()};
  if (!root["candidates"].present()) {
    root["candidates"].Fail("is missing; expected the list of candidates");
  }
  for (const JsonCursor& c : root["candidates"].Items())
    plan.candidates.push_back(ReadCandidate(c));
}

}  // namespace

const CandidateRow* PlanData::Candidate(int id) const {
  for (const CandidateRow& c : candidates) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

PlanData ParsePlanData(std::string_view json_text, const std::string& file) {
  const JsonFile json = ParseJsonText(json_text, file);
  const JsonCursor root = json.Root();
  PlanData plan;
  plan.schema = root["schema"].RequiredString();
  if (plan.schema != kPlanSchema) {
    root["schema"].Fail(fmt::format("is '{}'; expected {} (a plan.json written by gpuplan plan)",
                                    plan.schema, kPlanSchema));
  }
  plan.provenance = ReadProvenance(root["provenance"]);
  const JsonCursor inputs = root["inputs"];
  plan.inputs = {inputs["traffic"]["dau"].Number(0),
                 inputs["traffic"]["sessions_per_user_per_day"].Number(0),
                 inputs["traffic"]["requests_per_session"].Number(0),
                 inputs["candidates"]["calibration_bundle"].String()};
  plan.slo = ReadSlo(root["steps"]["slo"]);
  plan.traffic = ReadTraffic(root["steps"]["traffic"]);
  for (const JsonCursor& e : root["steps"]["engines"].Items()) {
    EngineRow engine{e["label"].String(), e["preset"].String(), {}};
    for (const auto& [knob, value] : e["knobs"].Members()) {
      engine.knobs.push_back({knob, value.ScalarText()});
    }
    plan.engines.push_back(std::move(engine));
  }
  ReadCandidates(root, plan);
  plan.recommendation = ReadRecommendation(root["recommendation"]);
  plan.no_recommendation = root["no_recommendation"].String();
  plan.cost_cap = ReadCostCap(root["cost_cap"]);
  plan.warnings = ReadWarnings(root["warnings"]);
  if (plan.recommendation && plan.Candidate(plan.recommendation->candidate) == nullptr) {
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

PlanData ReadPlanData(const std::filesystem::path& plan_json) {
  return ParsePlanData(ReadTextFile(plan_json), plan_json.string());
}

}  // namespace gpuplan::report
