// closed_loop: N clients, each with one request outstanding at a time. A client sends at t = 0,
// waits for completion, thinks, and sends again: the offered load adapts to the system's speed,
// as in a benchmark with fixed concurrency.
#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/rng.h"
#include "sim/core/sim_time.h"
#include "sim/workload/arrival.h"

namespace gpuplan {
namespace {

class ClosedLoopStream final : public RequestSource {
 public:
  ClosedLoopStream(const ClosedLoopOptions& o, uint64_t seed)
      : o_(o), think_rng_(seed, RngStream::kThinkTime) {}

  // The first request of every client, all at t = 0.
  bool Next(RequestSpec* out) override {
    if (next_client_ >= o_.concurrency) return false;
    *out = RequestSpec{.arrival = 0, .client = next_client_++};
    return true;
  }

  bool OnComplete(int32_t client, SimTime now, RequestSpec* out) override {
    GPUPLAN_CHECK(client >= 0 && client < o_.concurrency,
                  "closed-loop completion for client {} of {}", client, o_.concurrency);
    *out = RequestSpec{.arrival = now + ToSimTime(ThinkSeconds()), .client = client};
    return true;
  }

 private:
  double ThinkSeconds() {
    if (o_.think_time_s == 0) return 0;
    if (o_.think_distribution == ThinkDistribution::kFixed) return o_.think_time_s;
    return think_rng_.Exponential(1.0 / o_.think_time_s);
  }

  ClosedLoopOptions o_;
  Rng think_rng_;
  int32_t next_client_ = 0;
};

class ClosedLoopArrivals final : public ArrivalProcess {
 public:
  explicit ClosedLoopArrivals(const ClosedLoopOptions& o) : o_(o) {}
  std::unique_ptr<RequestSource> Open(uint64_t seed) const override {
    return std::make_unique<ClosedLoopStream>(o_, seed);
  }
  std::string Describe() const override {
    const bool fixed = o_.think_distribution == ThinkDistribution::kFixed;
    return fmt::format("closed_loop {} clients, think {} {:.3g} s", o_.concurrency,
                       fixed ? "fixed" : "exponential mean", o_.think_time_s);
  }

 private:
  ClosedLoopOptions o_;
};

}  // namespace

std::shared_ptr<const ArrivalProcess> MakeClosedLoopArrivals(const ClosedLoopOptions& options) {
  GPUPLAN_CHECK(options.concurrency >= 1 && options.think_time_s >= 0,
                "closed loop concurrency {} think {}", options.concurrency, options.think_time_s);
  return std::make_shared<ClosedLoopArrivals>(options);
}

namespace detail {

void RegisterClosedLoopArrival(ArrivalRegistry& registry) {
  registry.Add(
      "closed_loop",
      "N clients; each sends a request, waits for its completion plus a think time, repeats",
      {{.name = "concurrency",
        .type = OptionType::kInt,
        .unit = "clients",
        .help = "number of clients (requests in flight)",
        .required = true,
        .min = 1.0,
        .max = 10'000'000.0},
       {.name = "think_time_s",
        .type = OptionType::kDouble,
        .unit = "s",
        .default_value = "0",
        .help = "mean time between a completion and the client's next request",
        .min = 0.0,
        .max = kMaxSimSeconds},
       {.name = "think_distribution",
        .type = OptionType::kEnum,
        .default_value = "exponential",
        .help = "distribution of think times",
        .choices = {"exponential", "fixed"}}},
      [](OptionReader& r) {
        ClosedLoopOptions o;
        o.concurrency = static_cast<int32_t>(r.Int("concurrency"));
        o.think_time_s = r.Double("think_time_s");
        o.think_distribution = r.String("think_distribution") == "fixed"
                                   ? ThinkDistribution::kFixed
                                   : ThinkDistribution::kExponential;
        return o;
      },
      [](const ClosedLoopOptions& o, const WorkloadContext&) { return MakeClosedLoopArrivals(o); });
}

}  // namespace detail
}  // namespace gpuplan
