// Step 2 of a plan: traffic from business inputs. DAU, sessions, requests, think time and the
// shape of the day (a peak-hour share or a 24-hour curve) become mean and peak arrival rates,
// the requests in flight at peak (Little's law) and the token rates the fleet must sustain. Every
// result comes with the DerivationSteps that produced it, so a planner can check it by hand.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "sim/core/error.h"
#include "sim/plan/derivation.h"

namespace gpuplan {

constexpr double kSecondsPerHour = 3600;
constexpr double kSecondsPerDay = 86400;
constexpr int kHoursPerDay = 24;

struct TrafficInputs {
  double dau = 0;  // daily active users
  double sessions_per_user_per_day = 0;
  double requests_per_session = 0;
  double think_time_s = 0;  // a user's pause after each answer before the next request
  // The shape of the day: exactly one of the two.
  std::optional<double> peak_hour_share;  // fraction of daily requests in the busiest hour
  std::vector<double> diurnal_curve;      // 24 hourly weights (any scale), hour 0 first
  double burst_factor = 1;                // peak-second rate over the peak-hour mean rate, >= 1
  double mean_prompt_tokens = 0;
  double mean_output_tokens = 0;
  double expected_latency_s = 0;  // time in system per request (queue + E2E), for Little's law
};

struct TrafficDerivation {
  double daily_requests = 0;
  double mean_rate_per_s = 0;    // over 24 h
  double peak_hour_share = 0;    // as given, or the curve's largest hourly share
  std::optional<int> peak_hour;  // 0-23, when a curve was given
  double peak_hour_rate_per_s = 0;
  double peak_rate_per_s = 0;        // peak-hour rate x burst factor
  double peak_to_mean = 0;           // peak_rate / mean_rate
  double concurrency_in_flight = 0;  // peak_rate x expected_latency_s (Little's law)
  double session_length_s = 0;       // requests_per_session x (think + latency)
  double session_rate_per_s = 0;     // sessions starting per second in the peak hour
  double concurrent_sessions = 0;    // users active in the peak hour (Little's law)
  double prompt_tokens_per_s_at_peak = 0;
  double output_tokens_per_s_at_peak = 0;
  std::vector<double> hourly_rate_per_s;  // 24 mean rates when a curve was given, else empty
  std::vector<DerivationStep> steps;
};

// Adds one diagnostic per problem, at paths "<path>.dau", "<path>.peak_hour_share", ...
void ValidateTrafficInputs(const TrafficInputs& inputs, Diagnostics& diags,
                           std::string_view path = "traffic");

// Validates (throwing ConfigError with every problem) and derives.
TrafficDerivation DeriveTraffic(const TrafficInputs& inputs);

// The reverse, for a target given as concurrency ("40 requests in flight at peak"): the peak
// arrival rate that produces it, concurrency / time in system (Little's law).
struct ConcurrencyDerivation {
  double concurrency = 0;
  double time_in_system_s = 0;
  double peak_rate_per_s = 0;
  std::vector<DerivationStep> steps;
};

// Throws ConfigError unless both inputs are finite and > 0.
ConcurrencyDerivation PeakRateFromConcurrency(double concurrency, double time_in_system_s);

}  // namespace gpuplan
