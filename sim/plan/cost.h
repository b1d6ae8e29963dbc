// The cost model: what a fleet of GPUs costs per hour, month and million output tokens. Either a
// cloud price per GPU-hour (the catalog's dated, sourced price, or the user's own) or on-premises
// ownership (purchase price amortised over N years + power at TDP x utilisation x PUE x $/kWh +
// hosting). Every result carries its DerivationSteps so the report can show the arithmetic.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/catalog/specs.h"
#include "sim/core/error.h"
#include "sim/plan/derivation.h"

namespace gpuplan {

// A month is 730 hours (8,760 h per 365-day year / 12), the convention of cloud price lists.
constexpr double kHoursPerMonth = 730;
constexpr double kHoursPerYear = 8760;

struct CloudPricing {
  double usd_per_gpu_hour = 0;
  std::string price_date;    // when the price was read ("" for a user override)
  std::string price_source;  // where it comes from, for the report
  std::string tier;          // kPriceTiers, or "plan_override" for a plan's price of no stated tier
  std::string region;        // where the price applies ("" for an override)
  // cost.cloud.normalise: usd_per_gpu_hour is the listed price of tier `normalised_from` times
  // `tier_factor` (and `tier` the tier it stands in for); 1 and "" when the price is as listed.
  double tier_factor = 1;
  std::string normalised_from;
  std::string factor_source;
};

// `listed` (a catalog price) as a price of tier `to`: its price times the factor for its tier.
// Throws ConfigError when no factor is given for that tier.
CloudPricing NormalisedTo(const CloudPricing& listed, const std::string& to,
                          const std::map<std::string, double>& factors, const std::string& source);

// The catalog price of `gpu` with its date, source, tier and region, or
// `override_usd_per_gpu_hour` (source "user override", tier `override_tier` or "plan_override")
// when given. Throws ConfigError when the chosen price is not > 0.
CloudPricing CloudPricingFor(const GpuSpec& gpu,
                             std::optional<double> override_usd_per_gpu_hour = std::nullopt,
                             const std::string& override_tier = "");

struct OnPremPricing {
  double purchase_usd_per_gpu = 0;  // GPU plus its share of the server and network
  double amortisation_years = 0;
  double tdp_w = 0;        // board power at full load
  double utilisation = 1;  // mean fraction of TDP drawn, in (0, 1]
  double usd_per_kwh = 0;
  double pue = 1;  // power usage effectiveness: facility power / IT power, >= 1
  double hosting_usd_per_gpu_month = 0;  // rack space, cooling contract, staff
};

// On-prem pricing with tdp_w taken from the catalog; the caller fills the rest.
OnPremPricing OnPremPricingFor(const GpuSpec& gpu);

using CostModel = std::variant<CloudPricing, OnPremPricing>;

// Adds one diagnostic per problem at "<path>.<field>".
void ValidateCostModel(const CostModel& model, Diagnostics& diags, std::string_view path = "cost");

struct GpuHourCost {
  double usd_per_gpu_hour = 0;
  std::vector<DerivationStep> steps;
};

// Validates (throwing ConfigError) and derives the all-in price of one GPU-hour.
GpuHourCost CostPerGpuHour(const CostModel& model);

// A fleet running around the clock.
struct FleetCost {
  int gpus = 0;
  double usd_per_gpu_hour = 0;
  double usd_per_hour = 0;
  double usd_per_day = 0;
  double usd_per_month = 0;  // kHoursPerMonth hours
  double gpu_hours_per_day = 0;
  // Needs output_tokens_per_s > 0: usd_per_hour / (output tokens per hour) x 1e6.
  std::optional<double> usd_per_million_output_tokens;
  std::vector<DerivationStep> steps;  // the GPU-hour steps, then the fleet's
};

// Throws ConfigError for an invalid model, gpus < 1 or a negative or non-finite token rate.
// output_tokens_per_s is the fleet's sustained output rate (0 = unknown: no per-token cost).
FleetCost CostOfFleet(const CostModel& model, int gpus, double output_tokens_per_s);

}  // namespace gpuplan
