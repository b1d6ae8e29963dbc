#include "sim/plan/cost.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gpuplan {
namespace {

using ::testing::HasSubstr;

GpuSpec PricedGpu() {
  GpuSpec gpu;
  gpu.name = "h100_sxm";
  gpu.tdp_w = 700;
  gpu.price_usd_per_gpu_hour = 6.88;
  gpu.price_date = "2026-09-17";
  gpu.price_source = "AWS p5.48xlarge / 8";
  return gpu;
}

// Purchase $30,000 over 4 years, 700 W at 60% x PUE 1.3 at $0.10/kWh, hosting $150/month.
OnPremPricing ExampleOnPrem() {
  OnPremPricing p = OnPremPricingFor(PricedGpu());
  p.purchase_usd_per_gpu = 30'000;
  p.amortisation_years = 4;
  p.utilisation = 0.6;
  p.usd_per_kwh = 0.10;
  p.pue = 1.3;
  p.hosting_usd_per_gpu_month = 150;
  return p;
}

TEST(CloudCostTest, FourGpusAtTwoDollars) {
  // 4 x $2 = $8/h; x 24 = $192/day; x 730 = $5,840/month; 4 x 24 = 96 GPU-h/day.
  // 1,000 output tokens/s = 3.6M tokens/h: $8 / 3.6 = $2.2222 per 1M output tokens.
  FleetCost f = CostOfFleet(CloudPricingFor(PricedGpu(), 2.0), 4, 1'000);
  EXPECT_DOUBLE_EQ(f.usd_per_gpu_hour, 2);
  EXPECT_DOUBLE_EQ(f.usd_per_hour, 8);
  EXPECT_DOUBLE_EQ(f.usd_per_day, 192);
  EXPECT_DOUBLE_EQ(f.usd_per_month, 5'840);
  EXPECT_DOUBLE_EQ(f.gpu_hours_per_day, 96);
  ASSERT_TRUE(f.usd_per_million_output_tokens.has_value());
  EXPECT_NEAR(*f.usd_per_million_output_tokens, 2.222222, 1e-6);
  ASSERT_EQ(f.steps.size(), 6u);
  EXPECT_EQ(f.steps[0].ToString(), "price per GPU-hour = cloud price (user override) = 2 $/GPU-h");
  EXPECT_EQ(f.steps[1].ToString(),
            "fleet cost per hour = GPUs x price per GPU-hour = 4 x $2 = 8 $/h");
  EXPECT_EQ(f.steps[3].ToString(),
            "fleet cost per month = cost per hour x 730 h = $8 x 730 = 5,840 $/month");
  EXPECT_EQ(f.steps[5].ToString(),
            "cost per 1M output tokens = cost per hour / (output tokens/s x 3,600) x 1e6 = $8 / "
            "(1,000 x 3,600) x 1e6 = 2.222 $/1M tokens");
}

TEST(CloudCostTest, CatalogPriceKeepsItsDateAndSource) {
  CloudPricing p = CloudPricingFor(PricedGpu());
  EXPECT_DOUBLE_EQ(p.usd_per_gpu_hour, 6.88);
  EXPECT_EQ(p.price_date, "2026-09-17");
  EXPECT_EQ(p.price_source, "AWS p5.48xlarge / 8");
  GpuHourCost hour = CostPerGpuHour(p);
  EXPECT_EQ(hour.steps[0].formula, "cloud price read 2026-09-17 (AWS p5.48xlarge / 8)");
  // 8 GPUs x $6.88 = $55.04/h, the p5.48xlarge instance price.
  EXPECT_NEAR(CostOfFleet(p, 8, 0).usd_per_hour, 55.04, 1e-9);
}

TEST(CloudCostTest, OverrideReplacesTheCatalog) {
  CloudPricing p = CloudPricingFor(PricedGpu(), 2.5);
  EXPECT_DOUBLE_EQ(p.usd_per_gpu_hour, 2.5);
  EXPECT_EQ(p.price_date, "");
  EXPECT_EQ(p.price_source, "user override");
}

TEST(CloudCostTest, MissingOrBadPricesAreErrors) {
  GpuSpec unpriced = PricedGpu();
  unpriced.price_usd_per_gpu_hour = 0;
  try {
    CloudPricingFor(unpriced);
    FAIL() << "accepted a GPU without a price";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "GPU 'h100_sxm' has no catalog price (price_usd_per_gpu_hour is 0); expected a price "
              "override in $/GPU-hour > 0");
  }
  EXPECT_DOUBLE_EQ(CloudPricingFor(unpriced, 1.25).usd_per_gpu_hour, 1.25);  // an override fixes it
  EXPECT_THROW(CloudPricingFor(PricedGpu(), -1.0), ConfigError);
  EXPECT_THROW(CostPerGpuHour(CloudPricing{0, "", ""}), ConfigError);
}

TEST(OnPremCostTest, ExplicitNumbersByHand) {
  // amortisation $30,000 / (4 x 8,760 h)       = $0.856164/h
  // power 0.7 kW x 0.6 x 1.3 x $0.10/kWh        = $0.0546/h
  // hosting $150 / 730 h                        = $0.205479/h
  // total                                       = $1.116244/GPU-h
  GpuHourCost hour = CostPerGpuHour(ExampleOnPrem());
  EXPECT_NEAR(hour.usd_per_gpu_hour, 1.1162438356, 1e-9);
  ASSERT_EQ(hour.steps.size(), 4u);
  EXPECT_NEAR(hour.steps[0].value, 0.8561643836, 1e-9);
  EXPECT_NEAR(hour.steps[1].value, 0.0546, 1e-12);
  EXPECT_NEAR(hour.steps[2].value, 0.2054794521, 1e-9);
  EXPECT_EQ(hour.steps[0].ToString(),
            "amortisation per GPU-hour = purchase / (years x 8,760 h) = $30,000 / (4 x 8,760) = "
            "0.8562 $/GPU-h");
  EXPECT_EQ(hour.steps[1].ToString(),
            "power per GPU-hour = TDP x utilisation x PUE x price = 0.7 kW x 0.6 x 1.3 x $0.1/kWh "
            "= 0.0546 $/GPU-h");

  // 8 GPUs: $8.929951/h, x 730 = $6,518.86/month.
  FleetCost f = CostOfFleet(ExampleOnPrem(), 8, 0);
  EXPECT_NEAR(f.usd_per_hour, 8.9299506849, 1e-9);
  EXPECT_NEAR(f.usd_per_month, 6518.8640, 1e-4);
  EXPECT_FALSE(f.usd_per_million_output_tokens.has_value());  // no token rate given
}

TEST(OnPremCostTest, TdpComesFromTheCatalog) {
  EXPECT_DOUBLE_EQ(OnPremPricingFor(PricedGpu()).tdp_w, 700);
}

TEST(OnPremCostTest, ReportsEveryBadField) {
  OnPremPricing p = ExampleOnPrem();
  p.amortisation_years = 0;
  p.utilisation = 1.2;
  p.pue = 0.9;
  Diagnostics diags;
  ValidateCostModel(p, diags, "plan.cost");
  ASSERT_EQ(diags.size(), 3u);
  EXPECT_EQ(diags.items()[0].path, "plan.cost.amortisation_years");
  EXPECT_EQ(diags.items()[0].message, "amortisation_years is 0; expected years > 0");
  EXPECT_EQ(diags.items()[1].message,
            "utilisation is 1.2; expected the mean fraction of TDP drawn, in (0, 1]");
  EXPECT_EQ(diags.items()[2].message,
            "pue is 0.9; expected >= 1 (facility power can not be less than the IT power)");
  EXPECT_THROW(CostPerGpuHour(p), ConfigError);
}

TEST(FleetCostTest, FleetInputsAreChecked) {
  const CostModel model = CloudPricingFor(PricedGpu());
  try {
    CostOfFleet(model, 0, -5);
    FAIL() << "accepted an empty fleet";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].message, "gpus is 0; expected at least 1 GPU");
    EXPECT_THAT(e.diagnostics()[1].message, HasSubstr("output_tokens_per_s is -5"));
  }
  EXPECT_EQ(CostOfFleet(model, 1, 0).gpus, 1);  // boundary: one GPU, unknown token rate
}

}  // namespace
}  // namespace gpuplan
