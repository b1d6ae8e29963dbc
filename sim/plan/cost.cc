#include "sim/plan/cost.h"

#include <fmt/format.h>

#include <cmath>

namespace gpuplan {

namespace {

std::string Num(double v) { return FormatNumber(v); }
std::string Usd(double v) { return fmt::format("${}", FormatNumber(v, 4)); }

bool PositiveFinite(double v) { return std::isfinite(v) && v > 0; }

void RequireAtLeast(double value, double min, bool exclusive, std::string_view field,
                    std::string_view path, std::string_view expected, Diagnostics& diags) {
  const bool ok = std::isfinite(value) && (exclusive ? value > min : value >= min);
  if (ok) return;
  diags.Add({}, fmt::format("{}.{}", path, field),
            fmt::format("{} is {}; expected {}", field, value, expected));
}

void ValidateOnPrem(const OnPremPricing& p, std::string_view path, Diagnostics& diags) {
  RequireAtLeast(p.purchase_usd_per_gpu, 0, false, "purchase_usd_per_gpu", path, "dollars >= 0",
                 diags);
  RequireAtLeast(p.amortisation_years, 0, true, "amortisation_years", path, "years > 0", diags);
  RequireAtLeast(p.tdp_w, 0, false, "tdp_w", path, "watts >= 0", diags);
  if (!std::isfinite(p.utilisation) || p.utilisation <= 0 || p.utilisation > 1) {
    diags.Add({}, fmt::format("{}.utilisation", path),
              fmt::format("utilisation is {}; expected the mean fraction of TDP drawn, in (0, 1]",
                          p.utilisation));
  }
  RequireAtLeast(p.usd_per_kwh, 0, false, "usd_per_kwh", path, "dollars per kWh >= 0", diags);
  RequireAtLeast(p.pue, 1, false, "pue", path,
                 ">= 1 (facility power can not be less than the IT power)", diags);
  RequireAtLeast(p.hosting_usd_per_gpu_month, 0, false, "hosting_usd_per_gpu_month", path,
                 "dollars >= 0", diags);
}

GpuHourCost CloudHour(const CloudPricing& p) {
  std::string formula = "cloud price";
  if (!p.price_date.empty()) formula += fmt::format(" read {}", p.price_date);
  if (!p.price_source.empty()) formula += fmt::format(" ({})", p.price_source);
  if (p.normalised_from.empty()) {
    return {p.usd_per_gpu_hour, {{"price per GPU-hour", formula, p.usd_per_gpu_hour, "$/GPU-h"}}};
  }
  const double listed = p.usd_per_gpu_hour / p.tier_factor;
  return {
      p.usd_per_gpu_hour,
      {{"listed price per GPU-hour", fmt::format("{}, tier {}", formula, p.normalised_from), listed,
        "$/GPU-h"},
       {"price per GPU-hour",
        fmt::format("listed price x tier factor = {} x {} (a {} price from a {} one: {})",
                    Usd(listed), Num(p.tier_factor), p.tier, p.normalised_from, p.factor_source),
        p.usd_per_gpu_hour, "$/GPU-h"}}};
}

GpuHourCost OnPremHour(const OnPremPricing& p) {
  GpuHourCost c;
  const double amortisation = p.purchase_usd_per_gpu / (p.amortisation_years * kHoursPerYear);
  c.steps.push_back({"amortisation per GPU-hour",
                     fmt::format("purchase / (years x 8,760 h) = {} / ({} x 8,760)",
                                 Usd(p.purchase_usd_per_gpu), Num(p.amortisation_years)),
                     amortisation, "$/GPU-h"});
  const double kw = p.tdp_w / 1000 * p.utilisation * p.pue;
  const double power = kw * p.usd_per_kwh;
  c.steps.push_back(
      {"power per GPU-hour",
       fmt::format("TDP x utilisation x PUE x price = {} kW x {} x {} x {}/kWh",
                   Num(p.tdp_w / 1000), Num(p.utilisation), Num(p.pue), Usd(p.usd_per_kwh)),
       power, "$/GPU-h"});
  const double hosting = p.hosting_usd_per_gpu_month / kHoursPerMonth;
  c.steps.push_back(
      {"hosting per GPU-hour",
       fmt::format("hosting per month / 730 h = {} / 730", Usd(p.hosting_usd_per_gpu_month)),
       hosting, "$/GPU-h"});
  c.usd_per_gpu_hour = amortisation + power + hosting;
  c.steps.push_back({"price per GPU-hour",
                     fmt::format("amortisation + power + hosting = {} + {} + {}", Usd(amortisation),
                                 Usd(power), Usd(hosting)),
                     c.usd_per_gpu_hour, "$/GPU-h"});
  return c;
}

}  // namespace

CloudPricing CloudPricingFor(const GpuSpec& gpu, std::optional<double> override_usd_per_gpu_hour,
                             const std::string& override_tier) {
  if (override_usd_per_gpu_hour) {
    if (!PositiveFinite(*override_usd_per_gpu_hour)) {
      throw ConfigError(fmt::format("price override {} $/GPU-hour is not a price; expected > 0",
                                    *override_usd_per_gpu_hour));
    }
    return {*override_usd_per_gpu_hour, "", "user override",
            override_tier.empty() ? "plan_override" : override_tier, ""};
  }
  if (!PositiveFinite(gpu.price_usd_per_gpu_hour)) {
    throw ConfigError(
        fmt::format("GPU '{}' has no catalog price (price_usd_per_gpu_hour is {}); "
                    "expected a price override in $/GPU-hour > 0",
                    gpu.name, gpu.price_usd_per_gpu_hour));
  }
  return {gpu.price_usd_per_gpu_hour, gpu.price_date, gpu.price_source, gpu.price_tier,
          gpu.price_region};
}

CloudPricing NormalisedTo(const CloudPricing& listed, const std::string& to,
                          const std::map<std::string, double>& factors, const std::string& source) {
  if (listed.tier == to) return listed;
  const auto factor = factors.find(listed.tier);
  if (factor == factors.end()) {
    throw ConfigError(
        fmt::format("cost.cloud.normalise: no factor for tier '{}' (the price {}); expected "
                    "cost.cloud.normalise.factors.{}: a {} price / a {} price",
                    listed.tier.empty() ? "unstated" : listed.tier, listed.price_source,
                    listed.tier, to, listed.tier));
  }
  CloudPricing p = listed;
  p.usd_per_gpu_hour = listed.usd_per_gpu_hour * factor->second;
  p.tier_factor = factor->second;
  p.normalised_from = listed.tier;
  p.factor_source = source;
  p.tier = to;
  return p;
}

OnPremPricing OnPremPricingFor(const GpuSpec& gpu) {
  OnPremPricing p;
  p.tdp_w = gpu.tdp_w;
  return p;
}

void ValidateCostModel(const CostModel& model, Diagnostics& diags, std::string_view path) {
  if (const auto* cloud = std::get_if<CloudPricing>(&model)) {
    if (!PositiveFinite(cloud->usd_per_gpu_hour)) {
      diags.Add({}, fmt::format("{}.usd_per_gpu_hour", path),
                fmt::format("usd_per_gpu_hour is {}; expected a price > 0 (the catalog has none "
                            "for this GPU: give one)",
                            cloud->usd_per_gpu_hour));
    }
    return;
  }
  ValidateOnPrem(std::get<OnPremPricing>(model), path, diags);
}

GpuHourCost CostPerGpuHour(const CostModel& model) {
  Diagnostics diags;
  ValidateCostModel(model, diags);
  diags.ThrowIfAny();
  if (const auto* cloud = std::get_if<CloudPricing>(&model)) return CloudHour(*cloud);
  return OnPremHour(std::get<OnPremPricing>(model));
}

namespace {

void CheckFleet(int gpus, double output_tokens_per_s) {
  Diagnostics diags;
  if (gpus < 1) {
    diags.Add({}, "fleet.gpus", fmt::format("gpus is {}; expected at least 1 GPU", gpus));
  }
  if (!std::isfinite(output_tokens_per_s) || output_tokens_per_s < 0) {
    diags.Add({}, "fleet.output_tokens_per_s",
              fmt::format("output_tokens_per_s is {}; expected tokens/s >= 0 (0 = unknown)",
                          output_tokens_per_s));
  }
  diags.ThrowIfAny();
}

// The fleet's hourly cost spread over the output tokens it produces in that hour.
void AddTokenCost(double output_tokens_per_s, FleetCost& f) {
  const double tokens_per_hour = output_tokens_per_s * 3600.0;
  f.usd_per_million_output_tokens = f.usd_per_hour / tokens_per_hour * 1e6;
  f.steps.push_back(
      {"cost per 1M output tokens",
       fmt::format("cost per hour / (output tokens/s x 3,600) x 1e6 = {} / ({} x 3,600) x 1e6",
                   Usd(f.usd_per_hour), Num(output_tokens_per_s)),
       *f.usd_per_million_output_tokens, "$/1M tokens"});
}

}  // namespace

FleetCost CostOfFleet(const CostModel& model, int gpus, double output_tokens_per_s) {
  CheckFleet(gpus, output_tokens_per_s);
  GpuHourCost hour = CostPerGpuHour(model);
  FleetCost f;
  f.gpus = gpus;
  f.usd_per_gpu_hour = hour.usd_per_gpu_hour;
  f.steps = std::move(hour.steps);
  f.usd_per_hour = gpus * f.usd_per_gpu_hour;
  f.steps.push_back(
      {"fleet cost per hour",
       fmt::format("GPUs x price per GPU-hour = {} x {}", gpus, Usd(f.usd_per_gpu_hour)),
       f.usd_per_hour, "$/h"});
  f.usd_per_day = f.usd_per_hour * 24;
  f.steps.push_back({"fleet cost per day",
                     fmt::format("cost per hour x 24 = {} x 24", Usd(f.usd_per_hour)),
                     f.usd_per_day, "$/day"});
  f.usd_per_month = f.usd_per_hour * kHoursPerMonth;
  f.steps.push_back({"fleet cost per month",
                     fmt::format("cost per hour x 730 h = {} x 730", Usd(f.usd_per_hour)),
                     f.usd_per_month, "$/month"});
  f.gpu_hours_per_day = gpus * 24.0;
  f.steps.push_back({"GPU-hours per day", fmt::format("GPUs x 24 h = {} x 24", gpus),
                     f.gpu_hours_per_day, "GPU-h/day"});
  if (output_tokens_per_s > 0) AddTokenCost(output_tokens_per_s, f);
  return f;
}

}  // namespace gpuplan
