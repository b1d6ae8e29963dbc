#include "sim/plan/traffic.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace gpuplan {

namespace {

// 1/24: every hour of a perfectly flat day carries this share, so no busiest hour carries less.
constexpr double kMinPeakHourShare = 1.0 / kHoursPerDay;
// Slack for shares computed in floating point (e.g. 1/24 written as 0.0416666667).
constexpr double kShareTolerance = 1e-9;

std::string At(std::string_view path, std::string_view field) {
  return fmt::format("{}.{}", path, field);
}

void RequirePositive(double value, std::string_view field, std::string_view path,
                     Diagnostics& diags) {
  if (std::isfinite(value) && value > 0) return;
  diags.Add({}, At(path, field), fmt::format("{} is {}; expected a number > 0", field, value));
}

void CheckPeakHourShare(double share, std::string_view path, Diagnostics& diags) {
  const std::string where = At(path, "peak_hour_share");
  const char* expected = "expected a fraction of the daily requests in [1/24, 1]";
  if (!std::isfinite(share) || share <= 0) {
    diags.Add({}, where, fmt::format("peak_hour_share is {}; {}", share, expected));
  } else if (share < kMinPeakHourShare * (1 - kShareTolerance)) {
    diags.Add({}, where,
              fmt::format("peak_hour_share {} is below 1/24 = {:.5f}, the share of every hour of "
                          "a flat day, so no busiest hour can carry less; {}",
                          share, kMinPeakHourShare, expected));
  } else if (share > 1 + kShareTolerance) {
    diags.Add({}, where,
              fmt::format("peak_hour_share {} is above 1 (more than the whole day); {}", share,
                          expected));
  }
}

void CheckDiurnalCurve(const std::vector<double>& curve, std::string_view path,
                       Diagnostics& diags) {
  const std::string where = At(path, "diurnal_curve");
  if (curve.size() != static_cast<size_t>(kHoursPerDay)) {
    diags.Add({}, where,
              fmt::format("diurnal_curve has {} values; expected 24 hourly weights, hour 0 first",
                          curve.size()));
    return;
  }
  double sum = 0;
  for (size_t h = 0; h < curve.size(); ++h) {
    if (!std::isfinite(curve[h]) || curve[h] < 0) {
      diags.Add({}, fmt::format("{}[{}]", where, h),
                fmt::format("hour {} weight is {}; expected a weight >= 0", h, curve[h]));
      return;
    }
    sum += curve[h];
  }
  if (sum <= 0) {
    diags.Add({}, where, "every hourly weight is 0; expected at least one hour with traffic");
  }
}

void CheckDayShape(const TrafficInputs& in, std::string_view path, Diagnostics& diags) {
  const bool has_share = in.peak_hour_share.has_value();
  const bool has_curve = !in.diurnal_curve.empty();
  if (has_share && has_curve) {
    diags.Add({}, std::string(path),
              "both peak_hour_share and diurnal_curve are given; expected exactly one");
  } else if (!has_share && !has_curve) {
    diags.Add({}, std::string(path),
              "neither peak_hour_share nor diurnal_curve is given; expected exactly one");
  } else if (has_share) {
    CheckPeakHourShare(*in.peak_hour_share, path, diags);
  } else {
    CheckDiurnalCurve(in.diurnal_curve, path, diags);
  }
}

}  // namespace

void ValidateTrafficInputs(const TrafficInputs& in, Diagnostics& diags, std::string_view path) {
  RequirePositive(in.dau, "dau", path, diags);
  RequirePositive(in.sessions_per_user_per_day, "sessions_per_user_per_day", path, diags);
  RequirePositive(in.requests_per_session, "requests_per_session", path, diags);
  if (!std::isfinite(in.think_time_s) || in.think_time_s < 0) {
    diags.Add({}, At(path, "think_time_s"),
              fmt::format("think_time_s is {}; expected seconds >= 0", in.think_time_s));
  }
  CheckDayShape(in, path, diags);
  if (!std::isfinite(in.burst_factor) || in.burst_factor < 1) {
    diags.Add({}, At(path, "burst_factor"),
              fmt::format("burst_factor is {}; expected >= 1 (the peak second is at least as "
                          "busy as the peak hour's mean)",
                          in.burst_factor));
  }
  RequirePositive(in.mean_prompt_tokens, "mean_prompt_tokens", path, diags);
  RequirePositive(in.mean_output_tokens, "mean_output_tokens", path, diags);
  RequirePositive(in.expected_latency_s, "expected_latency_s", path, diags);
}

namespace {

std::string Num(double v) { return FormatNumber(v); }

// The busiest hour of the curve: its share of the day, and the mean rate of every hour.
void DeriveFromCurve(const TrafficInputs& in, TrafficDerivation& d) {
  const std::vector<double>& w = in.diurnal_curve;
  const double sum = std::accumulate(w.begin(), w.end(), 0.0);
  const auto peak = std::max_element(w.begin(), w.end());  // first of equal maxima
  d.peak_hour = static_cast<int>(peak - w.begin());
  d.peak_hour_share = *peak / sum;
  for (double weight : w) {
    d.hourly_rate_per_s.push_back(d.daily_requests * weight / sum / kSecondsPerHour);
  }
  d.steps.push_back({"peak-hour share",
                     fmt::format("largest hourly weight / sum of weights = {} / {} (hour {})",
                                 Num(*peak), Num(sum), *d.peak_hour),
                     d.peak_hour_share, ""});
}

void DeriveRates(const TrafficInputs& in, TrafficDerivation& d) {
  d.daily_requests = in.dau * in.sessions_per_user_per_day * in.requests_per_session;
  d.steps.push_back(
      {"daily requests",
       fmt::format("DAU x sessions/user/day x requests/session = {} x {} x {}", Num(in.dau),
                   Num(in.sessions_per_user_per_day), Num(in.requests_per_session)),
       d.daily_requests, "req/day"});
  d.mean_rate_per_s = d.daily_requests / kSecondsPerDay;
  d.steps.push_back({"mean rate",
                     fmt::format("daily requests / 86,400 s = {} / 86,400", Num(d.daily_requests)),
                     d.mean_rate_per_s, "req/s"});
  if (in.peak_hour_share) {
    d.peak_hour_share = *in.peak_hour_share;
  } else {
    DeriveFromCurve(in, d);
  }
  d.peak_hour_rate_per_s = d.daily_requests * d.peak_hour_share / kSecondsPerHour;
  d.steps.push_back({"peak-hour rate",
                     fmt::format("daily requests x peak-hour share / 3,600 s = {} x {} / 3,600",
                                 Num(d.daily_requests), FormatNumber(d.peak_hour_share, 6)),
                     d.peak_hour_rate_per_s, "req/s"});
  d.peak_rate_per_s = d.peak_hour_rate_per_s * in.burst_factor;
  d.steps.push_back({"peak rate",
                     fmt::format("peak-hour rate x burst factor = {} x {}",
                                 Num(d.peak_hour_rate_per_s), Num(in.burst_factor)),
                     d.peak_rate_per_s, "req/s"});
  d.peak_to_mean = d.peak_rate_per_s / d.mean_rate_per_s;
  d.steps.push_back({"peak / mean",
                     fmt::format("peak rate / mean rate = {} / {}", Num(d.peak_rate_per_s),
                                 Num(d.mean_rate_per_s)),
                     d.peak_to_mean, ""});
}

// Little's law twice: requests in flight use the burst peak (what the engines see at once);
// sessions use the peak-hour rate, because a burst lasts seconds and a session minutes.
void DeriveConcurrency(const TrafficInputs& in, TrafficDerivation& d) {
  d.concurrency_in_flight = d.peak_rate_per_s * in.expected_latency_s;
  d.steps.push_back({"requests in flight at peak (Little's law)",
                     fmt::format("peak rate x time in system = {} x {}", Num(d.peak_rate_per_s),
                                 Num(in.expected_latency_s)),
                     d.concurrency_in_flight, "requests"});
  d.session_length_s = in.requests_per_session * (in.think_time_s + in.expected_latency_s);
  d.steps.push_back(
      {"session length",
       fmt::format("requests/session x (think time + time in system) = {} x ({} + {})",
                   Num(in.requests_per_session), Num(in.think_time_s), Num(in.expected_latency_s)),
       d.session_length_s, "s"});
  d.session_rate_per_s = d.peak_hour_rate_per_s / in.requests_per_session;
  d.steps.push_back({"session starts in the peak hour",
                     fmt::format("peak-hour rate / requests/session = {} / {}",
                                 Num(d.peak_hour_rate_per_s), Num(in.requests_per_session)),
                     d.session_rate_per_s, "sessions/s"});
  d.concurrent_sessions = d.session_rate_per_s * d.session_length_s;
  d.steps.push_back({"concurrent sessions (Little's law)",
                     fmt::format("session starts x session length = {} x {}",
                                 Num(d.session_rate_per_s), Num(d.session_length_s)),
                     d.concurrent_sessions, "users"});
}

void DeriveTokenRates(const TrafficInputs& in, TrafficDerivation& d) {
  d.prompt_tokens_per_s_at_peak = d.peak_rate_per_s * in.mean_prompt_tokens;
  d.steps.push_back({"prompt tokens at peak",
                     fmt::format("peak rate x mean prompt tokens = {} x {}", Num(d.peak_rate_per_s),
                                 Num(in.mean_prompt_tokens)),
                     d.prompt_tokens_per_s_at_peak, "tokens/s"});
  d.output_tokens_per_s_at_peak = d.peak_rate_per_s * in.mean_output_tokens;
  d.steps.push_back({"output tokens at peak",
                     fmt::format("peak rate x mean output tokens = {} x {}", Num(d.peak_rate_per_s),
                                 Num(in.mean_output_tokens)),
                     d.output_tokens_per_s_at_peak, "tokens/s"});
}

}  // namespace

TrafficDerivation DeriveTraffic(const TrafficInputs& inputs) {
  Diagnostics diags;
  ValidateTrafficInputs(inputs, diags);
  diags.ThrowIfAny();
  TrafficDerivation d;
  DeriveRates(inputs, d);
  DeriveConcurrency(inputs, d);
  DeriveTokenRates(inputs, d);
  return d;
}

ConcurrencyDerivation PeakRateFromConcurrency(double concurrency, double time_in_system_s) {
  Diagnostics diags;
  RequirePositive(concurrency, "concurrency", "target", diags);
  RequirePositive(time_in_system_s, "time_in_system_s", "target", diags);
  diags.ThrowIfAny();
  ConcurrencyDerivation d{concurrency, time_in_system_s, concurrency / time_in_system_s, {}};
  d.steps.push_back({"peak rate (Little's law)",
                     fmt::format("requests in flight / time in system = {} / {}", Num(concurrency),
                                 Num(time_in_system_s)),
                     d.peak_rate_per_s, "req/s"});
  return d;
}

}  // namespace gpuplan
