// staged: a load test in stages, each at its own rate for its own duration, as inference-perf's
// `load.stages` ({rate, duration} per stage) and Locust's step loads run them. Within a stage the
// arrivals are evenly spaced (inference-perf's `type: constant`) or Poisson (`type: poisson`);
// each stage starts when the previous one's duration is over, so the offered load is exactly the
// schedule whatever the system does (open loop). The stream ends after the last stage.
#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/rng.h"
#include "sim/core/sim_time.h"
#include "sim/workload/arrival.h"

namespace gpuplan {
namespace {

class StagedStream final : public RequestSource {
 public:
  StagedStream(const StagedOptions& o, uint64_t seed) : o_(o), rng_(seed, RngStream::kArrivals) {}

  bool Next(RequestSpec* out) override {
    while (stage_ < o_.rates_per_s.size()) {
      const double rate = o_.rates_per_s[stage_];
      const double end = stage_start_s_ + o_.durations_s[stage_];
      if (rate <= 0) {  // a quiet stage (an hour of weight 0 in a day): no arrival
        NextStage(end);
        continue;
      }
      // Constant spacing: arrival i of the stage at start + i / rate (no summed drift).
      const double t = o_.spacing == StageSpacing::kConstant
                           ? stage_start_s_ + static_cast<double>(index_) / rate
                           : poisson_t_s_;
      if (t > kMaxSimSeconds) return false;  // simulated time ends there
      if (t < end) {
        ++index_;
        if (o_.spacing == StageSpacing::kPoisson) poisson_t_s_ += rng_.Exponential(rate);
        *out = RequestSpec{.arrival = ToSimTime(t)};
        return true;
      }
      NextStage(end);
    }
    return false;
  }

 private:
  void NextStage(double end) {
    stage_start_s_ = end;
    ++stage_;
    index_ = 0;
    if (stage_ < o_.rates_per_s.size() && o_.rates_per_s[stage_] > 0) {
      poisson_t_s_ = stage_start_s_ + rng_.Exponential(o_.rates_per_s[stage_]);
    }
  }

  StagedOptions o_;
  Rng rng_;
  size_t stage_ = 0;
  int64_t index_ = 0;
  double stage_start_s_ = 0;
  double poisson_t_s_ = 0;  // the next Poisson arrival; the first one of the run is at t = 0
};

class StagedArrivals final : public ArrivalProcess {
 public:
  explicit StagedArrivals(const StagedOptions& o) : o_(o) {}
  std::unique_ptr<RequestSource> Open(uint64_t seed) const override {
    return std::make_unique<StagedStream>(o_, seed);
  }
  std::string Describe() const override {
    std::string stages;
    for (size_t i = 0; i < o_.rates_per_s.size(); ++i) {
      stages += fmt::format("{}{:g} s at {:g} req/s", i ? ", " : "", o_.durations_s[i],
                            o_.rates_per_s[i]);
    }
    return fmt::format("staged {} ({})",
                       o_.spacing == StageSpacing::kConstant ? "constant" : "poisson", stages);
  }

 private:
  StagedOptions o_;
};

// Checks the relation between the lists (the schema checks each list's own values).
void CheckStages(OptionReporter& r, const StagedOptions& o) {
  if (o.rates_per_s.size() != o.durations_s.size()) {
    r.Fail("durations_s", fmt::format("{} durations for {} rates; expected one duration per rate",
                                      o.durations_s.size(), o.rates_per_s.size()));
  }
  for (double rate : o.rates_per_s) {
    if (!(rate > 0)) r.Fail("rates_per_s", fmt::format("rate {} is not > 0", rate));
  }
  for (double d : o.durations_s) {
    if (!(d > 0 && d <= kMaxSimSeconds)) {
      r.Fail("durations_s", fmt::format("duration {} is not in (0, {:g}] s", d, kMaxSimSeconds));
    }
  }
  if (o.rates_per_s.empty()) r.Fail("rates_per_s", "no stage; expected at least one rate");
}

}  // namespace

std::shared_ptr<const ArrivalProcess> MakeStagedArrivals(const StagedOptions& options) {
  GPUPLAN_CHECK(
      !options.rates_per_s.empty() && options.rates_per_s.size() == options.durations_s.size(),
      "staged arrivals: {} rates, {} durations", options.rates_per_s.size(),
      options.durations_s.size());
  for (size_t i = 0; i < options.rates_per_s.size(); ++i) {
    GPUPLAN_CHECK(options.rates_per_s[i] >= 0 && options.durations_s[i] > 0,
                  "staged arrivals: stage {} rate {} duration {}", i, options.rates_per_s[i],
                  options.durations_s[i]);
  }
  return std::make_shared<StagedArrivals>(options);
}

namespace detail {

void RegisterStagedArrival(ArrivalRegistry& registry) {
  registry.Add(
      "staged",
      "a load test in stages: each stage at its own rate for its own duration (inference-perf "
      "load.stages)",
      {{.name = "rates_per_s",
        .type = OptionType::kDoubleList,
        .unit = "req/s",
        .help = "the rate of each stage, in order, e.g. [5, 10]",
        .required = true},
       {.name = "durations_s",
        .type = OptionType::kDoubleList,
        .unit = "s",
        .help = "the duration of each stage, one per rate, e.g. [600, 600]",
        .required = true},
       {.name = "spacing",
        .type = OptionType::kEnum,
        .default_value = "constant",
        .help = "arrivals within a stage: evenly spaced (constant) or Poisson",
        .choices = {"constant", "poisson"}}},
      [](OptionReader& r) {
        StagedOptions o;
        o.rates_per_s = r.DoubleList("rates_per_s");
        o.durations_s = r.DoubleList("durations_s");
        o.spacing =
            r.String("spacing") == "poisson" ? StageSpacing::kPoisson : StageSpacing::kConstant;
        return o;
      },
      [](const StagedOptions& o, OptionReporter& r,
         const WorkloadContext&) -> std::shared_ptr<const ArrivalProcess> {
        const size_t before = r.diagnostics().size();
        CheckStages(r, o);
        if (r.diagnostics().size() != before) return nullptr;
        return MakeStagedArrivals(o);
      });
}

}  // namespace detail
}  // namespace gpuplan
