// Open-loop arrival processes: renewal processes (poisson, gamma, weibull), constant rate and
// offline, with their option schemas.
#include <fmt/format.h>

#include <cmath>

#include "sim/core/rng.h"
#include "sim/core/sim_time.h"
#include "sim/workload/arrival.h"

namespace gpuplan {
namespace {

// Streams end where simulated time does (kMaxSimSeconds).
constexpr double kMaxArrivalSeconds = kMaxSimSeconds;

std::string FormatRate(double rate_per_s) {
  return rate_per_s >= 0.1 ? fmt::format("{:.2f} req/s", rate_per_s)
                           : fmt::format("{:.3g} req/s", rate_per_s);
}

// A renewal process: i.i.d. gaps drawn by `Gap`, the first arrival at t = 0.
template <class Gap>
class RenewalStream final : public RequestSource {
 public:
  RenewalStream(Gap gap, uint64_t seed) : gap_(gap), rng_(seed, RngStream::kArrivals) {}

  bool Next(RequestSpec* out) override {
    if (started_) t_s_ += gap_(rng_);
    started_ = true;
    if (t_s_ > kMaxArrivalSeconds) return false;
    *out = RequestSpec{.arrival = ToSimTime(t_s_)};
    return true;
  }

 private:
  Gap gap_;
  Rng rng_;
  double t_s_ = 0;
  bool started_ = false;
};

struct ExponentialGap {
  double rate;
  double operator()(Rng& rng) const { return rng.Exponential(rate); }
};
struct GammaGap {
  double shape;
  double scale;
  double operator()(Rng& rng) const { return rng.Gamma(shape, scale); }
};
struct WeibullGap {
  double shape;
  double scale;
  double operator()(Rng& rng) const { return rng.Weibull(shape, scale); }
};

class PoissonArrivals final : public ArrivalProcess {
 public:
  explicit PoissonArrivals(const PoissonOptions& o) : o_(o) {}
  std::unique_ptr<RequestSource> Open(uint64_t seed) const override {
    return std::make_unique<RenewalStream<ExponentialGap>>(ExponentialGap{o_.rate_per_s}, seed);
  }
  std::string Describe() const override { return "poisson " + FormatRate(o_.rate_per_s); }
  std::optional<double> MeanRatePerS() const override { return o_.rate_per_s; }

 private:
  PoissonOptions o_;
};

// Gamma(k, theta) gaps with mean k * theta = 1 / rate and CV 1 / sqrt(k).
class GammaArrivals final : public ArrivalProcess {
 public:
  explicit GammaArrivals(const GammaOptions& o) : o_(o) {}
  std::unique_ptr<RequestSource> Open(uint64_t seed) const override {
    const double shape = 1.0 / (o_.cv * o_.cv);
    const double scale = 1.0 / (o_.rate_per_s * shape);
    return std::make_unique<RenewalStream<GammaGap>>(GammaGap{shape, scale}, seed);
  }
  std::string Describe() const override {
    return fmt::format("gamma {} cv {:.2f}", FormatRate(o_.rate_per_s), o_.cv);
  }
  std::optional<double> MeanRatePerS() const override { return o_.rate_per_s; }

 private:
  GammaOptions o_;
};

// Weibull(k, lambda) gaps with mean lambda * Gamma(1 + 1/k) = 1 / rate.
class WeibullArrivals final : public ArrivalProcess {
 public:
  explicit WeibullArrivals(const WeibullOptions& o) : o_(o) {}
  std::unique_ptr<RequestSource> Open(uint64_t seed) const override {
    const double scale = 1.0 / (o_.rate_per_s * std::tgamma(1.0 + 1.0 / o_.shape));
    return std::make_unique<RenewalStream<WeibullGap>>(WeibullGap{o_.shape, scale}, seed);
  }
  std::string Describe() const override {
    return fmt::format("weibull {} shape {:.2f}", FormatRate(o_.rate_per_s), o_.shape);
  }
  std::optional<double> MeanRatePerS() const override { return o_.rate_per_s; }

 private:
  WeibullOptions o_;
};

// Arrival i at exactly i / rate (computed from i, not summed, so there is no drift).
class ConstantStream final : public RequestSource {
 public:
  explicit ConstantStream(double rate) : rate_(rate) {}
  bool Next(RequestSpec* out) override {
    const double t_s = static_cast<double>(index_) / rate_;
    if (t_s > kMaxArrivalSeconds) return false;
    ++index_;
    *out = RequestSpec{.arrival = ToSimTime(t_s)};
    return true;
  }

 private:
  double rate_;
  int64_t index_ = 0;
};

class ConstantArrivals final : public ArrivalProcess {
 public:
  explicit ConstantArrivals(const ConstantOptions& o) : o_(o) {}
  std::unique_ptr<RequestSource> Open(uint64_t /*seed*/) const override {
    return std::make_unique<ConstantStream>(o_.rate_per_s);
  }
  std::string Describe() const override { return "constant " + FormatRate(o_.rate_per_s); }
  std::optional<double> MeanRatePerS() const override { return o_.rate_per_s; }

 private:
  ConstantOptions o_;
};

class OfflineStream final : public RequestSource {
 public:
  explicit OfflineStream(int64_t count) : remaining_(count) {}
  bool Next(RequestSpec* out) override {
    if (remaining_ == 0) return false;
    if (remaining_ > 0) --remaining_;  // negative: unbounded
    *out = RequestSpec{.arrival = 0};
    return true;
  }

 private:
  int64_t remaining_;
};

class OfflineArrivals final : public ArrivalProcess {
 public:
  explicit OfflineArrivals(const OfflineOptions& o) : o_(o) {}
  std::unique_ptr<RequestSource> Open(uint64_t /*seed*/) const override {
    // Without num_requests the workload's RequestBudget ends the stream.
    return std::make_unique<OfflineStream>(o_.num_requests.value_or(-1));
  }
  std::string Describe() const override {
    return o_.num_requests ? fmt::format("offline ({} requests at t=0)", *o_.num_requests)
                           : "offline (all requests at t=0)";
  }
  bool NeedsRequestLimit() const override { return !o_.num_requests.has_value(); }

 private:
  OfflineOptions o_;
};

OptionSpec RateSpec() {
  return {.name = "rate_per_s",
          .type = OptionType::kDouble,
          .unit = "req/s",
          .help = "mean arrival rate",
          .required = true,
          .min = 0.0,
          .min_exclusive = true};
}

}  // namespace

std::shared_ptr<const ArrivalProcess> MakePoissonArrivals(const PoissonOptions& options) {
  return std::make_shared<PoissonArrivals>(options);
}
std::shared_ptr<const ArrivalProcess> MakeGammaArrivals(const GammaOptions& options) {
  return std::make_shared<GammaArrivals>(options);
}
std::shared_ptr<const ArrivalProcess> MakeWeibullArrivals(const WeibullOptions& options) {
  return std::make_shared<WeibullArrivals>(options);
}
std::shared_ptr<const ArrivalProcess> MakeConstantArrivals(const ConstantOptions& options) {
  return std::make_shared<ConstantArrivals>(options);
}
std::shared_ptr<const ArrivalProcess> MakeOfflineArrivals(const OfflineOptions& options) {
  return std::make_shared<OfflineArrivals>(options);
}

namespace detail {

void RegisterOpenLoopArrivals(ArrivalRegistry& registry) {
  auto build = [](auto make) {
    return [make](const auto& options, const WorkloadContext&) { return make(options); };
  };
  registry.Add(
      "poisson", "Poisson arrivals: exponential gaps with mean 1/rate", {RateSpec()},
      [](OptionReader& r) { return PoissonOptions{.rate_per_s = r.Double("rate_per_s")}; },
      build(MakePoissonArrivals));
  registry.Add(
      "gamma", "Gamma-distributed gaps with mean 1/rate and a given coefficient of variation",
      {RateSpec(),
       {.name = "cv",
        .type = OptionType::kDouble,
        .default_value = "1",
        .help = "coefficient of variation of the gaps (1 = Poisson, >1 bursty)",
        .min = 0.0,
        .max = 100.0,
        .min_exclusive = true}},
      [](OptionReader& r) {
        return GammaOptions{.rate_per_s = r.Double("rate_per_s"), .cv = r.Double("cv")};
      },
      build(MakeGammaArrivals));
  registry.Add(
      "weibull", "Weibull-distributed gaps with mean 1/rate",
      {RateSpec(),
       {.name = "shape",
        .type = OptionType::kDouble,
        .default_value = "1",
        .help = "Weibull shape k of the gaps (1 = Poisson, <1 bursty)",
        .min = 0.05,
        .max = 100.0}},
      [](OptionReader& r) {
        return WeibullOptions{.rate_per_s = r.Double("rate_per_s"), .shape = r.Double("shape")};
      },
      build(MakeWeibullArrivals));
  registry.Add(
      "constant", "evenly spaced arrivals, one every 1/rate seconds", {RateSpec()},
      [](OptionReader& r) { return ConstantOptions{.rate_per_s = r.Double("rate_per_s")}; },
      build(MakeConstantArrivals));
  registry.Add(
      "offline", "all requests at t=0 (maximum-throughput runs)",
      {{.name = "num_requests",
        .type = OptionType::kInt,
        .unit = "requests",
        .help = "how many requests; when absent, the run's request limit decides",
        .min = 1.0}},
      [](OptionReader& r) {
        OfflineOptions o;
        if (r.Given("num_requests")) o.num_requests = r.Int("num_requests");
        return o;
      },
      build(MakeOfflineArrivals));
}

}  // namespace detail

void RegisterBuiltinArrivals(ArrivalRegistry& registry) {
  detail::RegisterOpenLoopArrivals(registry);
  detail::RegisterStagedArrival(registry);
  detail::RegisterDayArrival(registry);
  detail::RegisterClosedLoopArrival(registry);
}

}  // namespace gpuplan
