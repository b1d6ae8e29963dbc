#include "sim/plan/cost_cap.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "sim/core/plural.h"

namespace gpuplan {
namespace {

std::string Ms(double v) { return FormatNumber(v, v < 100 ? 1 : 0); }
std::string Usd(double v) { return FormatNumber(v, 0); }

std::string FleetText(const CandidateSet& set, const CapFleet& f) {
  return fmt::format("{} x {} ({})", f.replicas, set.all[f.candidate].label,
                     Counted(f.cost.gpus, "GPU"));
}

// The largest replica count of `candidate` within [min, max] whose fleet costs at most `cap` a
// month; nullopt when not even `min` replicas do. Costs are linear in the count, so the division
// gives the answer, and the two loops only settle a floating-point edge.
std::optional<int> AffordableReplicas(const PlanSpec& plan, const Candidate& candidate, double cap,
                                      double served) {
  const int lo = plan.candidates.replicas_min;
  const int hi = plan.candidates.replicas_max;
  auto cost = [&](int n) {
    return CandidateFleetCost(plan.cost, candidate, n, served).usd_per_month;
  };
  const double per_replica = cost(1);
  int n = static_cast<int>(std::min<double>(hi, std::floor(cap / per_replica)));
  while (n < hi && FitsUnderCap(cost(n + 1), cap)) ++n;
  while (n >= lo && n >= 1 && !FitsUnderCap(cost(n), cap)) --n;
  if (n < lo || n < 1) return std::nullopt;
  return n;
}

bool Searched(const CandidateOutcome& o) {
  return o.status == CandidateStatus::kFeasible || o.status == CandidateStatus::kNotMet;
}

// The order of preference between fleets under the cap (cost_cap.h): best first.
bool Better(const CapFleet& a, const CapFleet& b) {
  if (a.KeepsUp() != b.KeepsUp()) return a.KeepsUp();
  if (a.probe.margin != b.probe.margin) return a.probe.margin > b.probe.margin;
  if (a.cost.usd_per_month != b.cost.usd_per_month) {
    return a.cost.usd_per_month < b.cost.usd_per_month;
  }
  if (a.cost.gpus != b.cost.gpus) return a.cost.gpus < b.cost.gpus;
  return a.candidate < b.candidate;
}

// Every searched candidate at the largest count the cap affords, with its probe: the search's
// own where it ran one at that count, else one more probe (all in one batch, in candidate order).
std::vector<CapFleet> AffordableFleets(const PlanSpec& plan, const CandidateSet& set,
                                       std::vector<CandidateOutcome>& outcomes,
                                       std::optional<double> rate, double served,
                                       ProbeRunner& runner, int& extra_probes) {
  const double cap = *plan.constraints.max_monthly_cost;
  std::vector<CapFleet> fleets;
  std::vector<ProbeSpec> missing;
  std::vector<size_t> missing_at;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (!Searched(outcomes[i])) continue;
    const Candidate& c = set.all[i];
    const std::optional<int> n = AffordableReplicas(plan, c, cap, served);
    if (!n) continue;
    CapFleet f;
    f.candidate = static_cast<int>(i);
    f.replicas = *n;
    f.cost = CandidateFleetCost(plan.cost, c, *n, served);
    if (const ProbeResult* p = outcomes[i].search.At(*n)) {
      f.probe = *p;
    } else {
      f.from_search = false;
      missing.push_back({&c.scenario, *n, rate});
      missing_at.push_back(fleets.size());
    }
    fleets.push_back(std::move(f));
  }
  extra_probes = static_cast<int>(missing.size());
  if (!missing.empty()) {
    const std::vector<ProbeResult> probed = runner.Run(missing);
    for (size_t k = 0; k < probed.size(); ++k) {
      CapFleet& f = fleets[missing_at[k]];
      f.probe = probed[k];
      outcomes[f.candidate].search.probes.push_back(probed[k]);
    }
  }
  std::stable_sort(fleets.begin(), fleets.end(), Better);
  return fleets;
}

std::string MetricGivenUp(const MetricEstimate& e, double percentile) {
  std::string against = fmt::format("{} ms", Ms(e.threshold_ms));
  if (e.threshold_ms != e.slo_ms) {
    against += fmt::format(" ({} ms SLO / latency safety factor {})", Ms(e.slo_ms),
                           FormatNumber(e.slo_ms / e.threshold_ms));
  }
  return fmt::format(
      "p{} {} {} ms at the upper end of its {}% CI [{}-{}] (mean {} ms) against {}: over by {} ms "
      "({}%)",
      FormatNumber(percentile), SloMetricLabel(e.metric), Ms(e.ci.upper),
      FormatNumber(e.ci.confidence * 100), Ms(e.ci.lower), Ms(e.ci.upper), Ms(e.ci.mean), against,
      Ms(e.ci.upper - e.threshold_ms), FormatNumber(-e.margin * 100, 1));
}

std::vector<GivenUp> GivenUpBy(const ProbeResult& p, double percentile) {
  std::vector<GivenUp> out;
  for (const MetricEstimate& e : p.metrics) {
    if (!e.enabled || e.passed || e.ci.n == 0) continue;
    GivenUp g;
    g.metric = std::string(SloMetricName(e.metric));
    g.slo_ms = e.slo_ms;
    g.threshold_ms = e.threshold_ms;
    g.ci = e.ci;
    g.over_by_ms = e.ci.upper - e.threshold_ms;
    g.over_by_fraction = -e.margin;
    g.text = MetricGivenUp(e, percentile);
    out.push_back(std::move(g));
  }
  const size_t seeds = p.seed_count();
  if (p.overloaded_seeds > 0) {
    GivenUp g;
    g.metric = "sustained";
    g.arrival_rate_per_s = p.sustained_arrival_rate_per_s;
    g.completion_rate_per_s = p.sustained_completion_rate_per_s;
    g.overloaded_seeds = p.overloaded_seeds;
    g.text = fmt::format(
        "it falls behind its arrivals: completes {:.2f} of the {:.2f} req/s arriving ({} of {} "
        "seeds), so its queue grows without bound over a longer peak",
        g.completion_rate_per_s, g.arrival_rate_per_s, g.overloaded_seeds, seeds);
    out.push_back(std::move(g));
  }
  if (p.dropped > 0 || p.unfinished > 0) {
    GivenUp g;
    g.metric = "dropped";
    g.dropped = p.dropped;
    g.unfinished = p.unfinished;
    g.text = fmt::format("{} dropped and {} unfinished over {}",
                         Counted(static_cast<int64_t>(p.dropped), "request"), p.unfinished,
                         Counted(static_cast<int64_t>(seeds), "seed"));
    out.push_back(std::move(g));
  }
  return out;
}

std::string LatencyText(const ProbeResult& p, double percentile) {
  std::vector<std::string> parts;
  for (const MetricEstimate& e : p.metrics) {
    if (!e.enabled || e.ci.n == 0) continue;
    parts.push_back(MetricVerdictText(e));
  }
  const std::string load = p.rate_per_s > 0 ? fmt::format("At {} req/s", FormatNumber(p.rate_per_s))
                                            : "On the base scenario's trace";
  return fmt::format("{}, p{} {}", load, FormatNumber(percentile), JoinNames(parts));
}

std::string BindingStatement(const CandidateSet& set, const CostCapOutcome& cap,
                             const CapFleet& best, double percentile) {
  const CapFleet& meeting = *cap.cheapest_meeting_slo;
  std::string text = fmt::format(
      "No fleet that meets every SLO fits under the ${}/month cost cap: the cheapest, {}, costs "
      "${}/month, ${}/month over it. Best under the cap: {} at ${}/month (${}/month under the "
      "cap), "
      "the affordable fleet closest to the SLO (of the largest fleet the cap buys of each "
      "candidate, one that keeps up with its arrivals first, then the largest binding margin). "
      "{}.",
      Usd(cap.max_monthly_cost), FleetText(set, meeting), Usd(meeting.cost.usd_per_month),
      Usd(meeting.cost.usd_per_month - cap.max_monthly_cost), FleetText(set, best),
      Usd(best.cost.usd_per_month), Usd(cap.max_monthly_cost - best.cost.usd_per_month),
      LatencyText(best.probe, percentile));
  if (cap.given_up.empty()) return text + " Its own probe meets every SLO.";
  std::vector<std::string> lost;
  for (const GivenUp& g : cap.given_up) {
    if (g.metric == "sustained") {
      lost.push_back(fmt::format("keeping up with its arrivals (completes {:.2f} of {:.2f} req/s)",
                                 g.completion_rate_per_s, g.arrival_rate_per_s));
    } else if (g.metric == "dropped") {
      lost.push_back(
          fmt::format("every request ({} dropped, {} unfinished)", g.dropped, g.unfinished));
    } else {
      const SloMetric m = SloMetricFromName(g.metric).value_or(SloMetric::kE2e);
      lost.push_back(fmt::format("p{} {} ({} ms at the upper end of its CI vs {} ms, {}% over)",
                                 FormatNumber(percentile), SloMetricLabel(m), Ms(g.ci.upper),
                                 Ms(g.threshold_ms), FormatNumber(g.over_by_fraction * 100, 1)));
    }
  }
  return text + fmt::format(" It gives up {}.", JoinNames(lost));
}

// The smallest fleet of any searched candidate: what the cap would have to allow at least.
std::optional<CapFleet> CheapestFleet(const PlanSpec& plan, const CandidateSet& set,
                                      const std::vector<CandidateOutcome>& outcomes,
                                      double served) {
  std::optional<CapFleet> best;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (!Searched(outcomes[i])) continue;
    CapFleet f;
    f.candidate = static_cast<int>(i);
    f.replicas = plan.candidates.replicas_min;
    f.cost = CandidateFleetCost(plan.cost, set.all[i], f.replicas, served);
    if (!best || f.cost.usd_per_month < best->cost.usd_per_month) best = std::move(f);
  }
  return best;
}

CapFleet FleetOf(const Recommendation& r) {
  CapFleet f;
  f.candidate = r.candidate;
  f.replicas = r.replicas;
  f.cost = r.cost;
  return f;
}

}  // namespace

bool CapFleet::KeepsUp() const {
  return probe.dropped == 0 && probe.unfinished == 0 && probe.overloaded_seeds == 0;
}

bool FitsUnderCap(double usd_per_month, double max_monthly_cost) {
  return usd_per_month <= max_monthly_cost;
}

std::string_view CapStatusName(CapStatus status) {
  switch (status) {
    case CapStatus::kWithinCap:
      return "within_cap";
    case CapStatus::kBinds:
      return "binds";
    case CapStatus::kNothingAffordable:
      return "nothing_affordable";
    case CapStatus::kNoFleetMeetsSlo:
      return "no_fleet_meets_slo";
  }
  return "?";
}

CostCapDecision RecommendUnderCap(const PlanSpec& plan, const CandidateSet& set,
                                  std::vector<CandidateOutcome>& outcomes,
                                  std::optional<double> rate_per_s,
                                  double served_output_tokens_per_s, double percentile,
                                  ProbeRunner& runner) {
  const double cap = *plan.constraints.max_monthly_cost;
  CostCapDecision d;
  d.cap.max_monthly_cost = cap;
  const std::optional<Recommendation> cheapest = Recommend(set, outcomes, percentile);
  if (!cheapest) {
    d.cap.status = CapStatus::kNoFleetMeetsSlo;
    d.cap.statement = fmt::format(
        "No fleet meets every SLO at any replica count searched, so the ${}/month cost cap "
        "decided nothing.",
        Usd(cap));
    return d;
  }
  d.cap.cheapest_meeting_slo = FleetOf(*cheapest);
  if (FitsUnderCap(cheapest->cost.usd_per_month, cap)) {
    d.recommendation = Recommend(set, outcomes, percentile, cap);
    Recommendation& rec = *d.recommendation;
    d.cap.status = CapStatus::kWithinCap;
    d.cap.meets_slo = true;
    d.cap.statement = fmt::format("It respects the ${}/month cost cap with ${}/month to spare.",
                                  Usd(cap), Usd(cap - rec.cost.usd_per_month));
    rec.statement += " " + d.cap.statement;
    return d;
  }
  std::vector<CapFleet> fleets = AffordableFleets(
      plan, set, outcomes, rate_per_s, served_output_tokens_per_s, runner, d.cap.extra_probes);
  if (fleets.empty()) {
    d.cap.status = CapStatus::kNothingAffordable;
    d.cap.cheapest_fleet = CheapestFleet(plan, set, outcomes, served_output_tokens_per_s);
    const CapFleet& meeting = *d.cap.cheapest_meeting_slo;
    d.cap.statement = fmt::format(
        "nothing fits under the ${}/month cost cap: the smallest fleet the plan searched, {}, "
        "costs ${}/month, and the cheapest fleet that meets every SLO, {}, costs ${}/month",
        Usd(cap), FleetText(set, *d.cap.cheapest_fleet),
        Usd(d.cap.cheapest_fleet->cost.usd_per_month), FleetText(set, meeting),
        Usd(meeting.cost.usd_per_month));
    d.no_recommendation = d.cap.statement;
    return d;
  }
  const CapFleet& best = fleets.front();
  d.cap.status = CapStatus::kBinds;
  d.cap.meets_slo = best.probe.passed;
  d.cap.given_up = GivenUpBy(best.probe, percentile);
  d.cap.statement = BindingStatement(set, d.cap, best, percentile);
  Recommendation rec;
  rec.candidate = best.candidate;
  rec.replicas = best.replicas;
  rec.cost = best.cost;
  rec.probe = best.probe;
  rec.statement = d.cap.statement;
  d.recommendation = std::move(rec);
  d.cap.considered = std::move(fleets);
  return d;
}

}  // namespace gpuplan
