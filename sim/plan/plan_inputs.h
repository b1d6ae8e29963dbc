// Steps 1 and 2 of a plan, from a PlanSpec: the latency targets (SLO preset, explicit thresholds,
// a per-user speed) and the load to simulate (peak arrival rate, requests in flight, the day's
// hourly rates), each with the DerivationSteps a planner can redo by hand. These are the plan's
// second validation pass: problems that need plan/'s tables (preset and grade names, traffic
// arithmetic) become diagnostics located in the plan file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/config/plan_spec.h"
#include "sim/core/error.h"
#include "sim/plan/derivation.h"
#include "sim/plan/speed_target.h"
#include "sim/plan/traffic.h"
#include "sim/runner/builtins.h"

namespace gpuplan {

struct SloStep {
  SloTargets targets;  // the SLO as given (the traffic and the verification commands use it)
  std::string source;  // "plan" or "base scenario"
  // search.latency_safety_factor: every probe is judged against targets / this (>= 1).
  double latency_safety_factor = 1;
  std::vector<DerivationStep> steps;  // with a factor above 1, each judged threshold as well

  // The thresholds as a scenario SloSpec (every probe's scenario carries it: attainment is
  // counted against the SLO as given; ProbeSettings::latency_safety_factor tightens the verdict).
  SloSpec AsSloSpec() const;
  // What a probe is judged against: each target / latency_safety_factor (unset when not set).
  SloThresholds Judged() const;
};

// Preset, then explicit thresholds over it, then the speed target; with no slo section, the base
// scenario's SLO. Adds a diagnostic (at the plan key) for an unknown preset or grade, or when no
// target is left.
SloStep ResolvePlanSlo(const PlanSpec& plan, Diagnostics& diags);

struct TrafficStep {
  TrafficMode mode = TrafficMode::kPeakRate;
  double mean_prompt_tokens = 0;
  double mean_output_tokens = 0;
  std::string tokens_source;  // "given" or how they were sampled
  double time_in_system_s = 0;
  double peak_rate_per_s = 0;                 // what every peak probe simulates (0 with a trace)
  double concurrency_in_flight = 0;           // at peak (Little's law)
  std::optional<double> mean_rate_per_s;      // over the day, when the day is known
  std::optional<TrafficDerivation> business;  // the DAU derivation (kDau only)
  // 24 hourly rates, the busiest = the peak rate; empty without a day shape.
  std::vector<double> day_rates_per_s;
  std::string day_shape_source;  // "diurnal_curve", "servegen FOLDER" or ""
  std::vector<DerivationStep> steps;

  // Output tokens per second the fleet serves on average (the day's mean rate when known, else
  // the peak), and what that rate is.
  double ServedOutputTokensPerS() const;
  std::string ServedRateBasis() const;
};

// Mean tokens are sampled from the base workload (20,000 draws) unless given. Adds diagnostics
// (at the plan keys) for inconsistent inputs; the result is meaningless when it added any.
TrafficStep ResolvePlanTraffic(const PlanSpec& plan, const SloTargets& slo,
                               const Builtins& builtins, Diagnostics& diags);

// Moves `found` into `diags`, locating each unlocated diagnostic at its path in the plan file.
void LocateInPlan(const PlanSpec& plan, const Diagnostics& found, Diagnostics& diags);

}  // namespace gpuplan
