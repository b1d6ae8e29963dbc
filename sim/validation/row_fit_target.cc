#include "sim/validation/row_fit_target.h"

#include <cmath>

#include "sim/runner/scenario_run.h"
#include "sim/validation/serving_errors.h"
#include "sim/validation/serving_run.h"

namespace gpuplan {
namespace {

class RowTarget final : public FitTarget {
 public:
  RowTarget(RowPlan plan, const Builtins& builtins)
      : plan_(std::move(plan)),
        builtins_(builtins),
        workload_(BuildWorkload(*plan_.scenario, builtins)) {}

  CompareResult Compare(std::shared_ptr<const LatencyModel> latency) const override {
    const Scenario& s = *plan_.scenario;
    const PreparedScenario prepared(s, builtins_, workload_, std::move(latency));
    const ScenarioRun run = prepared.Run({.seed = s.simulation.seed});
    const std::map<ServingMetric, double> predicted = PredictedStatistics(run.result, plan_);
    CompareResult r;
    r.measured_file = plan_.row.Id();
    r.scenario = s.name;
    r.workload = prepared.workload().Describe();
    r.assumptions = plan_.assumptions;
    auto finite = [](double v) { return std::isfinite(v) ? v : 0.0; };
    r.load = {.gpu_busy = finite(run.result.utilization.gpu_busy_fraction),
              .kv_used_mean = finite(run.result.utilization.kv_used_fraction_mean),
              .kv_used_max = finite(run.result.utilization.kv_used_fraction_max),
              .queue_delay_mean_ms = finite(run.result.queue_delay_ms.mean),
              .preemptions = static_cast<int64_t>(run.result.preemptions.total)};
    for (const auto& [metric, measured] : plan_.row.measured) {
      if (!Comparable(plan_.row, metric)) continue;
      const auto it = predicted.find(metric);
      if (it == predicted.end()) continue;
      const double error = measured == 0 ? (it->second == 0 ? 0.0 : 1.0)
                                         : (it->second - measured) / std::fabs(measured);
      r.rows.push_back({std::string(InfoOf(metric).column), measured, it->second, error});
    }
    return r;
  }

 private:
  RowPlan plan_;
  const Builtins& builtins_;
  std::shared_ptr<const Workload> workload_;
};

}  // namespace

std::unique_ptr<const FitTarget> MakeRowTarget(RowPlan plan, const Builtins& builtins) {
  GPUPLAN_CHECK(plan.scenario && plan.not_covered.empty() && plan.failure.empty(),
                "row {} is not a simulable plan", plan.row.Id());
  return std::make_unique<RowTarget>(std::move(plan), builtins);
}

MeasuredRun RowAsMeasuredRun(const RowPlan& plan) {
  const ServingRow& row = plan.row;
  MeasuredRun run;
  run.format = "serving_row";
  run.source_file = row.Id();
  BenchRegime& g = run.regime;
  if (row.request_rate && std::isfinite(*row.request_rate)) g.request_rate = *row.request_rate;
  if (row.concurrency) g.max_concurrency = *row.concurrency;
  g.num_requests = plan.scenario && plan.scenario->simulation.num_requests
                       ? *plan.scenario->simulation.num_requests
                       : row.num_requests.value_or(0);
  for (const auto& [metric, value] : row.measured) {
    run.stats.emplace_back(std::string(InfoOf(metric).column), value);
  }
  run.provenance = {{"set", row.set},
                    {"source", row.source},
                    {"engine", row.engine + " " + row.engine_version},
                    {"model_id", row.model_hf_id.empty() ? row.model : row.model_hf_id}};
  return run;
}

}  // namespace gpuplan
