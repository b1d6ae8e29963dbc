// Step 6 of a plan, one measurement: a probe simulates one candidate at one replica count and
// arrival rate with several independent seeds, and judges the SLO on the confidence interval of
// each metric's percentile: a metric passes when the upper bound of its interval (the
// pessimistic end) is within the threshold. A probe also fails when any request is dropped.
//
// An isolated probe ("batch 1") sends one request at a time (a closed loop with one client and no
// think time), so nothing queues or shares a batch: the best latency the candidate can give. A
// candidate whose isolated probe fails can not meet the SLO with any number of replicas.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/scenario.h"
#include "sim/core/slo.h"
#include "sim/plan/confidence.h"
#include "sim/runner/builtins.h"

namespace gpuplan {

struct ProbeSettings {
  std::vector<uint64_t> seeds;      // >= 2
  int64_t requests = 2000;          // arrivals per seed
  int64_t isolated_requests = 200;  // for an isolated probe
  double warmup_fraction = 0.1;     // of the arrival span (requests / rate)
  double confidence = 0.95;
  // >= 1: every SLO threshold is divided by it before a probe is judged (search.
  // latency_safety_factor), so the verdict leaves room for the latency model's own error.
  double latency_safety_factor = 1;
  int threads = 1;
  // A trace has no arrival process to slow down: its isolated probe sends requests of these
  // (prompt, output) token counts instead (the trace's means).
  std::pair<int32_t, int32_t> isolated_trace_lengths{1, 1};
};

// One SLO metric of one probe over the seeds.
struct MetricEstimate {
  SloMetric metric = SloMetric::kTtft;
  bool enabled = false;
  double threshold_ms = 0;  // what the probe is judged against: slo_ms / latency safety factor
  double slo_ms = 0;        // the SLO threshold as given
  std::vector<double> values_ms;  // the percentile, per seed (NaN: no request had the metric)
  ConfidenceInterval ci;          // over the finite values (n = 0 when fewer than 2)
  double margin = 0;              // SloMargin(threshold, ci): >= 0 passes
  bool passed = true;
};

// The percentiles every probe reports for each SLO metric, whatever the SLO's own percentile: the
// provisioning report's p50 / p90 / p95 / p99 at peak, each with its interval over the seeds.
inline constexpr std::array<double, 4> kSummaryPercentiles = {50, 90, 95, 99};
constexpr int kNumSummaryPercentiles = static_cast<int>(kSummaryPercentiles.size());
using SummaryQuantiles = PerSloMetric<std::array<ConfidenceInterval, kNumSummaryPercentiles>>;

struct ProbeResult {
  int replicas = 0;
  double rate_per_s = 0;  // 0 for an isolated or trace probe
  bool isolated = false;
  PerSloMetric<MetricEstimate> metrics;
  // [metric][kSummaryPercentiles index] over the seeds (n = 0 when fewer than 2 seeds had it):
  // of the requests completed after the warm-up, a statistic of the latencies only (the SLO
  // verdict above also counts drops and unfinished requests).
  SummaryQuantiles quantiles{};
  bool passed = false;
  std::string reason;  // why it failed: the first failing metric with numbers, or drops
  double margin = 0;   // smallest margin over the enabled metrics
  // Means over the seeds.
  double output_tokens_per_s = 0;
  double request_throughput = 0;
  double attainment = 0;  // fraction of arrived requests within every threshold
  double gpu_busy_fraction = 0;
  double kv_used_fraction = 0;
  double requests_per_replica = 0;  // mean running + waiting per replica (time series)
  uint64_t dropped = 0;             // summed over the seeds
  uint64_t unfinished = 0;
  // Seeds whose fleet fell behind its arrivals (RunResult::sustained): such a probe fails,
  // whatever its latencies, because a longer run's backlog would grow without bound.
  int overloaded_seeds = 0;
  double sustained_completion_rate_per_s = 0;  // mean over the overloaded seeds
  double sustained_arrival_rate_per_s = 0;
  // Per seed, in the settings' order: the probe's rule applied to that seed alone (its own
  // percentile within every enabled threshold, no drop or unfinished request, not overloaded).
  // The replica distribution over seeds (replica_distribution.h) is built from these.
  std::vector<bool> seed_passed;

  const MetricEstimate* Binding() const;  // the enabled metric with the smallest margin
  // Every metric has one value per seed.
  size_t seed_count() const { return metrics[SloMetric::kTtft].values_ms.size(); }
};

// What to simulate. `scenario` must outlive the run.
struct ProbeSpec {
  const Scenario* scenario = nullptr;
  int replicas = 1;
  std::optional<double> rate_per_s;  // nullopt: keep the scenario's arrivals (a trace)
  bool isolated = false;
  std::optional<int64_t> requests;  // nullopt: the settings' count
  std::optional<int> seeds;         // nullopt: every seed of the settings
};

// The scenario a probe simulates: `replicas`, the rate (the arrival keeps its kind when it has a
// rate_per_s option, else becomes poisson), the request count and a warm-up of
// warmup_fraction x requests / rate.
Scenario ProbeScenario(const ProbeSpec& spec, const ProbeSettings& settings);

// Runs probes; a batch runs all its (probe, seed) simulations in parallel. Implementations must
// be deterministic: the same specs give the same results whatever the thread count.
class ProbeRunner {
 public:
  virtual ~ProbeRunner() = default;
  virtual std::vector<ProbeResult> Run(const std::vector<ProbeSpec>& specs) = 0;
  virtual const ProbeSettings& settings() const = 0;
};

// Called (from worker threads, so it must be thread-safe) after each simulated seed of a probe,
// with the number of requests that simulation ran: how a long plan reports its progress.
using SimulatedRequestsCallback = std::function<void(int64_t requests)>;

// The real one: simulates with the runner. Remembers every result by (scenario, replicas, rate,
// isolated, requests, seeds), so a probe asked twice is simulated once.
std::unique_ptr<ProbeRunner> MakeSimulatingProbeRunner(
    const Builtins& builtins, ProbeSettings settings,
    SimulatedRequestsCallback on_simulated = nullptr);

// Judges per-seed SLO results (shared by every runner; exposed for tests).
struct SeedOutcome {
  PerSloMetric<double> percentile_ms;
  PerSloMetric<std::array<double, kNumSummaryPercentiles>> quantiles_ms;
  double output_tokens_per_s = 0;
  double request_throughput = 0;
  double attainment = 0;
  double gpu_busy_fraction = 0;
  double kv_used_fraction = 0;
  double requests_per_replica = 0;
  uint64_t dropped = 0;
  uint64_t unfinished = 0;
  // RunResult::sustained: the fleet fell behind its arrivals (judged runs only).
  bool overloaded = false;
  double sustained_arrival_rate_per_s = 0;
  double sustained_completion_rate_per_s = 0;
};
// Every threshold of `slo` is divided by `latency_safety_factor` (>= 1) before judging.
ProbeResult JudgeProbe(const ProbeSpec& spec, const SloSpec& slo,
                       const std::vector<SeedOutcome>& seeds, double confidence,
                       double latency_safety_factor = 1);

}  // namespace gpuplan
