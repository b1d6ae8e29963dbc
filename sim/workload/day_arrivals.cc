// day: a day of open-loop traffic, one stage per hour of a 24-weight diurnal curve (the shape a
// plan's traffic.diurnal_curve gives), the busiest hour at peak_rate_per_s. The stages are the
// staged kind's, so the offered load is exactly the curve whatever the system does; a run over
// the whole day carries its queues from one hour into the next.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/core/error.h"
#include "sim/core/sim_time.h"
#include "sim/workload/arrival.h"

namespace gpuplan {
namespace {

constexpr size_t kHours = 24;

StagedOptions Stages(const DayOptions& o) {
  const double most = *std::max_element(o.curve.begin(), o.curve.end());
  StagedOptions s;
  s.spacing = o.spacing;
  for (int32_t i = 0; i < o.hours; ++i) {
    const size_t hour = static_cast<size_t>(o.start_hour + i) % kHours;
    s.rates_per_s.push_back(o.peak_rate_per_s * o.curve[hour] / most);
    s.durations_s.push_back(o.seconds_per_hour);
  }
  return s;
}

class DayArrivals final : public ArrivalProcess {
 public:
  explicit DayArrivals(const DayOptions& o) : o_(o), staged_(MakeStagedArrivals(Stages(o))) {}
  std::unique_ptr<RequestSource> Open(uint64_t seed) const override { return staged_->Open(seed); }
  std::string Describe() const override {
    return fmt::format("day ({} h from hour {}, peak {:g} req/s, {:g} s per hour, {})", o_.hours,
                       o_.start_hour, o_.peak_rate_per_s, o_.seconds_per_hour,
                       o_.spacing == StageSpacing::kConstant ? "constant" : "poisson");
  }

 private:
  DayOptions o_;
  std::shared_ptr<const ArrivalProcess> staged_;
};

// The curve's own rules (the schema checks each option's range).
void CheckCurve(OptionReporter& r, const std::vector<double>& curve) {
  if (curve.size() != kHours) {
    r.Fail("curve",
           fmt::format("{} weights; expected 24 hourly weights, hour 0 first", curve.size()));
    return;
  }
  double sum = 0;
  for (size_t h = 0; h < curve.size(); ++h) {
    if (!(std::isfinite(curve[h]) && curve[h] >= 0)) {
      r.Fail("curve", fmt::format("hour {} weight is {}; expected a weight >= 0", h, curve[h]));
      return;
    }
    sum += curve[h];
  }
  if (!(sum > 0)) r.Fail("curve", "every hourly weight is 0; expected at least one hour > 0");
}

}  // namespace

std::shared_ptr<const ArrivalProcess> MakeDayArrivals(const DayOptions& o) {
  GPUPLAN_CHECK(o.curve.size() == kHours && o.peak_rate_per_s > 0 && o.hours >= 1 &&
                    o.start_hour >= 0 && o.start_hour < 24 && o.seconds_per_hour > 0,
                "day arrivals: {} weights, peak {}, {} h from {}, {} s per hour", o.curve.size(),
                o.peak_rate_per_s, o.hours, o.start_hour, o.seconds_per_hour);
  GPUPLAN_CHECK(*std::max_element(o.curve.begin(), o.curve.end()) > 0,
                "day arrivals: every weight is 0");
  return std::make_shared<DayArrivals>(o);
}

namespace detail {

void RegisterDayArrival(ArrivalRegistry& registry) {
  registry.Add(
      "day",
      "a day of traffic: one stage per hour of a 24-weight diurnal curve, the busiest hour at "
      "peak_rate_per_s",
      {{.name = "peak_rate_per_s",
        .type = OptionType::kDouble,
        .unit = "req/s",
        .help = "the mean rate of the busiest hour of the curve",
        .required = true,
        .min = 0,
        .min_exclusive = true},
       {.name = "curve",
        .type = OptionType::kDoubleList,
        .help = "24 hourly weights, hour 0 first (as a plan's traffic.diurnal_curve)",
        .required = true},
       {.name = "start_hour",
        .type = OptionType::kInt,
        .default_value = "0",
        .help = "the hour of the curve the run starts at",
        .min = 0,
        .max = 23},
       {.name = "hours",
        .type = OptionType::kInt,
        .default_value = "24",
        .help = "how many hours to replay (past hour 23 the curve wraps to hour 0)",
        .min = 1,
        .max = 24 * 366},
       {.name = "seconds_per_hour",
        .type = OptionType::kDouble,
        .unit = "s",
        .default_value = "3600",
        .help = "simulated length of each hour; fewer than 3600 compresses the day, rates kept",
        .min = 0,
        .min_exclusive = true},
       {.name = "spacing",
        .type = OptionType::kEnum,
        .default_value = "poisson",
        .help = "arrivals within an hour: Poisson or evenly spaced (constant)",
        .choices = {"poisson", "constant"}}},
      [](OptionReader& r) {
        DayOptions o;
        o.peak_rate_per_s = r.Double("peak_rate_per_s");
        o.curve = r.DoubleList("curve");
        o.start_hour = static_cast<int32_t>(r.Int("start_hour"));
        o.hours = static_cast<int32_t>(r.Int("hours"));
        o.seconds_per_hour = r.Double("seconds_per_hour");
        o.spacing =
            r.String("spacing") == "constant" ? StageSpacing::kConstant : StageSpacing::kPoisson;
        return o;
      },
      [](const DayOptions& o, OptionReporter& r,
         const WorkloadContext&) -> std::shared_ptr<const ArrivalProcess> {
        const size_t before = r.diagnostics().size();
        CheckCurve(r, o.curve);
        if (r.diagnostics().size() != before) return nullptr;
        if (o.hours * o.seconds_per_hour > kMaxSimSeconds) {
          r.Fail("hours", fmt::format("{} hours of {:g} s exceed the simulator's {:g} s", o.hours,
                                      o.seconds_per_hour, kMaxSimSeconds));
          return nullptr;
        }
        return MakeDayArrivals(o);
      });
}

}  // namespace detail
}  // namespace gpuplan
