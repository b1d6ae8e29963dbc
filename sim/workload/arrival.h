// Arrival processes: when requests arrive, independent of how long they are. Open-loop
// processes (poisson, gamma, weibull, constant, offline) emit a fixed schedule; closed_loop
// emits one request per client and the next only after the previous one completed.
//
// Every process starts its first request at t = 0 (as a benchmark client does), then draws
// inter-arrival gaps. Times are accumulated in double seconds and rounded to SimTime once per
// arrival, so rounding never accumulates.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/sim_time.h"
#include "sim/util/registry.h"
#include "sim/workload/request_source.h"
#include "sim/workload/workload.h"

namespace gpuplan {

class ArrivalProcess {
 public:
  virtual ~ArrivalProcess() = default;
  // A fresh source of arrival times and clients, under the RequestSource contract, with the
  // lengths left 0 (the workload draws them). Its randomness comes from Rng(seed,
  // RngStream::kArrivals) (and kThinkTime for think times), so it never shifts the length
  // streams. It applies no WorkloadLimits: the workload's RequestBudget does.
  virtual std::unique_ptr<RequestSource> Open(uint64_t seed) const = 0;
  virtual std::string Describe() const = 0;  // "poisson 5.50 req/s"
  // Long-run open-loop rate in req/s; nullopt when it is not a fixed rate (offline, closed loop).
  virtual std::optional<double> MeanRatePerS() const { return std::nullopt; }
  // True when the stream never ends on its own and never advances time (offline without
  // num_requests): opening it needs WorkloadLimits::max_requests.
  virtual bool NeedsRequestLimit() const { return false; }
};

// Typed options of each built-in process; the registry reads them from a ParamTable.
struct PoissonOptions {
  double rate_per_s = 1;
};
struct GammaOptions {
  double rate_per_s = 1;
  double cv = 1;  // coefficient of variation of the gaps; 1 is Poisson, < 1 smoother, > 1 burstier
};
struct WeibullOptions {
  double rate_per_s = 1;
  double shape = 1;  // Weibull shape k of the gaps; 1 is Poisson, < 1 burstier
};
struct ConstantOptions {
  double rate_per_s = 1;
};
struct OfflineOptions {
  std::optional<int64_t> num_requests;  // nullopt: bounded only by WorkloadLimits::max_requests
};
// A load test in stages (inference-perf's load.stages): stage i offers rates_per_s[i] for
// durations_s[i] seconds, evenly spaced or Poisson.
enum class StageSpacing { kConstant, kPoisson };
struct StagedOptions {
  std::vector<double> rates_per_s;  // >= 0 each (a stage at 0 is quiet; the staged kind asks > 0)
  std::vector<double> durations_s;  // > 0 each, one per rate
  StageSpacing spacing = StageSpacing::kConstant;
};
// A day of traffic (day_arrivals.cc): `hours` consecutive hours from `start_hour`, hour h at
// peak_rate_per_s x curve[h % 24] / max(curve), each lasting seconds_per_hour (3600 for a real
// day; fewer compresses the day, the rates kept). Built on the staged stream; an hour of weight 0
// has no arrival.
struct DayOptions {
  double peak_rate_per_s = 1;  // > 0: the busiest hour's mean rate
  std::vector<double> curve;   // 24 weights >= 0, hour 0 first, at least one > 0
  int32_t start_hour = 0;      // in [0, 23]
  int32_t hours = 24;          // >= 1
  double seconds_per_hour = 3600;
  StageSpacing spacing = StageSpacing::kPoisson;
};
enum class ThinkDistribution { kExponential, kFixed };
struct ClosedLoopOptions {
  int32_t concurrency = 1;
  double think_time_s = 0;  // mean think time between a completion and the client's next request
  ThinkDistribution think_distribution = ThinkDistribution::kExponential;
};

std::shared_ptr<const ArrivalProcess> MakePoissonArrivals(const PoissonOptions& options);
std::shared_ptr<const ArrivalProcess> MakeGammaArrivals(const GammaOptions& options);
std::shared_ptr<const ArrivalProcess> MakeWeibullArrivals(const WeibullOptions& options);
std::shared_ptr<const ArrivalProcess> MakeConstantArrivals(const ConstantOptions& options);
// All requests at t = 0 (maximum-throughput runs). Without num_requests it needs
// WorkloadLimits::max_requests (see NeedsRequestLimit).
std::shared_ptr<const ArrivalProcess> MakeOfflineArrivals(const OfflineOptions& options);
std::shared_ptr<const ArrivalProcess> MakeClosedLoopArrivals(const ClosedLoopOptions& options);
std::shared_ptr<const ArrivalProcess> MakeStagedArrivals(const StagedOptions& options);
std::shared_ptr<const ArrivalProcess> MakeDayArrivals(const DayOptions& options);

using ArrivalRegistry = Registry<std::shared_ptr<const ArrivalProcess>, const WorkloadContext&>;

// Adds poisson, gamma, weibull, constant, offline, staged, day and closed_loop.
void RegisterBuiltinArrivals(ArrivalRegistry& registry);

namespace detail {
void RegisterOpenLoopArrivals(ArrivalRegistry& registry);
void RegisterClosedLoopArrival(ArrivalRegistry& registry);
void RegisterStagedArrival(ArrivalRegistry& registry);
void RegisterDayArrival(ArrivalRegistry& registry);
}  // namespace detail

}  // namespace gpuplan
