// Parametric length distributions (fixed, uniform, lognormal) and their option schemas.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/core/error.h"
#include "sim/workload/length_dist.h"

namespace gpuplan {
namespace {

constexpr double kMaxTokens = kMaxTokenCount;

class FixedLength final : public LengthDistribution {
 public:
  explicit FixedLength(const FixedLengthOptions& o) : o_(o) {}
  int32_t Sample(Rng& /*rng*/) const override { return o_.tokens; }
  std::string Describe() const override { return fmt::format("fixed({})", o_.tokens); }

 private:
  FixedLengthOptions o_;
};

class UniformLength final : public LengthDistribution {
 public:
  explicit UniformLength(const UniformLengthOptions& o) : o_(o) {}
  int32_t Sample(Rng& rng) const override {
    return static_cast<int32_t>(rng.UniformInt(o_.min, o_.max));
  }
  std::string Describe() const override { return fmt::format("uniform({}..{})", o_.min, o_.max); }

 private:
  UniformLengthOptions o_;
};

class LognormalLength final : public LengthDistribution {
 public:
  explicit LognormalLength(const LognormalLengthOptions& o) : o_(o), mu_(std::log(o.median)) {}
  int32_t Sample(Rng& rng) const override {
    const double x = rng.LogNormal(mu_, o_.sigma);
    // Compare before rounding: x may be far beyond what an integer can hold.
    if (!(x < static_cast<double>(o_.max))) return o_.max;
    return std::max(o_.min, static_cast<int32_t>(std::llround(x)));
  }
  std::string Describe() const override {
    std::string text = fmt::format("lognormal(median {:g}, sigma {:g}", o_.median, o_.sigma);
    if (o_.min != 1 || o_.max != INT32_MAX) {
      text += fmt::format(", clamped to [{}, {}]", o_.min, o_.max);
    }
    return text + ")";
  }

 private:
  LognormalLengthOptions o_;
  double mu_;
};

// A token-count option; an empty default makes it required.
OptionSpec TokensSpec(std::string name, std::string default_value, std::string help) {
  const bool required = default_value.empty();
  return {.name = std::move(name),
          .type = OptionType::kInt,
          .unit = "tokens",
          .default_value = std::move(default_value),
          .help = std::move(help),
          .required = required,
          .min = 1.0,
          .max = kMaxTokens};
}

// Reports max < min; false then.
bool CheckMax(OptionReporter& r, int32_t min, int32_t max) {
  if (max >= min) return true;
  r.Fail("max", fmt::format("{} is below min {}; expected max >= min", max, min));
  return false;
}

// A token count: the schema bounds it to [1, kMaxTokenCount], so it fits int32.
int32_t ReadTokens(OptionReader& r, std::string_view name) {
  return static_cast<int32_t>(r.Int(name));
}

UniformLengthOptions ReadUniform(OptionReader& r) {
  UniformLengthOptions o;
  o.min = ReadTokens(r, "min");
  o.max = ReadTokens(r, "max");
  return o;
}

LognormalLengthOptions ReadLognormal(OptionReader& r) {
  LognormalLengthOptions o;
  o.median = r.Double("median");
  o.sigma = r.Double("sigma");
  o.min = ReadTokens(r, "min");
  if (r.Given("max")) o.max = ReadTokens(r, "max");
  return o;
}

}  // namespace

std::shared_ptr<const LengthDistribution> MakeFixedLength(const FixedLengthOptions& options) {
  GPUPLAN_CHECK(options.tokens >= 1, "fixed length {}", options.tokens);
  return std::make_shared<FixedLength>(options);
}

std::shared_ptr<const LengthDistribution> MakeUniformLength(const UniformLengthOptions& options) {
  GPUPLAN_CHECK(options.min >= 1 && options.max >= options.min, "uniform length {}..{}",
                options.min, options.max);
  return std::make_shared<UniformLength>(options);
}

std::shared_ptr<const LengthDistribution> MakeLognormalLength(
    const LognormalLengthOptions& options) {
  GPUPLAN_CHECK(
      options.median > 0 && options.sigma >= 0 && options.min >= 1 && options.max >= options.min,
      "lognormal length median {} sigma {} range [{}, {}]", options.median, options.sigma,
      options.min, options.max);
  return std::make_shared<LognormalLength>(options);
}

void RegisterBuiltinLengths(LengthRegistry& registry) {
  registry.Add(
      "fixed", "every request has the same length", {TokensSpec("tokens", "", "the length")},
      [](OptionReader& r) { return FixedLengthOptions{.tokens = ReadTokens(r, "tokens")}; },
      [](const FixedLengthOptions& o, const WorkloadContext&) { return MakeFixedLength(o); });
  registry.Add("uniform", "uniform over the integers min..max (both included)",
               {TokensSpec("min", "", "smallest length"), TokensSpec("max", "", "largest length")},
               ReadUniform,
               [](const UniformLengthOptions& o, OptionReporter& r,
                  const WorkloadContext&) -> std::shared_ptr<const LengthDistribution> {
                 if (!CheckMax(r, o.min, o.max)) return nullptr;
                 return MakeUniformLength(o);
               });
  registry.Add(
      "lognormal",
      "exp(Normal(ln median, sigma)) rounded; samples outside [min, max] are clamped to the bound",
      {{.name = "median",
        .type = OptionType::kDouble,
        .unit = "tokens",
        .help = "median length",
        .required = true,
        .min = 0.0,
        .min_exclusive = true},
       {.name = "sigma",
        .type = OptionType::kDouble,
        .help = "standard deviation of ln(length)",
        .required = true,
        .min = 0.0,
        .max = 10.0},
       TokensSpec("min", "1", "samples below are raised to min"),
       {.name = "max",
        .type = OptionType::kInt,
        .unit = "tokens",
        .help = "samples above are lowered to max; no bound when absent",
        .min = 1.0,
        .max = kMaxTokens}},
      ReadLognormal,
      [](const LognormalLengthOptions& o, OptionReporter& r,
         const WorkloadContext&) -> std::shared_ptr<const LengthDistribution> {
        if (!CheckMax(r, o.min, o.max)) return nullptr;
        return MakeLognormalLength(o);
      });
  detail::RegisterEmpiricalLength(registry);
}

}  // namespace gpuplan
