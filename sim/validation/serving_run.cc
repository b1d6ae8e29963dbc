#include "sim/validation/serving_run.h"

#include <fmt/format.h>

#include <cmath>

#include "sim/core/parallel.h"
#include "sim/runner/scenario_run.h"

namespace gpuplan {

using M = ServingMetric;

namespace {

RowLoad LoadOf(const ScenarioRun& run) {
  const RunResult& r = run.result;
  RowLoad load;
  auto finite = [](double v) { return std::isfinite(v) ? v : 0.0; };
  load.kv_used_mean = finite(r.utilization.kv_used_fraction_mean);
  load.kv_used_max = finite(r.utilization.kv_used_fraction_max);
  load.queue_delay_mean_ms = finite(r.queue_delay_ms.mean);
  load.ttft_mean_ms = finite(r.ttft_ms.mean);
  load.batch_size_mean = finite(r.utilization.batch_size_mean);
  load.gpu_busy = finite(r.utilization.gpu_busy_fraction);
  load.preemptions = r.preemptions.total;
  load.dropped = r.counts.dropped;
  load.completed = r.counts.completed;
  return load;
}

RowOutcome Run(RowPlan plan, const Builtins& builtins) {
  RowOutcome out;
  if (!plan.not_covered.empty()) {
    out.reason = plan.not_covered;
  } else if (!plan.failure.empty()) {
    out.status = RowStatus::kFailed;
    out.reason = plan.failure;
  } else {
    try {
      const PreparedScenario prepared(*plan.scenario, builtins);
      const ScenarioRun run = prepared.Run({.seed = plan.scenario->simulation.seed});
      out.status = RowStatus::kSimulated;
      out.predicted = PredictedStatistics(run.result, plan);
      out.load = LoadOf(run);
      if (run.result.counts.measured == 0) {
        out.status = RowStatus::kFailed;
        out.reason = "no request completed";
        if (!run.stats.drops.empty()) {
          out.reason += fmt::format(": {} dropped ({})", run.stats.requests_dropped,
                                    run.stats.drops.front().first_message);
        }
      }
    } catch (const Error& e) {
      out.status = RowStatus::kFailed;
      out.reason = e.what();
    }
  }
  out.plan = std::move(plan);
  return out;
}

}  // namespace

std::map<ServingMetric, double> PredictedStatistics(const RunResult& r, const RowPlan& plan) {
  const double ratio = plan.client_output_ratio;
  const double tpot = plan.client_tpot_factor;
  std::map<ServingMetric, double> p;
  auto put = [&](M metric, double value) {
    if (std::isfinite(value)) p[metric] = value;
  };
  put(M::kTtftMean, r.ttft_ms.mean);
  put(M::kTtftP50, r.ttft_ms.p50);
  put(M::kTtftP90, r.ttft_ms.p90);
  put(M::kTtftP95, r.ttft_ms.p95);
  put(M::kTtftP99, r.ttft_ms.p99);
  put(M::kTpotMean, r.tpot_ms.mean * tpot);
  put(M::kTpotP50, r.tpot_ms.p50 * tpot);
  put(M::kTpotP90, r.tpot_ms.p90 * tpot);
  put(M::kTpotP95, r.tpot_ms.p95 * tpot);
  put(M::kTpotP99, r.tpot_ms.p99 * tpot);
  put(M::kItlMean, r.itl_ms.mean);
  put(M::kItlP99, r.itl_ms.p99);
  put(M::kE2elMean, r.e2e_ms.mean);
  put(M::kE2elP50, r.e2e_ms.p50);
  put(M::kE2elP95, r.e2e_ms.p95);
  put(M::kE2elP99, r.e2e_ms.p99);
  put(M::kRequestThroughput, r.request_throughput);
  put(M::kOutputThroughput, r.output_throughput * ratio);
  put(M::kTotalTokenThroughput, r.total_token_throughput - (1 - ratio) * r.output_throughput);
  put(M::kOutputThroughputPerGpu, r.output_throughput * ratio / std::max(1, r.gpus));
  return p;
}

std::string_view RowStatusName(RowStatus status) {
  switch (status) {
    case RowStatus::kNotCovered:
      return "not_covered";
    case RowStatus::kFailed:
      return "failed";
    case RowStatus::kSimulated:
      return "simulated";
  }
  return "?";
}

std::vector<RowOutcome> RunRows(std::vector<RowPlan> plans, const Builtins& builtins, int threads) {
  std::vector<RowOutcome> outcomes(plans.size());
  ParallelFor(plans.size(), threads,
              [&](size_t i) { outcomes[i] = Run(std::move(plans[i]), builtins); });
  return outcomes;
}

}  // namespace gpuplan
