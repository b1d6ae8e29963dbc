// The console summary of a plan: each step's numbers, then the answer and how robust it is.

#include <fmt/format.h>

#include <algorithm>

#include "sim/plan/plan_output.h"
#include "sim/plan/slo_verdict.h"

namespace gpuplan {
namespace {

constexpr double kGiB = 1073741824.0;

std::string Num(double v, int decimals = 1) { return FormatNumber(v, decimals); }

// Percentages with one decimal whatever their size (a margin of 0.4% is not 0.4112%).
std::string Pct(double v) { return fmt::format("{:.1f}%", v * 100); }

void StepLines(std::string& out, const std::vector<DerivationStep>& steps) {
  for (const DerivationStep& s : steps) out += fmt::format("   {}\n", s.ToString());
}

std::string Percentile(const PlanResult& r) {
  return fmt::format("p{}", Num(r.slo.targets.percentile));
}

// With a preset, the level sized for and both levels' targets (the verdict's two bars).
std::string PresetText(const SloTargets& t) {
  if (!t.levels) return t.preset.empty() ? "" : fmt::format(", preset {}", t.preset);
  return fmt::format(", preset {} sized for its {} level", t.preset, SloLevelName(t.levels->level));
}

void LevelLines(std::string& out, const SloTargets& t) {
  if (!t.levels) return;
  out += fmt::format("   preset levels: ideal {}; acceptable {}\n", SloLimitsText(t.levels->ideal),
                     SloLimitsText(t.levels->acceptable));
}

void Targets(std::string& out, const PlanResult& r) {
  const SloTargets& t = r.slo.targets;
  out += fmt::format(
      "1. Latency targets at {} ({}{}{})\n", Percentile(r), r.slo.source, PresetText(t),
      r.slo.latency_safety_factor == 1
          ? ""
          : fmt::format(", latency safety factor {}", FormatNumber(r.slo.latency_safety_factor)));
  LevelLines(out, t);
  StepLines(out, r.slo.steps);
}

void Traffic(std::string& out, const PlanResult& r) {
  out += fmt::format("2. Traffic ({})\n", TrafficModeName(r.traffic.mode));
  StepLines(out, r.traffic.steps);
  if (!r.traffic.day_rates_per_s.empty()) {
    out += "   hourly rates (req/s):";
    for (double v : r.traffic.day_rates_per_s) out += fmt::format(" {}", Num(v, 2));
    out += "\n";
  }
}

// Each engine variant's knobs, as resolved on its first runnable candidate.
void Engines(std::string& out, const PlanResult& r) {
  out += "3. Engines\n";
  for (const EngineVariant& v : r.candidates.engines) {
    auto c =
        std::find_if(r.candidates.all.begin(), r.candidates.all.end(),
                     [&](const Candidate& x) { return !x.pruned && x.engine.label == v.label; });
    if (c == r.candidates.all.end()) {
      out += fmt::format("   {}: no runnable candidate\n", v.label);
      continue;
    }
    const EngineSpec& e = c->scenario.engine;
    out += fmt::format(
        "   {}: {} {}, max_num_seqs {}, max_num_batched_tokens {}, block_size {}, "
        "gpu_memory_utilization {}, chunked prefill {}, {} scheduler\n",
        v.label, e.display_name, e.version, e.max_num_seqs, e.max_num_batched_tokens, e.block_size,
        Num(e.gpu_memory_utilization, 3), e.enable_chunked_prefill ? "on" : "off",
        c->scenario.scheduler.kind);
  }
}

void Memory(std::string& out, const PlanResult& r) {
  const CandidateSet& set = r.candidates;
  out +=
      fmt::format("4. Memory and candidates: {} combinations, {} duplicates removed, {} pruned\n",
                  set.combinations, set.duplicates_removed, set.all.size() - set.Feasible());
  const int context = static_cast<int>(r.traffic.mean_prompt_tokens + r.traffic.mean_output_tokens);
  out += fmt::format("   {:<34} {:>11} {:>9} {:>10} {:>9}  {}\n", "candidate", "weights/GPU",
                     "KV/GPU", "KV tokens", fmt::format("seqs@{}", context), "latency model");
  for (const Candidate& c : set.all) {
    if (c.memory.memory_bytes <= 0) {
      out += fmt::format("   {:<34} pruned: {}\n", c.label, c.prune_reason);
      continue;
    }
    out += fmt::format("   {:<34} {:>7} GiB {:>5} GiB {:>10} {:>9}  {}{}\n", c.label,
                       Num(c.memory.weight_bytes / kGiB), Num(c.memory.kv_budget_bytes / kGiB),
                       FormatNumber(static_cast<double>(c.memory.max_kv_tokens)),
                       c.sequences_at_mean_context, c.latency_model,
                       c.pruned ? fmt::format("  pruned: {}", c.prune_reason) : "");
  }
}

std::string MetricCell(const ProbeResult* p, SloMetric m) {
  if (p == nullptr || p->metrics[m].ci.n == 0) return "-";
  return Num(p->metrics[m].ci.mean);
}

void LoadTest(std::string& out, const PlanResult& r) {
  const ProbeSettings& s = r.settings;
  out += fmt::format(
      "5. Load test at {} req/s: {} seeds x {} requests per probe, verdict on the upper bound "
      "of the {}% CI of each {}{}\n",
      Num(r.traffic.peak_rate_per_s, 3), s.seeds.size(), FormatNumber(s.requests),
      Num(s.confidence * 100), Percentile(r),
      s.latency_safety_factor == 1
          ? ""
          : fmt::format(" against its SLO threshold / latency safety factor {} (step 1)",
                        FormatNumber(s.latency_safety_factor)));
  out += fmt::format("   {:<34} {:>8} {:>4} {:>9} {:>9} {:>9} {:>10} {:>7} {:>6}\n", "candidate",
                     "replicas", "GPUs", "TTFT ms", "TPOT ms", "E2E ms", "$/month", "margin",
                     "probes");
  for (const Candidate& c : r.candidates.all) {
    const CandidateOutcome& o = r.outcomes[c.id];
    if (o.status != CandidateStatus::kFeasible) {
      out += fmt::format("   {:<34} {}: {}\n", c.label, CandidateStatusName(o.status),
                         o.status == CandidateStatus::kPruned ? "see above" : o.reason);
      continue;
    }
    const ProbeResult* p = o.AtMin();
    out += fmt::format("   {:<34} {:>8} {:>4} {:>9} {:>9} {:>9} {:>10} {:>7} {:>6}\n", c.label,
                       *o.replicas, o.cost->gpus, MetricCell(p, SloMetric::kTtft),
                       MetricCell(p, SloMetric::kTpot), MetricCell(p, SloMetric::kE2e),
                       Num(o.cost->usd_per_month, 0), Pct(p->margin), o.search.probes.size());
  }
}

void Frontier(std::string& out, const PlanResult& r) {
  out += fmt::format("   Pareto frontier (monthly cost vs {} E2E):", Percentile(r));
  for (const ParetoPoint& p : r.pareto) {
    if (!p.frontier) continue;
    out += fmt::format(" [{} x {}: ${}, {} ms]", p.replicas, r.candidates.all[p.candidate].label,
                       Num(p.usd_per_month, 0), Num(p.latency_ms[SloMetric::kE2e], 0));
  }
  out += "\n";
}

void Sensitivity(std::string& out, const PlanResult& r) {
  if (r.sensitivity.empty()) return;
  out += "   Sensitivity of the recommended candidate to traffic:\n";
  out += fmt::format("     {:>7} {:>9} {:>11} {:>9} {:>9} {:>9} {:>8} {:>10}\n", "traffic", "req/s",
                     "fleet holds", "TTFT ms", "TPOT ms", "E2E ms", "needs", "$/month");
  for (const SensitivityRow& s : r.sensitivity) {
    out += fmt::format("     {:>7} {:>9} {:>11} {:>9} {:>9} {:>9} {:>8} {:>10}\n",
                       fmt::format("x{}", Num(s.multiplier, 2)), Num(s.rate_per_s, 3),
                       s.at_fleet.passed ? "yes" : "no", MetricCell(&s.at_fleet, SloMetric::kTtft),
                       MetricCell(&s.at_fleet, SloMetric::kTpot),
                       MetricCell(&s.at_fleet, SloMetric::kE2e),
                       s.min_replicas ? std::to_string(*s.min_replicas) : "none",
                       s.cost ? Num(s.cost->usd_per_month, 0) : "-");
  }
}

void Day(std::string& out, const DaySimulation& d) {
  if (!d.ran) {
    out += fmt::format("   Autoscaler: skipped ({})\n", d.skipped);
    return;
  }
  out += fmt::format(
      "   Autoscaler ({} target {}{}, {}-{} replicas), one continuous replay of the day (queues "
      "and cold starts carry over{}):\n",
      AutoscalerMetricName(d.metric), Num(d.target, 3), d.target_auto ? " auto" : "",
      d.min_replicas, d.max_replicas,
      d.seconds_per_hour == 3600
          ? ""
          : fmt::format("; each hour replayed in {} s", Num(d.seconds_per_hour)));
  for (const DerivationStep& s : d.steps) out += fmt::format("     {}\n", s.ToString());
  out += "     replicas at each hour's end:";
  for (const DayWindow& w : d.windows) out += fmt::format(" {}", w.replicas);
  out += "\n     requests waiting at each hour's start (autoscaled):";
  for (const DayWindow& w : d.windows) out += fmt::format(" {}", w.carried_in);
  out += "\n";
  for (const auto& [name, side] :
       {std::pair{"fixed fleet", d.fixed}, {"autoscaled", d.autoscaled}}) {
    out += fmt::format("     {:<11} {:>7} GPU-h/day  ${:>9}/day  SLO attainment {}\n", name,
                       Num(side.gpu_hours), Num(side.usd, 2), Pct(side.attainment));
  }
}

std::string FleetLine(const PlanResult& r, const CapFleet& f) {
  return fmt::format("{} x {} (${}/month)", f.replicas, r.candidates.all[f.candidate].label,
                     Num(f.cost.usd_per_month, 0));
}

// constraints.max_monthly_cost: what it decided, what the recommended fleet gives up, and every
// fleet the cap afforded, best first.
void Cap(std::string& out, const PlanResult& r) {
  if (!r.cap) return;
  const CostCapOutcome& c = *r.cap;
  out += fmt::format("   Cost cap ${}/month: ", Num(c.max_monthly_cost, 0));
  if (c.status == CapStatus::kWithinCap && r.recommendation) {
    out += fmt::format("respected, ${}/month to spare",
                       Num(c.max_monthly_cost - r.recommendation->cost.usd_per_month, 0));
  } else {
    out += "binds, no fleet meeting every SLO fits";
  }
  if (c.cheapest_meeting_slo && c.status == CapStatus::kBinds) {
    out += fmt::format("; the cheapest that does: {}, ${}/month over the cap",
                       FleetLine(r, *c.cheapest_meeting_slo),
                       Num(c.cheapest_meeting_slo->cost.usd_per_month - c.max_monthly_cost, 0));
  }
  out += "\n";
  for (const GivenUp& g : c.given_up) out += fmt::format("     gives up: {}\n", g.text);
  if (c.considered.empty()) return;
  out +=
      fmt::format("     {:<42} {:>10} {:>10} {:>9} {:>11}  {}\n", "fleet under the cap, best first",
                  "$/month", "keeps up", "margin", "attainment", "probe");
  for (const CapFleet& f : c.considered) {
    out +=
        fmt::format("     {:<42} {:>10} {:>10} {:>9} {:>11}  {}\n",
                    fmt::format("{} x {}", f.replicas, r.candidates.all[f.candidate].label),
                    Num(f.cost.usd_per_month, 0), f.KeepsUp() ? "yes" : "no", Pct(f.probe.margin),
                    Pct(f.probe.attainment), f.from_search ? "from the search" : "run for the cap");
  }
}

// cost.currency: the recommendation's cost in that currency, at the stated rate.
void InCurrency(std::string& out, const PlanSpec& plan, const PlanResult& r) {
  const std::optional<PlanCurrency>& c = plan.cost.currency;
  if (!c || !r.recommendation) return;
  const FleetCost& cost = r.recommendation->cost;
  out +=
      fmt::format("   in {}: {}/month ({}/h) at {} {} per US dollar ({}, {})\n", c->code,
                  Num(cost.usd_per_month * c->per_usd, 0), Num(cost.usd_per_hour * c->per_usd, 0),
                  Num(c->per_usd, 3), c->code, c->date, c->source);
}

void Answer(std::string& out, const PlanResult& r) {
  out += "6. Recommendation\n";
  if (!r.recommendation) {
    out += fmt::format("   none: {}\n", r.no_recommendation);
    if (r.cap && r.cap->status == CapStatus::kNoFleetMeetsSlo) {
      out += fmt::format("   {}\n", r.cap->statement);
    }
    return;
  }
  const Recommendation& rec = *r.recommendation;
  out += fmt::format("   {}\n", rec.statement);
  if (const std::optional<SloLevels>& levels = r.slo.targets.levels) {
    const SloLevelMet met = ProbeLevelMet(rec.probe, *levels, r.slo.latency_safety_factor);
    out += fmt::format("   SLO verdict (preset {}): {}\n", levels->preset, SloVerdictText(met));
  }
  if (r.model_error) out += fmt::format("   {}\n", ModelErrorSummary(*r.model_error));
  if (r.replicas_by_seed) {
    out += fmt::format("   {}\n", ReplicaDistributionText(*r.replicas_by_seed));
  }
  Cap(out, r);
  for (int id : rec.runner_ups) {
    const CandidateOutcome& o = r.outcomes[id];
    out += fmt::format("   runner-up: {} x {}: ${}/month, margin {}\n", *o.replicas,
                       r.candidates.all[id].label, Num(o.cost->usd_per_month, 0),
                       Pct(o.AtMin()->margin));
  }
  Frontier(out, r);
  Sensitivity(out, r);
  if (r.n_plus_one) out += fmt::format("   N+1: {}\n", r.n_plus_one->statement);
  if (r.n_plus_one && r.n_plus_one->within_cap == false) {
    out += fmt::format("   N+1 over the cost cap: {}\n", r.n_plus_one->cap_statement);
  }
  Day(out, r.day);
}

// Commands indented under a heading, a blank line between them.
void Indented(std::string& out, std::string_view heading, const std::string& text) {
  if (text.empty()) return;
  out += fmt::format("   {}\n", heading);
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    out += fmt::format("     {}\n", rest.substr(0, end));
    rest = end == std::string_view::npos ? "" : rest.substr(end + 1);
  }
}

void Verify(std::string& out, const PlanResult& r) {
  if (!r.deployment) return;
  const DeploymentCommands& d = *r.deployment;
  out += "7. Deploy one replica and verify it\n";
  Indented(out, "launch:", d.serve);
  Indented(out, "with extra_llm_api_options.yaml:", d.engine_config);
  Indented(out, "offer it one replica's share of the peak:", d.bench);
  Indented(out, "compare the result with this simulation:", d.compare);
  for (const std::string& note : d.notes) out += fmt::format("   note: {}\n", note);
}

}  // namespace

std::string FormatPlanSummary(const PlanSpec& plan, const PlanResult& r) {
  std::string out = fmt::format(
      "plan {}: {} on {} (base scenario: {})\n", plan.name, plan.base.model.display_name,
      fmt::format("{} latency model", plan.base.latency.kind), plan.base_source);
  for (const PlanWarning& w : r.warnings) out += fmt::format("warning: {}\n", w.text);
  Targets(out, r);
  Traffic(out, r);
  Engines(out, r);
  Memory(out, r);
  LoadTest(out, r);
  Answer(out, r);
  InCurrency(out, plan, r);
  Verify(out, r);
  return out;
}

}  // namespace gpuplan
