// The risk register of the plan report: one row per rule, each with its level and the evidence
// from plan.json, for the recommended fleet. The rules and their levels (docs/planning-method.md,
// "The report: executive summary, risk register, approval"):
//   N+1                  a single replica: high; the N+1 fleet failing: medium; not checked:
//                        medium; the fleet surviving the loss of a replica: low
//   traffic sensitivity  the smallest tested multiple of the peak that breaks the fleet: at most
//                        1.2x high, below 2x medium, else low; nothing above 1x tested: medium
//   uncalibrated GPU     a latency model that is not calibrated on the recommended GPU: high;
//                        calibrated: low
//   price source         the recommended GPU's price tier against the other candidates': a
//                        community or spot price beside on-demand ones: high; community or spot
//                        throughout, a GPU-cloud price beside hyperscaler ones, a source of an
//                        unstated kind: medium; else low
//   latency model error  no latency safety factor: medium; a factor above 1: low
//   validated error      (only in a plan.json with recommendation.model_error) an SLO margin
//                        smaller than the model's median error for its metric on this engine and
//                        GPU: high; no validated band for any SLO metric: medium; every margin
//                        above its median error: low
//   seeds                fewer than 3 (the few_seeds warning): high; 3 or 4: medium; 5 or more: low
//   cost cap             (only with a cap) it binds: high; the N+1 fleet above it: medium; else low
// Levels depend on plan.json alone; the recommended run, when given, only adds evidence (the share
// of step time from measured operations). Internal to reports/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reports/plan_data.h"
#include "reports/run_data.h"

namespace gpuplan::report::detail {

enum class RiskLevel { kHigh, kMedium, kLow };

struct RiskRow {
  RiskLevel level = RiskLevel::kLow;
  std::string risk;      // what it is, in a few words
  std::string evidence;  // the numbers from plan.json behind the level
};

// What kind of price a plan's price is: plan.json's `tier` (the catalog's price_tier), or for
// files written before prices were tagged, read from the words of its source.
enum class PriceTier {
  kHyperscalerOnDemand,  // AWS, Azure, Google Cloud, Oracle on-demand list prices
  kHyperscalerReserved,  // a hyperscaler's rate for a term commitment
  kGpuCloudOnDemand,     // an on-demand price of another cloud (Lambda, Massed Compute, ...)
  kCommunityOrSpot,      // community hosts, spot, interruptible, marketplace offers
  kPlanOverride,         // the plan's own cost.cloud.usd_per_gpu_hour
  kOnPremises,           // the plan's on-premises cost model
  kUnknown,
};

PriceTier ClassifyPriceSource(std::string_view source);
// The tier of `price`: its `tier` when plan.json has one, else ClassifyPriceSource(source).
PriceTier PriceTierOf(const PlanPrice& price);
std::string PriceTierName(PriceTier tier, Lang lang);
std::string RiskLevelWord(RiskLevel level, Lang lang);

// Every rule's row for the recommended fleet, highest level first (rules of one level in a fixed
// order of consequence: cost cap, N+1, traffic, calibration, seeds, price, model error, validated
// error); empty when nothing is recommended.
std::vector<RiskRow> PlanRisks(const PlanDocument& plan, const RunData* run, Lang lang);

}  // namespace gpuplan::report::detail
