#include "sim/plan/probe.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "sim/core/parallel.h"
#include "sim/plan/derivation.h"
#include "sim/runner/scenario_run.h"

namespace gpuplan {
namespace {

constexpr double kTimeseriesPoints = 200;  // rows per probe: enough for a mean queue length

PolicyChoice Policy(std::string kind,
                    const std::vector<std::pair<std::string, std::string>>& options) {
  PolicyChoice p;
  p.kind = std::move(kind);
  p.path = "workload.arrival";
  p.options.path = p.path;
  for (auto& [name, value] : options) p.options.values[name].text = value;
  return p;
}

// The latency at `percentile` when the run's stats have it; NaN otherwise.
double StatAt(const LatencyStats& s, double percentile) {
  if (percentile == 50) return s.p50;
  if (percentile == 90) return s.p90;
  if (percentile == 95) return s.p95;
  if (percentile == 99) return s.p99;
  return percentile == 99.9 ? s.p999 : kNoValue;
}

double MetricValue(const RunResult& r, SloMetric metric, double percentile) {
  const SloMetricResult& slo = r.slo.metrics[metric];
  if (slo.enabled) return slo.value_ms;
  return StatAt(LatencyOf(r, metric), percentile);
}

double MeanRequestsPerReplica(const ScenarioRun& run, double warmup_s, int replicas) {
  double sum = 0;
  int rows = 0;
  for (const TimeseriesRow& row : run.timeseries) {
    if (row.t_start_s < warmup_s) continue;
    sum += static_cast<double>(row.running + row.waiting);
    ++rows;
  }
  return rows == 0 ? 0 : sum / rows / replicas;
}

SeedOutcome Outcome(const ScenarioRun& run, const Scenario& s) {
  const RunResult& r = run.result;
  SeedOutcome o;
  const double percentile = s.slo ? s.slo->percentile : 95;
  for (SloMetric m : kSloMetrics) {
    o.percentile_ms[m] = MetricValue(r, m, percentile);
    const LatencyStats& stats = LatencyOf(r, m);
    for (int q = 0; q < kNumSummaryPercentiles; ++q) {
      o.quantiles_ms[m][q] = StatAt(stats, kSummaryPercentiles[q]);
    }
  }
  o.output_tokens_per_s = r.output_throughput;
  o.request_throughput = r.request_throughput;
  o.attainment = r.slo.attainment_of_arrived;
  o.gpu_busy_fraction = r.utilization.gpu_busy_fraction;
  o.kv_used_fraction = r.utilization.kv_used_fraction_mean;
  o.requests_per_replica =
      MeanRequestsPerReplica(run, s.simulation.warmup_s, s.deployment.replicas);
  o.dropped = r.counts.dropped;
  o.unfinished = r.counts.unfinished;
  o.overloaded = r.sustained.judged && r.sustained.overloaded;
  if (o.overloaded) {
    o.sustained_arrival_rate_per_s = r.sustained.arrival_rate_per_s;
    o.sustained_completion_rate_per_s = r.sustained.completion_rate_per_s;
  }
  return o;
}

MetricEstimate Estimate(SloMetric m, std::optional<double> threshold, std::vector<double> values,
                        double confidence, double safety_factor) {
  MetricEstimate e;
  e.metric = m;
  e.enabled = threshold.has_value();
  e.slo_ms = threshold.value_or(0);
  e.threshold_ms = e.slo_ms / safety_factor;
  std::vector<double> finite;
  for (double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  e.values_ms = std::move(values);
  if (finite.size() >= 2) {
    e.ci = MeanConfidenceInterval(finite, confidence);
  } else if (finite.size() == 1) {
    e.ci.n = 1;
    e.ci.mean = e.ci.lower = e.ci.upper = finite[0];
    e.ci.confidence = confidence;
  }
  // No finite value: no request had this metric (one-token outputs have no TPOT), so nothing
  // violated it.
  if (e.enabled && e.ci.n > 0) {
    e.margin = SloMargin(e.threshold_ms, e.ci);
    e.passed = e.margin >= 0;
  } else {
    e.margin = e.enabled ? 1 : 0;
  }
  return e;
}

template <class F>
double MeanOf(const std::vector<SeedOutcome>& seeds, F&& field) {
  double sum = 0;
  for (const SeedOutcome& s : seeds) sum += field(s);
  return seeds.empty() ? 0 : sum / static_cast<double>(seeds.size());
}

void FillMeans(const std::vector<SeedOutcome>& seeds, ProbeResult& p) {
  p.output_tokens_per_s = MeanOf(seeds, [](const SeedOutcome& s) { return s.output_tokens_per_s; });
  p.request_throughput = MeanOf(seeds, [](const SeedOutcome& s) { return s.request_throughput; });
  p.attainment = MeanOf(seeds, [](const SeedOutcome& s) { return s.attainment; });
  p.gpu_busy_fraction = MeanOf(seeds, [](const SeedOutcome& s) { return s.gpu_busy_fraction; });
  p.kv_used_fraction = MeanOf(seeds, [](const SeedOutcome& s) { return s.kv_used_fraction; });
  p.requests_per_replica =
      MeanOf(seeds, [](const SeedOutcome& s) { return s.requests_per_replica; });
  for (const SeedOutcome& s : seeds) {
    p.dropped += s.dropped;
    p.unfinished += s.unfinished;
    if (!s.overloaded) continue;
    ++p.overloaded_seeds;
    p.sustained_arrival_rate_per_s += s.sustained_arrival_rate_per_s;
    p.sustained_completion_rate_per_s += s.sustained_completion_rate_per_s;
  }
  if (p.overloaded_seeds > 0) {
    p.sustained_arrival_rate_per_s /= p.overloaded_seeds;
    p.sustained_completion_rate_per_s /= p.overloaded_seeds;
  }
}

std::string FailureReason(const ProbeResult& p, double percentile) {
  if (p.dropped > 0 || p.unfinished > 0) {
    return fmt::format("{} requests dropped and {} unfinished over {} seeds", p.dropped,
                       p.unfinished, p.seed_count());
  }
  if (p.overloaded_seeds > 0) {
    return fmt::format(
        "overloaded: completes {:.2f} of the {:.2f} req/s arriving ({} of {} seeds); the backlog "
        "grows without bound, whatever this run's latencies",
        p.sustained_completion_rate_per_s, p.sustained_arrival_rate_per_s, p.overloaded_seeds,
        p.seed_count());
  }
  for (const MetricEstimate& e : p.metrics) {
    if (!e.enabled || e.passed) continue;
    const std::string limit =
        e.threshold_ms == e.slo_ms
            ? fmt::format("{} ms SLO", FormatNumber(e.threshold_ms))
            : fmt::format("{} ms ({} ms SLO / latency safety factor {})",
                          FormatNumber(e.threshold_ms), FormatNumber(e.slo_ms),
                          FormatNumber(e.slo_ms / e.threshold_ms));
    return fmt::format(
        "p{} {} {:.1f} ms (upper bound of the {}% CI; mean {:.1f} ms over {} seeds) > {}",
        FormatNumber(percentile), SloMetricLabel(e.metric), e.ci.upper,
        FormatNumber(e.ci.confidence * 100), e.ci.mean, e.ci.n, limit);
  }
  return "";
}

// The probe's rule on one seed's own numbers: with one value the interval is that value, so a
// metric passes when it is within the threshold (a NaN: no request had the metric, nothing
// violated it).
std::vector<bool> SeedVerdicts(const ProbeResult& p, const std::vector<SeedOutcome>& seeds) {
  std::vector<bool> passed;
  passed.reserve(seeds.size());
  for (const SeedOutcome& s : seeds) {
    bool ok = s.dropped == 0 && s.unfinished == 0 && !s.overloaded;
    for (const MetricEstimate& e : p.metrics) {
      const double value_ms = s.percentile_ms[e.metric];
      if (e.enabled && std::isfinite(value_ms) && value_ms > e.threshold_ms) {
        ok = false;
      }
    }
    passed.push_back(ok);
  }
  return passed;
}

using ProbeKey = std::tuple<const Scenario*, int, double, bool, int64_t, int>;

class SimulatingProbeRunner final : public ProbeRunner {
 public:
  SimulatingProbeRunner(const Builtins& builtins, ProbeSettings settings,
                        SimulatedRequestsCallback on_simulated)
      : builtins_(builtins),
        settings_(std::move(settings)),
        on_simulated_(std::move(on_simulated)) {}

  const ProbeSettings& settings() const override { return settings_; }

  std::vector<ProbeResult> Run(const std::vector<ProbeSpec>& specs) override {
    std::vector<size_t> misses;
    std::map<ProbeKey, size_t> batch;
    for (size_t i = 0; i < specs.size(); ++i) {
      const ProbeKey key = KeyOf(specs[i]);
      if (cache_.count(key) == 0 && batch.emplace(key, i).second) misses.push_back(i);
    }
    Simulate(specs, misses);
    std::vector<ProbeResult> results;
    results.reserve(specs.size());
    for (const ProbeSpec& spec : specs) results.push_back(cache_.at(KeyOf(spec)));
    return results;
  }

 private:
  ProbeKey KeyOf(const ProbeSpec& s) const {
    return {s.scenario, s.replicas,    s.rate_per_s.value_or(-1),
            s.isolated, RequestsOf(s), SeedsOf(s)};
  }
  int64_t RequestsOf(const ProbeSpec& s) const {
    return s.requests.value_or(s.isolated ? settings_.isolated_requests : settings_.requests);
  }
  int SeedsOf(const ProbeSpec& s) const {
    return s.seeds.value_or(static_cast<int>(settings_.seeds.size()));
  }

  // Builds each missing probe's scenario once, then runs every (probe, seed) pair in parallel.
  void Simulate(const std::vector<ProbeSpec>& specs, const std::vector<size_t>& misses) {
    std::vector<Scenario> scenarios;
    scenarios.reserve(misses.size());
    for (size_t i : misses) scenarios.push_back(ProbeScenario(Resolved(specs[i]), settings_));
    std::vector<std::unique_ptr<PreparedScenario>> prepared(misses.size());
    ParallelFor(misses.size(), settings_.threads, [&](size_t j) {
      prepared[j] = std::make_unique<PreparedScenario>(scenarios[j], builtins_);
    });
    std::vector<std::pair<size_t, int>> jobs;
    for (size_t j = 0; j < misses.size(); ++j) {
      for (int k = 0; k < SeedsOf(specs[misses[j]]); ++k) jobs.emplace_back(j, k);
    }
    std::vector<SeedOutcome> outcomes(jobs.size());
    ParallelFor(jobs.size(), settings_.threads, [&](size_t n) {
      const auto [j, k] = jobs[n];
      RunOptions options;
      options.seed = settings_.seeds[k];
      outcomes[n] = Outcome(prepared[j]->Run(options), scenarios[j]);
      if (on_simulated_) on_simulated_(scenarios[j].simulation.num_requests.value_or(0));
    });
    for (size_t j = 0, n = 0; j < misses.size(); ++j) {
      const int seeds = SeedsOf(specs[misses[j]]);
      std::vector<SeedOutcome> mine(outcomes.begin() + n, outcomes.begin() + n + seeds);
      n += seeds;
      const ProbeSpec& spec = specs[misses[j]];
      cache_[KeyOf(spec)] = JudgeProbe(spec, *scenarios[j].slo, mine, settings_.confidence,
                                       settings_.latency_safety_factor);
    }
  }

  ProbeSpec Resolved(const ProbeSpec& s) const {
    ProbeSpec r = s;
    r.requests = RequestsOf(s);
    return r;
  }

  const Builtins& builtins_;
  ProbeSettings settings_;
  SimulatedRequestsCallback on_simulated_;
  std::map<ProbeKey, ProbeResult> cache_;
};

}  // namespace

const MetricEstimate* ProbeResult::Binding() const {
  const MetricEstimate* binding = nullptr;
  for (const MetricEstimate& e : metrics) {
    if (e.enabled && e.ci.n > 0 && (binding == nullptr || e.margin < binding->margin)) {
      binding = &e;
    }
  }
  return binding;
}

Scenario ProbeScenario(const ProbeSpec& spec, const ProbeSettings& settings) {
  Scenario s = *spec.scenario;
  s.deployment.replicas = spec.replicas;
  const int64_t requests =
      spec.requests.value_or(spec.isolated ? settings.isolated_requests : settings.requests);
  s.simulation.num_requests = requests;
  s.simulation.duration_s.reset();
  if (spec.isolated) {
    s.workload.arrival = Policy("closed_loop", {{"concurrency", "1"}, {"think_time_s", "0"}});
    s.simulation.warmup_s = 0;
    if (s.workload.IsTrace()) {
      s.workload.trace.reset();
      const auto [prompt, output] = settings.isolated_trace_lengths;
      s.workload.prompt_tokens = Policy("fixed", {{"tokens", std::to_string(prompt)}});
      s.workload.output_tokens = Policy("fixed", {{"tokens", std::to_string(output)}});
      s.workload.prompt_tokens->path = s.workload.prompt_tokens->options.path =
          "workload.prompt_tokens";
      s.workload.output_tokens->path = s.workload.output_tokens->options.path =
          "workload.output_tokens";
    }
  } else if (spec.rate_per_s) {
    const std::string rate = fmt::format("{}", *spec.rate_per_s);
    const bool has_rate =
        s.workload.arrival && s.workload.arrival->options.values.count("rate_per_s");
    if (has_rate) {
      s.workload.arrival->options.values["rate_per_s"].text = rate;
    } else {
      s.workload.arrival = Policy("poisson", {{"rate_per_s", rate}});
    }
    const double span_s = static_cast<double>(requests) / *spec.rate_per_s;
    s.simulation.warmup_s = settings.warmup_fraction * span_s;
    s.simulation.timeseries_interval_s = std::max(0.1, span_s / kTimeseriesPoints);
  }
  return s;
}

ProbeResult JudgeProbe(const ProbeSpec& spec, const SloSpec& slo,
                       const std::vector<SeedOutcome>& seeds, double confidence,
                       double latency_safety_factor) {
  ProbeResult p;
  p.replicas = spec.replicas;
  p.rate_per_s = spec.isolated ? 0 : spec.rate_per_s.value_or(0);
  p.isolated = spec.isolated;
  for (SloMetric m : kSloMetrics) {
    std::vector<double> values;
    values.reserve(seeds.size());
    for (const SeedOutcome& s : seeds) values.push_back(s.percentile_ms[m]);
    p.metrics[m] =
        Estimate(m, slo.thresholds[m], std::move(values), confidence, latency_safety_factor);
  }
  for (SloMetric m : kSloMetrics) {
    for (int q = 0; q < kNumSummaryPercentiles; ++q) {
      std::vector<double> finite;
      for (const SeedOutcome& s : seeds) {
        if (std::isfinite(s.quantiles_ms[m][q])) finite.push_back(s.quantiles_ms[m][q]);
      }
      if (finite.size() >= 2) p.quantiles[m][q] = MeanConfidenceInterval(finite, confidence);
    }
  }
  FillMeans(seeds, p);
  p.reason = FailureReason(p, slo.percentile);
  p.passed = p.reason.empty();
  p.seed_passed = SeedVerdicts(p, seeds);
  const MetricEstimate* binding = p.Binding();
  p.margin = binding != nullptr ? binding->margin : 0;
  return p;
}

std::unique_ptr<ProbeRunner> MakeSimulatingProbeRunner(const Builtins& builtins,
                                                       ProbeSettings settings,
                                                       SimulatedRequestsCallback on_simulated) {
  return std::make_unique<SimulatingProbeRunner>(builtins, std::move(settings),
                                                 std::move(on_simulated));
}

}  // namespace gpuplan
