#include "sim/loadtest/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/loadtest/bench_stats.h"
#include "sim/loadtest/measured_workload.h"
#include "sim/loadtest/request_collector.h"
#include "sim/metrics/sink.h"
#include "sim/runner/scenario_run.h"

namespace gpuplan {
namespace {

// Utilisation above which queueing dominates TTFT (the verdict says so).
constexpr double kNearSaturation = 0.9;
// The simulated run's KV use is sampled about this often over the measured duration.
constexpr double kSamplesPerRun = 500;
constexpr double kMinSampleS = 0.01;

// The percentiles the measured file states (p99_ttft_ms -> 99), else vLLM's default {99}.
std::vector<double> PercentilesOf(const MeasuredRun& run) {
  std::vector<double> ps;
  for (const auto& [key, value] : run.stats) {
    if (key.size() < 9 || key[0] != 'p' || !key.ends_with("_ttft_ms")) continue;
    const std::string word = key.substr(1, key.size() - 9);
    char* end = nullptr;
    const double p = std::strtod(word.c_str(), &end);
    if (end != word.c_str() && *end == '\0' && p > 0 && p < 100) ps.push_back(p);
  }
  if (ps.empty()) ps.push_back(99);
  return ps;
}

template <class Registry>
auto Build(const Registry& registry, const PolicyChoice& choice, const WorkloadContext& context) {
  Diagnostics diags;
  auto product =
      registry.Make(choice.kind, choice.kind_loc, choice.path, choice.options, diags, context);
  diags.ThrowIfAny();
  return std::move(*product);
}

std::shared_ptr<const Workload> WorkloadFor(const Scenario& s, const Builtins& b,
                                            const MeasuredRun& measured,
                                            std::vector<std::string>* assumptions) {
  if (!measured.requests.empty()) {
    return MakeMeasuredWorkload(measured, nullptr, nullptr);
  }
  if (s.workload.IsTrace() || !s.workload.prompt_tokens || !s.workload.output_tokens) {
    throw ConfigError(fmt::format(
        "{} lists no requests (no --save-detailed) and scenario '{}' has no length "
        "distributions; expected a result with input_lens/output_lens or a scenario with "
        "workload.prompt_tokens and workload.output_tokens",
        measured.source_file, s.name));
  }
  assumptions->push_back(
      "the file lists no requests: prompt and output lengths drawn from the scenario's workload");
  const WorkloadContext context{s.base_dir};
  return MakeMeasuredWorkload(measured, Build(b.lengths, *s.workload.prompt_tokens, context),
                              Build(b.lengths, *s.workload.output_tokens, context));
}

SimulatedLoad LoadOf(const RunResult& r) {
  auto finite = [](double v) { return std::isfinite(v) ? v : 0.0; };
  return {.gpu_busy = finite(r.utilization.gpu_busy_fraction),
          .kv_used_mean = finite(r.utilization.kv_used_fraction_mean),
          .kv_used_max = finite(r.utilization.kv_used_fraction_max),
          .queue_delay_mean_ms = finite(r.queue_delay_ms.mean),
          .preemptions = static_cast<int64_t>(r.preemptions.total)};
}

}  // namespace

double CompareResult::MedianAbsError() const {
  std::vector<double> errors;
  for (const CompareRow& row : rows) errors.push_back(std::fabs(row.error));
  return NumpyPercentile(errors, 50);
}

bool CompareResult::NearSaturation() const {
  return load.gpu_busy >= kNearSaturation || load.kv_used_max >= kNearSaturation;
}

std::string CompareResult::Verdict() const {
  std::string text = fmt::format(
      "median |error| {:.1f}% over {} statistics; simulated GPU busy {:.0f}%, KV peak {:.0f}%",
      100 * MedianAbsError(), rows.size(), 100 * load.gpu_busy, 100 * load.kv_used_max);
  if (NearSaturation()) {
    text +=
        ": near saturation, where a small step-time error becomes a large queueing (TTFT) "
        "error";
  }
  return text;
}

ReplaySetup PrepareReplay(const Scenario& scenario, const Builtins& builtins,
                          const MeasuredRun& measured) {
  ReplaySetup setup;
  Scenario& s = setup.scenario;
  s = scenario;
  // Every request the client sent is measured (vllm bench serve has no warm-up window).
  s.simulation.num_requests = measured.regime.num_requests;
  s.simulation.duration_s.reset();
  s.simulation.warmup_s = 0;
  // KV use is sampled per time-series interval: fine enough that a short test is seen.
  s.simulation.timeseries_interval_s =
      measured.duration_s > 0 ? std::max(kMinSampleS, measured.duration_s / kSamplesPerRun)
                              : kMinSampleS;
  setup.workload = WorkloadFor(s, builtins, measured, &setup.assumptions);
  return setup;
}

CompareResult CompareRun(const ReplaySetup& setup, const MeasuredRun& measured,
                         const PreparedScenario& prepared, const ScenarioRun& run,
                         const RequestCollector& requests) {
  CompareResult result;
  result.measured_file = measured.source_file;
  result.scenario = setup.scenario.name;
  result.regime = measured.regime.Describe();
  result.assumptions = setup.assumptions;
  result.workload = prepared.workload().Describe();
  result.load = LoadOf(run.result);

  MeasuredRun& sim = result.simulated;
  sim.format = measured.format;
  sim.source_file = "simulated";
  sim.regime = measured.regime;
  sim.requests = requests.Requests();
  sim.duration_s = ToSeconds(requests.last_done());
  sim.stats = VllmBenchStats(sim.requests, sim.duration_s, PercentilesOf(measured));
  sim.provenance = {{"backend", "gpuplan"}, {"model_id", setup.scenario.model.name}};
  for (const auto& [name, measured_value] : measured.stats) {
    const double* simulated = sim.Stat(name);
    if (simulated == nullptr) continue;
    const double error = measured_value == 0
                             ? (*simulated == 0 ? 0.0 : 1.0)
                             : (*simulated - measured_value) / std::fabs(measured_value);
    result.rows.push_back({name, measured_value, *simulated, error});
  }
  return result;
}

CompareResult Replay(const ReplaySetup& setup, const Builtins& builtins,
                     const MeasuredRun& measured, std::shared_ptr<const LatencyModel> latency) {
  const PreparedScenario prepared(setup.scenario, builtins, setup.workload, std::move(latency));
  RequestCollector requests;
  RunOptions options;
  options.seed = setup.scenario.simulation.seed;
  options.extra_sinks.push_back(&requests);
  const ScenarioRun run = prepared.Run(options);
  return CompareRun(setup, measured, prepared, run, requests);
}

CompareResult CompareWithSimulation(const Scenario& scenario, const Builtins& builtins,
                                    const MeasuredRun& measured) {
  return Replay(PrepareReplay(scenario, builtins, measured), builtins, measured);
}

}  // namespace gpuplan
