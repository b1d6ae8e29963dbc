#include "sim/plan/planner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "sim/core/parallel.h"
#include "sim/core/plural.h"
#include "sim/plan/confidence.h"
#include "sim/plan/search.h"
#include "sim/workload/trace_workload.h"

namespace gpuplan {
namespace {

ProbeSettings SettingsOf(const PlanSpec& plan, const TrafficStep& traffic,
                         const PlanOptions& options) {
  ProbeSettings s;
  for (int i = 0; i < plan.search.seeds; ++i) s.seeds.push_back(plan.search.first_seed + i);
  s.requests = plan.search.requests_per_probe;
  s.isolated_requests = std::min<int64_t>(500, plan.search.requests_per_probe);
  s.warmup_fraction = plan.search.warmup_fraction;
  s.confidence = plan.search.confidence;
  s.latency_safety_factor = plan.search.latency_safety_factor;
  s.threads = ResolveThreads(options.threads.value_or(plan.search.threads));
  s.isolated_trace_lengths = {
      static_cast<int32_t>(std::max(1.0, std::round(traffic.mean_prompt_tokens))),
      static_cast<int32_t>(std::max(1.0, std::round(traffic.mean_output_tokens)))};
  return s;
}

// The price of every GPU type among the candidates, in candidate order; a GPU without one is a
// diagnostic at the plan's cost section.
std::vector<PriceRow> Prices(const PlanSpec& plan, const CandidateSet& set, Diagnostics& diags) {
  std::vector<PriceRow> rows;
  std::set<std::string> seen;
  for (const Candidate& c : set.all) {
    if (c.pruned && c.scenario.gpu.name.empty()) continue;
    if (c.pruned && PriceTierRejection(plan.cost, c.scenario.gpu)) continue;
    if (!seen.insert(c.scenario.gpu.name).second) continue;
    try {
      const CostModel model = CostModelFor(plan.cost, c.scenario.gpu);
      PriceRow row{c.scenario.gpu.name, CostPerGpuHour(model), "",
                   "on premises",       "on_premises",         ""};
      if (const auto* cloud = std::get_if<CloudPricing>(&model)) {
        row.date = cloud->price_date;
        row.source = cloud->price_source;
        row.tier = cloud->tier;
        row.region = cloud->region;
        if (!cloud->normalised_from.empty()) {
          row.source += fmt::format("; a {} price normalised from {} x {} ({})", cloud->tier,
                                    cloud->normalised_from, FormatNumber(cloud->tier_factor),
                                    cloud->factor_source);
        }
      }
      rows.push_back(std::move(row));
    } catch (const ConfigError& e) {
      for (const Diagnostic& d : e.diagnostics()) diags.Add(plan.LocOf("cost"), "cost", d.message);
    }
  }
  return rows;
}

// The rate every peak probe runs at: nullopt for a trace, replayed at its own arrivals.
std::optional<double> PeakRate(const PlanResult& r) {
  if (r.traffic.mode == TrafficMode::kTrace) return std::nullopt;
  return r.traffic.peak_rate_per_s;
}

// Step 6a: every runnable candidate one request at a time; returns the ids that can go on.
std::vector<int> IsolatedProbes(const PlanResult& r, ProbeRunner& runner,
                                std::vector<CandidateOutcome>& outcomes) {
  std::vector<ProbeSpec> isolated;
  std::vector<int> ids;
  for (const Candidate& c : r.candidates.all) {
    if (c.pruned) {
      outcomes[c.id].reason = c.prune_reason;
      continue;
    }
    isolated.push_back({&c.scenario, 1, std::nullopt, true});
    ids.push_back(c.id);
  }
  const std::vector<ProbeResult> alone = runner.Run(isolated);
  std::vector<int> passed;
  for (size_t k = 0; k < ids.size(); ++k) {
    CandidateOutcome& o = outcomes[ids[k]];
    o.isolated = alone[k];
    if (alone[k].passed) {
      passed.push_back(ids[k]);
    } else {
      o.status = CandidateStatus::kSloImpossible;
      o.reason = "even one request at a time: " + alone[k].reason;
    }
  }
  return passed;
}

// Step 6b: the replica search at the peak rate of the candidates in `ids`.
void SearchCandidates(const PlanSpec& plan, const PlanResult& r, const std::vector<int>& ids,
                      ProbeRunner& runner, std::vector<CandidateOutcome>& outcomes) {
  const std::optional<double> rate = r.traffic.mode == TrafficMode::kTrace
                                         ? std::nullopt
                                         : std::optional<double>(r.traffic.peak_rate_per_s);
  std::vector<SearchTarget> targets;
  targets.reserve(ids.size());
  for (int id : ids) {
    targets.push_back({&r.candidates.all[id].scenario, rate, plan.candidates.replicas_min,
                       plan.candidates.replicas_max, plan.candidates.replicas_min});
  }
  std::vector<SearchResult> found = SearchMinReplicas(targets, runner);
  for (size_t k = 0; k < ids.size(); ++k) {
    CandidateOutcome& o = outcomes[ids[k]];
    o.search = std::move(found[k]);
    o.replicas = o.search.min_replicas;
    if (o.replicas) {
      o.status = CandidateStatus::kFeasible;
      o.cost = CandidateFleetCost(plan.cost, r.candidates.all[ids[k]], *o.replicas,
                                  r.traffic.ServedOutputTokensPerS());
    } else {
      o.status = CandidateStatus::kNotMet;
      o.reason = fmt::format("misses the SLO at peak even with {}: {}",
                             Counted(plan.candidates.replicas_max, "replica"),
                             o.search.probes.back().reason);
    }
  }
}

// The day's hourly mean rates. day_rates_per_s puts the busiest hour at the peak rate, which
// carries the burst factor: that factor is the headroom of the peak second over the peak hour's
// mean (the fixed fleet is sized for it), so the replayed day takes it out of every hour.
std::vector<double> HourlyMeanRates(const TrafficStep& t, std::vector<DerivationStep>& steps) {
  if (!t.business || t.peak_rate_per_s <= 0) return t.day_rates_per_s;
  const double scale = t.business->peak_hour_rate_per_s / t.peak_rate_per_s;
  std::vector<double> rates;
  for (double rate : t.day_rates_per_s) rates.push_back(rate * scale);
  steps.push_back({"busiest hour replayed at",
                   fmt::format("peak rate / burst factor = {} / {} (the burst is the peak "
                               "fleet's headroom, not a property of every hour)",
                               FormatNumber(t.peak_rate_per_s),
                               FormatNumber(t.peak_rate_per_s / t.business->peak_hour_rate_per_s)),
                   t.business->peak_hour_rate_per_s, "req/s"});
  return rates;
}

void Day(const PlanSpec& plan, PlanResult& r, const Builtins& builtins) {
  const Recommendation& rec = *r.recommendation;
  const Candidate& c = r.candidates.all[rec.candidate];
  if (!plan.autoscaler) {
    r.day.skipped = "no autoscaler section in the plan";
  } else if (r.traffic.day_rates_per_s.empty()) {
    r.day.skipped = "no day shape: give traffic.diurnal_curve or traffic.servegen";
  } else if (c.scenario.workload.IsTrace()) {
    r.day.skipped = "the workload is a trace: it is replayed as recorded, not as a day";
  } else {
    std::vector<DerivationStep> steps;
    const std::vector<double> rates = HourlyMeanRates(r.traffic, steps);
    r.day = SimulateDay(*plan.autoscaler, c, rec.replicas, rates, rec.cost.usd_per_gpu_hour,
                        r.settings, builtins);
    r.day.steps.insert(r.day.steps.begin(), steps.begin(), steps.end());
  }
}

void Robustness(const PlanSpec& plan, PlanResult& r, ProbeRunner& runner,
                const Builtins& builtins) {
  const Recommendation& rec = *r.recommendation;
  const Candidate& c = r.candidates.all[rec.candidate];
  const bool trace = r.traffic.mode == TrafficMode::kTrace;
  const double served = r.traffic.ServedOutputTokensPerS();
  if (!trace) {
    r.sensitivity =
        TrafficSensitivity(plan, c, rec.replicas, r.traffic.peak_rate_per_s, served, runner);
  }
  // A fleet under a binding cost cap misses the SLO with every replica up: there is no headroom
  // to check.
  if (!r.cap || r.cap->meets_slo) {
    r.n_plus_one = CheckNPlusOne(
        plan, c, rec.replicas,
        trace ? std::nullopt : std::optional<double>(r.traffic.peak_rate_per_s), served, runner);
  }
  Day(plan, r, builtins);
}

// The recommended fleet's commands; its scenario as the plan writes it (recommended/...).
DeploymentCommands CommandsFor(const PlanResult& r) {
  const Recommendation& rec = *r.recommendation;
  const VerificationLoad load{.rate_per_s = r.traffic.peak_rate_per_s / rec.replicas,
                              .mean_prompt_tokens = r.traffic.mean_prompt_tokens,
                              .mean_output_tokens = r.traffic.mean_output_tokens,
                              .requests = r.settings.requests};
  DeploymentCommands d = MakeDeploymentCommands(*RecommendedScenario(r), r.slo.targets, load,
                                                "recommended/resolved_scenario.yaml");
  if (r.traffic.mode == TrafficMode::kTrace) {
    d.bench.clear();
    d.compare.clear();
    d.notes.push_back(
        "a trace plan has no single rate to offer: replay the trace against one "
        "replica with your load tool, then gpuplan compare its per-request result");
  }
  return d;
}

// The base workload replays a trace without resampling it per seed.
bool TraceReplayedAsRecorded(const PlanSpec& plan) {
  const WorkloadSpec& w = plan.base.workload;
  if (!w.IsTrace()) return false;
  const PolicyOptions* typed = w.trace->TypedIfCurrent();
  return typed != nullptr && typed->As<TraceOptions>().bootstrap_block_s == 0;
}

// With 2 seeds the interval has 1 degree of freedom: t is 12.7 at 95%, and two equal seeds give a
// zero-width interval that looks certain.
std::vector<PlanWarning> Warnings(const PlanSpec& plan) {
  std::vector<PlanWarning> out;
  const int seeds = plan.search.seeds;
  if (seeds < 3) {
    const double confidence = plan.search.confidence;
    const double t = StudentTQuantile(confidence, seeds - 1);
    out.push_back(
        {"few_seeds",
         fmt::format("search.seeds is {}: the {}% confidence interval of each percentile uses t = "
                     "{} (1 degree of freedom), so it is very wide, and when the seeds happen to "
                     "agree it has zero width, a certainty {} seeds can not give; use 3 seeds "
                     "(t = {}) or more, 5 (t = {}) for a plan to sign",
                     seeds, FormatNumber(confidence * 100), FormatNumber(t, 1), seeds,
                     FormatNumber(StudentTQuantile(confidence, 2), 2),
                     FormatNumber(StudentTQuantile(confidence, 4), 2)),
         {{"seeds", seeds}, {"t", t}, {"confidence", confidence}}});
  }
  if (TraceReplayedAsRecorded(plan)) {
    out.push_back(
        {"trace_not_resampled",
         "the workload replays a trace as recorded, the same requests for every seed: the "
         "intervals cover only what the simulation draws, not how the answer depends on the one "
         "stretch of traffic the trace recorded; set workload.trace.bootstrap_block_s (60 s "
         "keeps bursts of up to a minute) to replay a resample of it per seed",
         {{"bootstrap_block_s", 0}}});
  }
  return out;
}

// The candidates' cloud prices are of more than one kind (kPriceTiers; a plan's own price of no
// stated tier counts as one kind, "plan_override"): the ranking then compares, say, a community
// host with an on-demand hyperscaler instance. `tiers` is how many kinds; the report lists them
// from the prices.
std::optional<PlanWarning> PriceTiersMixed(const std::vector<PriceRow>& prices) {
  std::set<std::string> tiers;
  std::string listed;
  for (const PriceRow& p : prices) {
    if (p.tier == "on_premises") continue;
    tiers.insert(p.tier.empty() ? "unstated" : p.tier);
    if (!listed.empty()) listed += ", ";
    listed += fmt::format("{} {}", p.gpu, p.tier.empty() ? "unstated" : p.tier);
    if (!p.region.empty()) listed += fmt::format(" ({})", p.region);
  }
  if (tiers.size() < 2) return std::nullopt;
  return PlanWarning{
      "price_tiers_mixed",
      fmt::format("the candidates' prices are of {} kinds ({}): the cost ranking compares unlike "
                  "prices; set cost.cloud.tier to compare one kind, giving "
                  "cost.cloud.usd_per_gpu_hour for the GPUs priced otherwise",
                  tiers.size(), listed),
      {{"tiers", static_cast<double>(tiers.size())}}};
}

// Step 7 under constraints.max_monthly_cost (cost_cap.h).
void RecommendWithCap(const PlanSpec& plan, PlanResult& r, ProbeRunner& runner,
                      PlanProgress& progress) {
  const int searched = static_cast<int>(
      std::count_if(r.outcomes.begin(), r.outcomes.end(), [](const CandidateOutcome& o) {
        return o.status == CandidateStatus::kFeasible || o.status == CandidateStatus::kNotMet;
      }));
  progress.ExpectAtMost(static_cast<int64_t>(searched) *
                            static_cast<int64_t>(r.settings.seeds.size()) * r.settings.requests +
                        RobustnessRequestsAtMost(plan, r.settings));
  const std::optional<double> rate = r.traffic.mode == TrafficMode::kTrace
                                         ? std::nullopt
                                         : std::optional<double>(r.traffic.peak_rate_per_s);
  CostCapDecision d =
      RecommendUnderCap(plan, r.candidates, r.outcomes, rate, r.traffic.ServedOutputTokensPerS(),
                        r.slo.targets.percentile, runner);
  r.recommendation = std::move(d.recommendation);
  r.no_recommendation = std::move(d.no_recommendation);
  r.cap = std::move(d.cap);
}

// The recommended candidate's model error, and a warning per SLO metric whose margin is smaller
// than the model's median error for it: the simulator has typically been that far from real
// serving runs, so such a pass may be a miss on real hardware.
void ModelErrorOfRecommendation(const std::optional<ErrorBands>& bands, PlanResult& r) {
  const Recommendation& rec = *r.recommendation;
  r.model_error = CandidateModelError(bands ? &*bands : nullptr, r.candidates.all[rec.candidate]);
  for (const MarginWithinError& m : MarginsWithinModelError(*r.model_error, rec.probe)) {
    const std::string_view label = SloMetricLabel(m.metric);
    r.warnings.push_back(
        {"margin_within_model_error",
         fmt::format("the {} margin {:.1f}% is smaller than the latency model's median {} error "
                     "{:.1f}% (p90 {:.1f}%) for {} ({}): the verdict rests inside the model's "
                     "typical error; measure this engine on this GPU, or set "
                     "search.latency_safety_factor",
                     label, m.margin * 100, label, m.stat.median * 100, m.stat.p90 * 100,
                     r.model_error->engine, ModelErrorScopeText(m.stat)),
         {{"margin", m.margin},
          {"median_error", m.stat.median},
          {"p90_error", m.stat.p90},
          {"rows", m.stat.rows}}});
  }
}

// The recommended candidate's replica count per seed, from its search's probes plus the few the
// per-seed bisection adds (at most every count in the range, each once).
ReplicaDistribution ReplicasBySeed(const PlanSpec& plan, const PlanResult& r, ProbeRunner& runner,
                                   PlanProgress& progress) {
  const Recommendation& rec = *r.recommendation;
  const SearchTarget target{&r.candidates.all[rec.candidate].scenario, PeakRate(r),
                            plan.candidates.replicas_min, plan.candidates.replicas_max,
                            plan.candidates.replicas_min};
  const int64_t counts = plan.candidates.replicas_max - plan.candidates.replicas_min + 1;
  progress.ExpectAtMost(counts * static_cast<int64_t>(r.settings.seeds.size()) *
                        r.settings.requests);
  return SeedReplicaDistribution(target, r.outcomes[rec.candidate].search, rec.replicas, runner);
}

}  // namespace

PlanResult RunPlan(const PlanSpec& plan, const Catalog& catalog, const Builtins& builtins,
                   const PlanOptions& options) {
  PlanResult r;
  Diagnostics diags;
  r.slo = ResolvePlanSlo(plan, diags);
  if (diags.empty()) r.traffic = ResolvePlanTraffic(plan, r.slo.targets, builtins, diags);
  diags.ThrowIfAny();
  r.candidates = BuildCandidates(plan, r.slo, r.traffic, catalog, builtins);
  // Read before any simulation, so a malformed file fails fast.
  const std::optional<ErrorBands> bands = ReadErrorBands(catalog.root);
  r.prices = Prices(plan, r.candidates, diags);
  diags.ThrowIfAny();
  r.settings = SettingsOf(plan, r.traffic, options);
  r.warnings = Warnings(plan);
  if (std::optional<PlanWarning> w = PriceTiersMixed(r.prices)) r.warnings.push_back(*w);
  PlanProgress progress(options.on_progress);
  std::unique_ptr<ProbeRunner> runner =
      MakeSimulatingProbeRunner(builtins, r.settings, progress.Callback());
  r.outcomes.resize(r.candidates.all.size());
  const int runnable = r.candidates.Feasible();
  progress.ExpectAtMost(IsolatedRequestsAtMost(runnable, r.settings) +
                        SearchRequestsAtMost(runnable, plan, r.settings) +
                        RobustnessRequestsAtMost(plan, r.settings));
  const std::vector<int> searched = IsolatedProbes(r, *runner, r.outcomes);
  progress.ExpectAtMost(SearchRequestsAtMost(static_cast<int>(searched.size()), plan, r.settings) +
                        (searched.empty() ? 0 : RobustnessRequestsAtMost(plan, r.settings)));
  SearchCandidates(plan, r, searched, *runner, r.outcomes);
  if (plan.constraints.max_monthly_cost) {
    RecommendWithCap(plan, r, *runner, progress);
  } else {
    r.recommendation = Recommend(r.candidates, r.outcomes, r.slo.targets.percentile);
  }
  r.pareto =
      CostLatencyPoints(plan.cost, r.candidates, r.outcomes, r.traffic.ServedOutputTokensPerS());
  if (r.recommendation) {
    progress.ExpectAtMost(RobustnessRequestsAtMost(plan, r.settings, r.recommendation->replicas));
    Robustness(plan, r, *runner, builtins);
    r.replicas_by_seed = ReplicasBySeed(plan, r, *runner, progress);
    ModelErrorOfRecommendation(bands, r);
  } else {
    if (r.no_recommendation.empty()) {
      r.no_recommendation = ExplainNoRecommendation(plan, r.candidates, r.outcomes);
    }
    r.day.skipped = "no recommended fleet";
  }
  progress.Finish();
  if (r.recommendation) r.deployment = CommandsFor(r);
  return r;
}

std::optional<Scenario> RecommendedScenario(const PlanResult& result) {
  if (!result.recommendation) return std::nullopt;
  const Recommendation& rec = *result.recommendation;
  const bool trace = result.traffic.mode == TrafficMode::kTrace;
  const ProbeSpec spec{
      &result.candidates.all[rec.candidate].scenario, rec.replicas,
      trace ? std::nullopt : std::optional<double>(result.traffic.peak_rate_per_s)};
  Scenario s = ProbeScenario(spec, result.settings);
  s.simulation.seed = result.settings.seeds.front();
  return s;
}

}  // namespace gpuplan
