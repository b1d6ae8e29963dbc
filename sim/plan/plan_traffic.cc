// Step 2 of a plan: the load to simulate, from business inputs, a concurrency target, a peak
// rate or a trace, with the day's hourly rates when a day shape is given.

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "sim/core/plural.h"
#include "sim/core/rng.h"
#include "sim/plan/plan_inputs.h"
#include "sim/plan/servegen_rates.h"
#include "sim/workload/length_dist.h"
#include "sim/workload/trace_workload.h"

namespace gpuplan {
namespace {

constexpr int kTokenSamples = 20'000;
constexpr uint64_t kTokenSampleSeed = 1;

std::string Num(double v) { return FormatNumber(v); }

template <class Registry>
auto Build(const Registry& registry, const PolicyChoice& choice, const Scenario& base) {
  Diagnostics diags;
  auto product = registry.Make(choice.kind, choice.kind_loc, choice.path, choice.options, diags,
                               WorkloadContext{base.base_dir});
  diags.ThrowIfAny();
  return std::move(*product);
}

double SampleMean(const LengthDistribution& dist, RngStream stream) {
  Rng rng(kTokenSampleSeed, stream);
  double sum = 0;
  for (int i = 0; i < kTokenSamples; ++i) sum += dist.Sample(rng);
  return sum / kTokenSamples;
}

// Mean prompt and output tokens of the base workload (given values win).
void MeanTokens(const PlanSpec& plan, const Builtins& builtins, TrafficStep& t) {
  const WorkloadSpec& w = plan.base.workload;
  if (w.IsTrace()) {
    auto trace = Build(builtins.traces, *w.trace, plan.base);
    t.mean_prompt_tokens = trace->stats().mean_prompt_tokens;
    t.mean_output_tokens = trace->stats().mean_output_tokens;
    t.tokens_source =
        fmt::format("mean of the trace's {}",
                    Counted(static_cast<int64_t>(trace->stats().requests), "request"));
    if (t.mode == TrafficMode::kTrace) t.peak_rate_per_s = trace->stats().mean_rate_per_s;
  } else if (w.prompt_tokens && w.output_tokens) {
    t.mean_prompt_tokens = SampleMean(*Build(builtins.lengths, *w.prompt_tokens, plan.base),
                                      RngStream::kPromptLengths);
    t.mean_output_tokens = SampleMean(*Build(builtins.lengths, *w.output_tokens, plan.base),
                                      RngStream::kOutputLengths);
    t.tokens_source = fmt::format("mean of {} draws from the base workload (seed {})",
                                  Num(kTokenSamples), kTokenSampleSeed);
  }
  const PlanTrafficSpec& in = plan.traffic;
  if (in.mean_prompt_tokens) t.mean_prompt_tokens = *in.mean_prompt_tokens;
  if (in.mean_output_tokens) t.mean_output_tokens = *in.mean_output_tokens;
  if (in.mean_prompt_tokens || in.mean_output_tokens) t.tokens_source = "given";
  t.steps.push_back({"mean prompt tokens", t.tokens_source, t.mean_prompt_tokens, "tokens"});
  t.steps.push_back({"mean output tokens", t.tokens_source, t.mean_output_tokens, "tokens"});
}

// How long a request stays in the system: given, or what the SLO allows.
void TimeInSystem(const PlanSpec& plan, const SloTargets& slo, TrafficStep& t, Diagnostics& diags) {
  if (plan.traffic.time_in_system_s) {
    t.time_in_system_s = *plan.traffic.time_in_system_s;
    t.steps.push_back({"time in system", "given", t.time_in_system_s, "s"});
    return;
  }
  const std::optional<double>& ttft_ms = slo.thresholds.ttft_ms();
  const std::optional<double>& tpot_ms = slo.thresholds.tpot_ms();
  const std::optional<double>& e2e_ms = slo.thresholds.e2e_ms();
  std::optional<double> by_tokens;
  if (ttft_ms && tpot_ms) {
    by_tokens = (*ttft_ms + (t.mean_output_tokens - 1) * *tpot_ms) / 1000;
    t.steps.push_back(
        {"time in system (at the SLO)",
         fmt::format("(TTFT target + (mean output tokens - 1) x TPOT target) / 1000 = ({} + {} x "
                     "{}) / 1000",
                     Num(*ttft_ms), Num(t.mean_output_tokens - 1), Num(*tpot_ms)),
         *by_tokens, "s"});
  }
  if (e2e_ms && (!by_tokens || *e2e_ms / 1000 < *by_tokens)) {
    t.steps.push_back({"time in system (at the SLO)",
                       fmt::format("E2E target / 1000 = {} / 1000", Num(*e2e_ms)), *e2e_ms / 1000,
                       "s"});
    by_tokens = *e2e_ms / 1000;
  }
  if (by_tokens) {
    t.time_in_system_s = *by_tokens;
  } else if (t.mode != TrafficMode::kTrace) {
    diags.Add(plan.LocOf("traffic"), "traffic.time_in_system_s",
              "cannot be derived from the SLO (it needs ttft_ms and tpot_ms, or e2e_ms); "
              "expected traffic.time_in_system_s in seconds");
  }
}

// The shape of the day as 24 weights: the curve, a ServeGen profile, or none.
std::vector<double> DayShape(const PlanSpec& plan, TrafficStep& t, Diagnostics& diags) {
  const PlanTrafficSpec& in = plan.traffic;
  if (!in.diurnal_curve.empty()) {
    t.day_shape_source = "diurnal_curve";
    return in.diurnal_curve;
  }
  if (in.servegen_dir.empty()) return {};
  try {
    const ServeGenRates rates = ReadServeGenRates(in.servegen_dir);
    t.day_shape_source = fmt::format("servegen {}", in.servegen_dir);
    t.steps.push_back({"ServeGen peak / mean (per window)",
                       fmt::format("{} / {} req/s over {} windows of {} s", Num(rates.peak_rps),
                                   Num(rates.mean_rps), rates.total.size(), Num(rates.window_s)),
                       rates.peak_to_mean, ""});
    return rates.DiurnalCurve();
  } catch (const ConfigError& e) {
    for (const Diagnostic& d : e.diagnostics()) {
      diags.Add(plan.LocOf("traffic.servegen"), "traffic.servegen", d.ToString());
    }
  }
  return {};
}

void FromBusinessInputs(const PlanSpec& plan, const std::vector<double>& shape, TrafficStep& t,
                        Diagnostics& diags) {
  const PlanTrafficSpec& in = plan.traffic;
  TrafficInputs inputs;
  inputs.dau = in.dau;
  inputs.sessions_per_user_per_day = in.sessions_per_user_per_day;
  inputs.requests_per_session = in.requests_per_session;
  inputs.think_time_s = in.think_time_s;
  inputs.peak_hour_share = in.peak_hour_share;
  inputs.diurnal_curve = shape;
  inputs.burst_factor = in.burst_factor;
  inputs.mean_prompt_tokens = t.mean_prompt_tokens;
  inputs.mean_output_tokens = t.mean_output_tokens;
  inputs.expected_latency_s = t.time_in_system_s;
  Diagnostics found;
  ValidateTrafficInputs(inputs, found, "traffic");
  LocateInPlan(plan, found, diags);
  if (!found.empty()) return;
  TrafficDerivation d = DeriveTraffic(inputs);
  t.peak_rate_per_s = d.peak_rate_per_s;
  t.concurrency_in_flight = d.concurrency_in_flight;
  t.mean_rate_per_s = d.mean_rate_per_s;
  t.steps.insert(t.steps.end(), d.steps.begin(), d.steps.end());
  t.business = std::move(d);
}

// Peak-relative hourly rates: the busiest hour carries the peak rate.
void DayRates(const std::vector<double>& shape, TrafficStep& t) {
  if (shape.empty() || t.peak_rate_per_s <= 0) return;
  const double max = *std::max_element(shape.begin(), shape.end());
  for (double w : shape) t.day_rates_per_s.push_back(t.peak_rate_per_s * w / max);
  const double mean = std::accumulate(t.day_rates_per_s.begin(), t.day_rates_per_s.end(), 0.0) /
                      static_cast<double>(shape.size());
  if (!t.mean_rate_per_s) {
    t.mean_rate_per_s = mean;
    t.steps.push_back(
        {"mean rate over the day",
         fmt::format("peak rate x mean(weight) / max(weight) = {} x {} / {}",
                     Num(t.peak_rate_per_s), Num(mean / t.peak_rate_per_s * max), Num(max)),
         mean, "req/s"});
  }
}

// An asynchronous job: its requests (or output tokens, over the mean output length) spread over
// the hours it must be done in give the rate the fleet must sustain; every probe then checks
// that the fleet keeps up with it (RunResult::sustained) rather than only its latencies.
void FromDeadline(const PlanTrafficSpec& in, TrafficStep& t) {
  double requests = in.deadline_requests.value_or(0);
  if (!in.deadline_requests) {
    requests = *in.deadline_output_tokens / t.mean_output_tokens;
    t.steps.push_back({"requests in the job",
                       fmt::format("output tokens / mean output tokens = {} / {}",
                                   Num(*in.deadline_output_tokens), Num(t.mean_output_tokens)),
                       requests, "requests"});
  }
  t.peak_rate_per_s = requests / (in.deadline_hours * 3600.0);
  t.steps.push_back({"sustained rate the job needs",
                     fmt::format("requests / (hours x 3600 s) = {} / ({} x 3600)", Num(requests),
                                 Num(in.deadline_hours)),
                     t.peak_rate_per_s, "req/s"});
  // A time in system derived from a deadline-sized E2E target (24 h for the batch preset) would
  // make Little's law count a day of arrivals as in flight: only a given time is used.
  if (!in.time_in_system_s) return;
  t.concurrency_in_flight = t.peak_rate_per_s * t.time_in_system_s;
  t.steps.push_back({"requests in flight (Little's law)",
                     fmt::format("rate x time in system = {} x {}", Num(t.peak_rate_per_s),
                                 Num(t.time_in_system_s)),
                     t.concurrency_in_flight, "requests"});
}

void PeakFromTarget(const PlanSpec& plan, TrafficStep& t) {
  const PlanTrafficSpec& in = plan.traffic;
  if (t.mode == TrafficMode::kConcurrency) {
    ConcurrencyDerivation d = PeakRateFromConcurrency(*in.concurrency_at_peak, t.time_in_system_s);
    t.peak_rate_per_s = d.peak_rate_per_s;
    t.concurrency_in_flight = d.concurrency;
    t.steps.insert(t.steps.end(), d.steps.begin(), d.steps.end());
  } else if (t.mode == TrafficMode::kPeakRate) {
    t.peak_rate_per_s = *in.peak_rate_per_s;
    t.concurrency_in_flight = t.peak_rate_per_s * t.time_in_system_s;
    t.steps.push_back({"requests in flight at peak (Little's law)",
                       fmt::format("peak rate x time in system = {} x {}", Num(t.peak_rate_per_s),
                                   Num(t.time_in_system_s)),
                       t.concurrency_in_flight, "requests"});
  } else if (t.mode == TrafficMode::kDeadline) {
    FromDeadline(in, t);
  } else {  // kTrace: the trace's own rate
    t.concurrency_in_flight = t.peak_rate_per_s * t.time_in_system_s;
    t.steps.push_back(
        {"trace mean rate", "requests / span of the replayed trace", t.peak_rate_per_s, "req/s"});
  }
}

void TokenRates(TrafficStep& t) {
  if (t.mode == TrafficMode::kDau || t.peak_rate_per_s <= 0) return;  // DAU steps include them
  const bool trace = t.mode == TrafficMode::kTrace;
  const bool deadline = t.mode == TrafficMode::kDeadline;
  const char* at = trace ? "at the trace's mean rate" : deadline ? "at the job's rate" : "at peak";
  const char* rate = trace ? "trace mean rate" : deadline ? "job rate" : "peak rate";
  t.steps.push_back({fmt::format("prompt tokens {}", at),
                     fmt::format("{} x mean prompt tokens = {} x {}", rate, Num(t.peak_rate_per_s),
                                 Num(t.mean_prompt_tokens)),
                     t.peak_rate_per_s * t.mean_prompt_tokens, "tokens/s"});
  t.steps.push_back({fmt::format("output tokens {}", at),
                     fmt::format("{} x mean output tokens = {} x {}", rate, Num(t.peak_rate_per_s),
                                 Num(t.mean_output_tokens)),
                     t.peak_rate_per_s * t.mean_output_tokens, "tokens/s"});
}

}  // namespace

double TrafficStep::ServedOutputTokensPerS() const {
  return mean_rate_per_s.value_or(peak_rate_per_s) * mean_output_tokens;
}

std::string TrafficStep::ServedRateBasis() const {
  return mean_rate_per_s ? "the day's mean rate" : "the peak rate (no day shape given)";
}

TrafficStep ResolvePlanTraffic(const PlanSpec& plan, const SloTargets& slo,
                               const Builtins& builtins, Diagnostics& diags) {
  TrafficStep t;
  t.mode = plan.traffic.mode;
  MeanTokens(plan, builtins, t);
  TimeInSystem(plan, slo, t, diags);
  const std::vector<double> shape = DayShape(plan, t, diags);
  if (!diags.empty()) return t;
  if (t.mode == TrafficMode::kDau) {
    FromBusinessInputs(plan, shape, t, diags);
  } else {
    PeakFromTarget(plan, t);
  }
  if (t.mode != TrafficMode::kTrace) DayRates(shape, t);
  TokenRates(t);
  return t;
}

}  // namespace gpuplan
