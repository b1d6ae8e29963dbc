// The charts of a plan report, each built from plan.json alone: p95 of a metric versus offered
// load for the recommended fleet (the knee), the cost-versus-latency Pareto frontier with the
// chosen point, a day of traffic with an autoscaler versus the fixed fleet, and the memory budget
// per GPU of every candidate.
#pragma once

#include <optional>

#include "reports/charts/svg_chart.h"
#include "reports/plan_data.h"

namespace gpuplan::report {

// Points (offered load, p95 of `metric`) of the recommended fleet: the peak probe and every
// sensitivity probe, by load. nullopt when there are fewer than two.
std::optional<LineChart> LoadSweepChart(Lang lang, const PlanDocument& plan, SloMetric metric);

// The highest offered load at which the recommended fleet still met every SLO (the knee);
// nullopt when no probe passed.
std::optional<double> KneeRate(const PlanDocument& plan);

// Monthly cost against p95 end-to-end latency of every passing fleet, one group per GPU type,
// with the frontier and the recommended fleet. nullopt when the plan has no Pareto points.
std::optional<ScatterChart> ParetoChart(Lang lang, const PlanDocument& plan);

// Offered load and replicas, then SLO attainment, hour by hour. Requires day.ran.
TimeSeriesChart DayChart(Lang lang, const PlanDay& day, double percentile);

// Weights, activation reserve, KV cache and the memory left outside the engine's share, per GPU,
// for each candidate.
StackedBarChart MemoryChart(Lang lang, const std::vector<PlanCandidate>& candidates);

}  // namespace gpuplan::report
