#include "sim/plan/tradeoff.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/core/plural.h"

namespace gpuplan {
namespace {

constexpr size_t kRunnerUps = 3;
std::string Ms(double v) { return FormatNumber(v, v < 100 ? 1 : 0); }

}  // namespace

std::string MetricVerdictText(const MetricEstimate& e) {
  std::string text = fmt::format("{} {} ms [{}% CI {}-{}] vs {} ms", SloMetricLabel(e.metric),
                                 Ms(e.ci.mean), FormatNumber(e.ci.confidence * 100), Ms(e.ci.lower),
                                 Ms(e.ci.upper), FormatNumber(e.threshold_ms));
  if (e.threshold_ms != e.slo_ms) {
    text += fmt::format(" ({} ms SLO / {})", FormatNumber(e.slo_ms),
                        FormatNumber(e.slo_ms / e.threshold_ms));
  }
  return text;
}

namespace {

std::string Statement(const Candidate& c, const Recommendation& r, double percentile) {
  const FleetCost& f = r.cost;
  const std::string load = r.probe.rate_per_s > 0
                               ? fmt::format("At {} req/s", FormatNumber(r.probe.rate_per_s))
                               : "On the base scenario's trace";
  std::string text = fmt::format("{} x {} ({}): ${}/month (${}/h). {}, p{} ", r.replicas, c.label,
                                 Counted(f.gpus, "GPU"), FormatNumber(f.usd_per_month, 0),
                                 FormatNumber(f.usd_per_hour, 2), load, FormatNumber(percentile));
  std::vector<std::string> parts;
  for (const MetricEstimate& e : r.probe.metrics) {
    if (e.enabled && e.ci.n > 0) parts.push_back(MetricVerdictText(e));
  }
  text += JoinNames(parts);
  if (const MetricEstimate* b = r.probe.Binding()) {
    text += fmt::format(
        ". {} binds: the upper end of its confidence interval is {}% under the {} (margin).",
        SloMetricLabel(b->metric), FormatNumber(b->margin * 100, 1),
        b->threshold_ms == b->slo_ms ? "SLO" : "judged threshold");
  }
  return text;
}

// The order of preference between feasible candidates: the cheaper fleet; at equal cost the
// larger margin (the upper end of the binding metric's interval furthest under its SLO), then
// fewer GPUs, then the candidate listed first.
bool Preferred(const CandidateOutcome& a, int ida, const CandidateOutcome& b, int idb) {
  if (a.cost->usd_per_month != b.cost->usd_per_month) {
    return a.cost->usd_per_month < b.cost->usd_per_month;
  }
  if (a.AtMin()->margin != b.AtMin()->margin) return a.AtMin()->margin > b.AtMin()->margin;
  if (a.cost->gpus != b.cost->gpus) return a.cost->gpus < b.cost->gpus;
  return ida < idb;
}

// Why the winner comes before the first runner-up, in the order Preferred() decides.
std::string WhyChosen(const CandidateOutcome& w, const Candidate& runner_c,
                      const CandidateOutcome& r) {
  const std::string runner = fmt::format("{} x {}", *r.replicas, runner_c.label);
  if (w.cost->usd_per_month != r.cost->usd_per_month) {
    return fmt::format(" It is ${}/month cheaper than the runner-up, {}.",
                       FormatNumber(r.cost->usd_per_month - w.cost->usd_per_month, 0), runner);
  }
  if (w.AtMin()->margin != r.AtMin()->margin) {
    return fmt::format(
        " It costs the same as the runner-up, {}, with the larger margin ({}% against {}%).",
        runner, FormatNumber(w.AtMin()->margin * 100, 1), FormatNumber(r.AtMin()->margin * 100, 1));
  }
  if (w.cost->gpus != r.cost->gpus) {
    return fmt::format(
        " It costs the same as the runner-up, {}, with the same margin and fewer GPUs ({} against "
        "{}).",
        runner, w.cost->gpus, r.cost->gpus);
  }
  return fmt::format(
      " It ties with the runner-up, {}, on cost, margin and GPUs; the candidate "
      "listed first is recommended.",
      runner);
}

void MarkFrontier(std::vector<ParetoPoint>& points) {
  for (ParetoPoint& p : points) {
    const double e2e = p.latency_ms[SloMetric::kE2e];
    p.frontier = std::isfinite(e2e);
    for (const ParetoPoint& q : points) {
      const double qe = q.latency_ms[SloMetric::kE2e];
      if (&p == &q || !std::isfinite(qe) || !p.frontier) continue;
      const bool as_good = q.usd_per_month <= p.usd_per_month && qe <= e2e;
      const bool better = q.usd_per_month < p.usd_per_month || qe < e2e;
      if (as_good && better) p.frontier = false;
    }
  }
}

}  // namespace

std::string_view CandidateStatusName(CandidateStatus status) {
  switch (status) {
    case CandidateStatus::kPruned:
      return "pruned";
    case CandidateStatus::kSloImpossible:
      return "slo_impossible";
    case CandidateStatus::kNotMet:
      return "not_met";
    case CandidateStatus::kFeasible:
      return "feasible";
  }
  return "?";
}

const ProbeResult* CandidateOutcome::AtMin() const {
  return replicas ? search.At(*replicas) : nullptr;
}

CostModel CostModelFor(const PlanCostSpec& cost, const GpuSpec& gpu) {
  if (!cost.on_prem) {
    auto it = cost.usd_per_gpu_hour.find(gpu.name);
    const bool own = it != cost.usd_per_gpu_hour.end();
    // The plan's own prices are taken to be of the tier it compares or normalises to.
    const std::string& plan_tier = cost.normalise ? cost.normalise->to : cost.tier;
    CloudPricing p =
        CloudPricingFor(gpu, own ? std::optional<double>(it->second) : std::nullopt, plan_tier);
    if (own || !cost.normalise) return p;
    return NormalisedTo(p, cost.normalise->to, cost.normalise->factors, cost.normalise->source);
  }
  auto price = cost.purchase_usd_per_gpu.find(gpu.name);
  if (price == cost.purchase_usd_per_gpu.end()) {
    throw ConfigError(
        fmt::format("no purchase price for gpu '{}'; expected cost.on_prem.purchase_usd_per_gpu.{}",
                    gpu.name, gpu.name));
  }
  OnPremPricing p = OnPremPricingFor(gpu);
  p.purchase_usd_per_gpu = price->second;
  p.amortisation_years = cost.amortisation_years;
  p.utilisation = cost.utilisation;
  p.usd_per_kwh = cost.usd_per_kwh;
  p.pue = cost.pue;
  p.hosting_usd_per_gpu_month = cost.hosting_usd_per_gpu_month;
  return p;
}

FleetCost CandidateFleetCost(const PlanCostSpec& cost, const Candidate& candidate, int replicas,
                             double output_tokens_per_s) {
  const int gpus = replicas * candidate.scenario.deployment.GpusPerReplica();
  return CostOfFleet(CostModelFor(cost, candidate.scenario.gpu), gpus, output_tokens_per_s);
}

std::vector<ParetoPoint> CostLatencyPoints(const PlanCostSpec& cost, const CandidateSet& set,
                                           const std::vector<CandidateOutcome>& outcomes,
                                           double output_tokens_per_s) {
  std::vector<ParetoPoint> points;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].status != CandidateStatus::kFeasible) continue;
    for (const ProbeResult& p : outcomes[i].search.probes) {
      if (!p.passed) continue;
      const FleetCost f = CandidateFleetCost(cost, set.all[i], p.replicas, output_tokens_per_s);
      ParetoPoint point{static_cast<int>(i), p.replicas, f.gpus, f.usd_per_month, {}, false};
      for (SloMetric m : kSloMetrics) {
        point.latency_ms[m] = p.metrics[m].ci.n > 0 ? p.metrics[m].ci.mean : NAN;
      }
      points.push_back(point);
    }
  }
  std::sort(points.begin(), points.end(), [](const ParetoPoint& a, const ParetoPoint& b) {
    return std::tie(a.usd_per_month, a.candidate, a.replicas) <
           std::tie(b.usd_per_month, b.candidate, b.replicas);
  });
  MarkFrontier(points);
  return points;
}

std::optional<Recommendation> Recommend(const CandidateSet& set,
                                        const std::vector<CandidateOutcome>& outcomes,
                                        double percentile, std::optional<double> max_monthly_cost) {
  std::vector<int> feasible;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].status != CandidateStatus::kFeasible) continue;
    if (max_monthly_cost && outcomes[i].cost->usd_per_month > *max_monthly_cost) continue;
    feasible.push_back(static_cast<int>(i));
  }
  if (feasible.empty()) return std::nullopt;
  std::sort(feasible.begin(), feasible.end(),
            [&](int a, int b) { return Preferred(outcomes[a], a, outcomes[b], b); });
  const CandidateOutcome& best = outcomes[feasible[0]];
  Recommendation r;
  r.candidate = feasible[0];
  r.replicas = *best.replicas;
  r.cost = *best.cost;
  r.probe = *best.AtMin();
  for (size_t k = 1; k < feasible.size() && r.runner_ups.size() < kRunnerUps; ++k) {
    r.runner_ups.push_back(feasible[k]);
  }
  r.statement = Statement(set.all[r.candidate], r, percentile);
  if (!r.runner_ups.empty()) {
    const int next = r.runner_ups.front();
    r.statement += WhyChosen(best, set.all[next], outcomes[next]);
  }
  return r;
}

std::string ExplainNoRecommendation(const PlanSpec& plan, const CandidateSet& set,
                                    const std::vector<CandidateOutcome>& outcomes) {
  if (set.Feasible() == 0) return ExplainNoFeasibleCandidate(plan, set);
  std::map<CandidateStatus, int> counts;
  for (const CandidateOutcome& o : outcomes) ++counts[o.status];
  std::string text = fmt::format(
      "no candidate meets the SLO at peak ({} pruned, {} miss it even one request at a time, "
      "{} miss it at {})",
      counts[CandidateStatus::kPruned], counts[CandidateStatus::kSloImpossible],
      counts[CandidateStatus::kNotMet], Counted(plan.candidates.replicas_max, "replica"));
  if (counts[CandidateStatus::kSloImpossible] > 0) {
    text +=
        "; a candidate that misses even one request at a time needs a faster GPU, more tensor "
        "parallelism or a looser SLO, not more replicas";
  }
  for (size_t i = 0; i < outcomes.size(); ++i) {
    text += fmt::format("\n  {}: {}", set.all[i].label,
                        outcomes[i].reason.empty() ? set.all[i].prune_reason : outcomes[i].reason);
  }
  return text;
}

}  // namespace gpuplan
