#include "sim/plan/candidates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/plan/plan_output.h"
#include "sim/plan/tradeoff.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using testing::FixedWorldPlan;
using ::testing::HasSubstr;
using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;
using ::testing::StartsWith;

std::string PlanFor(const std::string& model, const std::string& candidates) {
  return R"(
scenario:
  model: )" +
         model + R"(
  gpu: h100_sxm
  engine: {preset: vllm}
  workload:
    prompt_tokens: {kind: fixed, tokens: 1000}
    output_tokens: {kind: fixed, tokens: 200}
traffic: {peak_rate_per_s: 2}
slo: {preset: chatbot}
candidates: )" +
         candidates + "\n";
}

CandidateSet Build(const PlanSpec& plan) {
  Diagnostics diags;
  const SloStep slo = ResolvePlanSlo(plan, diags);
  const TrafficStep traffic = ResolvePlanTraffic(plan, slo.targets, SharedBuiltins(), diags);
  diags.ThrowIfAny();
  return BuildCandidates(plan, slo, traffic, ShippedCatalog(), SharedBuiltins());
}

TEST(CandidatesTest, MemoryInfeasibleCandidatesArePrunedWithTheirReason) {
  // Llama-3.1-70B in bf16 is ~131 GiB of weights: not on one 48 GiB L40S, fine on four.
  const CandidateSet set =
      Build(PlanFromYaml(PlanFor("llama-3.1-70b", "{gpus: [l40s], tensor_parallel: [1, 4]}")));
  ASSERT_EQ(set.all.size(), 2u);
  EXPECT_TRUE(set.all[0].pruned);
  // On a 48 GiB L40S vLLM picks max_num_batched_tokens 2048 and max_num_seqs 256
  // (get_batch_defaults). Its profiling run: 2048 tokens x 2 B x (2 x 8192 + 10240 QKV +
  // 3 x 28672 MLP) = 0.43 GiB, plus 256 x 128256 fp32 logits twice = 0.24 GiB, plus 0.07 GiB
  // non-torch = 0.7 GiB.
  EXPECT_THAT(set.all[0].prune_reason,
              HasSubstr("needs 131.4 GiB of weights + 0.7 GiB activations per GPU at TP=1 but vLLM "
                        "may use 48.00 GiB"));
  EXPECT_EQ(set.all[1].scenario.engine.max_num_seqs, 256);
  EXPECT_EQ(set.all[1].scenario.engine.max_num_batched_tokens, 2048);
  EXPECT_THAT(set.all[0].prune_reason, HasSubstr("try tensor_parallel >= 4"));
  EXPECT_FALSE(set.all[1].pruned) << set.all[1].prune_reason;
  EXPECT_GT(set.all[1].sequences_at_mean_context, 0);
  EXPECT_EQ(set.all[1].scenario.deployment.tensor_parallel, 4);
  EXPECT_EQ(set.all[1].scenario.gpu.name, "l40s");
  // The plan's SLO rides on every candidate.
  EXPECT_EQ(set.all[1].scenario.slo->thresholds.ttft_ms(), 500);
  EXPECT_EQ(set.Feasible(), 1);
}

TEST(CandidatesTest, ParallelismTheModelCannotSplitIsPrunedByTheScenarioChecks) {
  const CandidateSet set =
      Build(PlanFromYaml(PlanFor("llama-3.1-8b", "{gpus: [h100_sxm], tensor_parallel: [3]}")));
  ASSERT_EQ(set.all.size(), 1u);
  EXPECT_TRUE(set.all[0].pruned);
  EXPECT_THAT(set.all[0].prune_reason, HasSubstr("deployment.tensor_parallel"));
}

TEST(CandidatesTest, DuplicatesAreRemovedAndKnobsMultiply) {
  const CandidateSet set = Build(PlanFromYaml(PlanFor(
      "llama-3.1-8b",
      "{gpus: [h100_sxm, h100_sxm], engines: [vllm, sglang], knobs: {max_num_seqs: [64, 128, "
      "64]}}")));
  EXPECT_EQ(set.combinations, 12);  // 2 x 1 x 2 x 3 as written
  EXPECT_EQ(set.all.size(), 4u);    // 1 GPU x 2 engines x 2 distinct values
  EXPECT_EQ(set.duplicates_removed, 8);
  EXPECT_EQ(set.all[1].label, "h100_sxm x TP1 vllm max_num_seqs=128");
  EXPECT_EQ(set.all[1].scenario.engine.max_num_seqs, 128);
  EXPECT_EQ(set.all[2].scenario.engine.name, "sglang");
  EXPECT_EQ(set.all[2].scenario.engine.max_num_seqs, 64);
}

TEST(CandidatesTest, ModelLargerThanEveryCandidateIsExplained) {
  const PlanSpec plan =
      PlanFromYaml(PlanFor("llama-3.1-405b", "{gpus: [rtx_a5000, l40s], tensor_parallel: [1, 2]}"));
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 1});
  EXPECT_FALSE(r.recommendation.has_value());
  EXPECT_THAT(r.no_recommendation,
              StartsWith("the model is larger than every candidate: Llama-3.1-405B bf16 weights "
                         "take "));
  EXPECT_THAT(r.no_recommendation, HasSubstr("the largest candidate (l40s x TP2 vllm) has 86.4 "
                                             "GiB usable per replica"));
  EXPECT_THAT(r.no_recommendation, HasSubstr("rtx_a5000 x TP1 vllm: "));
  for (const CandidateOutcome& o : r.outcomes) EXPECT_EQ(o.status, CandidateStatus::kPruned);
  // The outputs still describe every step.
  EXPECT_THAT(PlanJson(plan, r, "test"), HasSubstr("\"recommendation\": null"));
}

TEST(CandidatesTest, SloImpossibleEvenAtBatchOneIsExplained) {
  // The fixed world serves a lone request in 10 ms: a 5 ms TTFT target can not be met.
  const PlanSpec plan = PlanFromYaml(testing::FixedWorldPlan(), {"slo.ttft_ms=5"});
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 1});
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(r.outcomes[0].status, CandidateStatus::kSloImpossible);
  EXPECT_EQ(r.outcomes[0].reason,
            "even one request at a time: p95 TTFT 10.0 ms (upper bound of the 95% CI; mean 10.0 "
            "ms over 2 seeds) > 5 ms SLO");
  EXPECT_TRUE(r.outcomes[0].search.probes.empty());  // no replica count can help
  EXPECT_FALSE(r.recommendation.has_value());
  EXPECT_THAT(r.no_recommendation, HasSubstr("1 miss it even one request at a time"));
  EXPECT_THAT(r.no_recommendation, HasSubstr("not more replicas"));
}

TEST(CandidatesTest, AGpuWithoutAPurchasePriceIsAnErrorOnPremises) {
  const PlanSpec plan =
      PlanFromYaml(FixedWorldPlan(), {"cost={on_prem: {purchase_usd_per_gpu: {l40s: 9000}}}"});
  try {
    RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 1});
    ADD_FAILURE() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_THAT(e.diagnostics()[0].ToString(),
                HasSubstr("cost: no purchase price for gpu 'h100_sxm'"));
  }
}

// A candidate a rule rejects (fp8 weights on a GPU without FP8) keeps the rule's message; its
// memory was never planned, so plan.json says null rather than 0 GiB that "does not fit".
TEST(CandidatesTest, ARuleRejectionKeepsTheRulesMessage) {
  const PlanSpec plan = PlanFromYaml(
      FixedWorldPlan(),
      {"scenario.deployment={weight_dtype: fp8}", "candidates.gpus=[h100_sxm, a100_80gb_sxm]"});
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 1});
  ASSERT_EQ(r.candidates.all.size(), 2u);
  const Candidate& a100 = r.candidates.all[1];
  EXPECT_TRUE(a100.pruned);
  EXPECT_THAT(a100.prune_reason, HasSubstr("fp8 weights need FP8 support, but gpu "
                                           "'a100_80gb_sxm' has none"));
  const std::string json = PlanJson(plan, r, "test");
  const size_t at = json.find("\"label\": \"a100_80gb_sxm x TP1 vllm\"");
  ASSERT_NE(at, std::string::npos);
  EXPECT_NE(json.find("\"memory\": null", at), std::string::npos);
  EXPECT_THAT(FormatPlanSummary(plan, r),
              HasSubstr("pruned: deployment.weight_dtype: fp8 weights need FP8 support"));
}

// cost.cloud.tier keeps prices of one kind: both sides of each condition of the rule.
TEST(CandidatesTest, APriceOfAnotherTierIsRejectedUnlessThePlanPricesTheGpu) {
  const Catalog& catalog = ShippedCatalog();
  const GpuSpec& sxm = catalog.gpus.at("h100_sxm");    // hyperscaler_on_demand (AWS)
  const GpuSpec& pcie = catalog.gpus.at("h100_pcie");  // gpu_cloud_on_demand (Lambda)
  PlanCostSpec cost;
  EXPECT_FALSE(PriceTierRejection(cost, sxm));  // no tier asked for
  cost.tier = "gpu_cloud_on_demand";
  EXPECT_FALSE(PriceTierRejection(cost, pcie));
  const std::optional<std::string> why = PriceTierRejection(cost, sxm);
  ASSERT_TRUE(why);
  EXPECT_EQ(*why,
            "cost.cloud.tier: the plan compares gpu_cloud_on_demand prices only, and the catalog "
            "price of h100_sxm is hyperscaler_on_demand (" +
                sxm.price_region +
                "); expected cost.cloud.usd_per_gpu_hour.h100_sxm with a gpu_cloud_on_demand "
                "price, or no cost.cloud.tier");
  EXPECT_THAT(*PriceTierRejection(cost, catalog.gpus.at("gb200")),
              HasSubstr("gb200 has no catalog price"));
  cost.usd_per_gpu_hour["h100_sxm"] = 2.4;  // the plan's own price, taken as of the tier
  EXPECT_FALSE(PriceTierRejection(cost, sxm));
  cost.usd_per_gpu_hour.clear();
  cost.on_prem = true;  // on premises compares no cloud prices
  EXPECT_FALSE(PriceTierRejection(cost, sxm));
}

TEST(CandidatesTest, MixedPriceTiersAreWarnedAboutAndATierRemovesTheOthers) {
  const PlanSpec mixed = PlanFromYaml(FixedWorldPlan(), {"candidates.gpus=[h100_sxm, h100_pcie]"});
  const PlanResult r = RunPlan(mixed, ShippedCatalog(), SharedBuiltins(), {.threads = 1});
  ASSERT_EQ(r.prices.size(), 2u);
  EXPECT_EQ(r.prices[0].tier, "hyperscaler_on_demand");
  EXPECT_EQ(r.prices[0].region, ShippedCatalog().gpus.at("h100_sxm").price_region);
  EXPECT_EQ(r.prices[1].tier, "gpu_cloud_on_demand");
  const auto warned = std::find_if(r.warnings.begin(), r.warnings.end(), [](const PlanWarning& w) {
    return w.code == "price_tiers_mixed";
  });
  ASSERT_NE(warned, r.warnings.end());
  EXPECT_EQ(warned->values, (std::vector<std::pair<std::string, double>>{{"tiers", 2}}));
  EXPECT_THAT(warned->text, HasSubstr("h100_sxm hyperscaler_on_demand"));
  const std::string json = PlanJson(mixed, r, "test");
  EXPECT_NE(json.find("\"tier\": \"gpu_cloud_on_demand\""), std::string::npos);

  const PlanSpec one_tier = PlanFromYaml(
      FixedWorldPlan(),
      {"candidates.gpus=[h100_sxm, h100_pcie]", "cost={cloud: {tier: gpu_cloud_on_demand}}"});
  const PlanResult t = RunPlan(one_tier, ShippedCatalog(), SharedBuiltins(), {.threads = 1});
  ASSERT_EQ(t.candidates.all.size(), 2u);
  EXPECT_TRUE(t.candidates.all[0].pruned);
  EXPECT_THAT(t.candidates.all[0].prune_reason, StartsWith("cost.cloud.tier: "));
  EXPECT_FALSE(t.candidates.all[1].pruned) << t.candidates.all[1].prune_reason;
  ASSERT_EQ(t.prices.size(), 1u);  // a rejected GPU's price is not listed
  EXPECT_EQ(t.prices[0].gpu, "h100_pcie");
  for (const PlanWarning& w : t.warnings) EXPECT_NE(w.code, "price_tiers_mixed");
}

// cost.currency: the console and plan.json carry the recommendation's cost at the stated rate.
TEST(CandidatesTest, ThePlansCurrencyIsPrintedAndRecorded) {
  const PlanSpec plan = PlanFromYaml(
      FixedWorldPlan(),
      {"cost={currency: {code: JPY, per_usd: 150, date: 2026-12-01, source: test rate}}"});
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 1});
  ASSERT_TRUE(r.recommendation.has_value());
  const double month = r.recommendation->cost.usd_per_month;
  EXPECT_THAT(FormatPlanSummary(plan, r),
              HasSubstr(fmt::format("in JPY: {}/month", FormatNumber(month * 150, 0))));
  EXPECT_THAT(FormatPlanSummary(plan, r),
              HasSubstr("at 150 JPY per US dollar (2026-12-01, test rate)"));
  EXPECT_THAT(PlanJson(plan, r, "test"),
              HasSubstr("\"currency\": {\n      \"code\": \"JPY\",\n      \"per_usd\": 150,"));
}

// cost.cloud.normalise: a listed price of another tier times its factor, with both steps in the
// derivation; a tier without a factor is an error; the plan's own prices are not scaled.
TEST(CandidatesTest, NormalisedPricesAreTheListedPriceTimesTheTiersFactor) {
  PlanCostSpec cost;
  cost.normalise = PlanTierNormalisation{
      .to = "hyperscaler_on_demand", .factors = {{"community", 2.5}}, .source = "our quotes"};
  const GpuSpec& a5000 = ShippedCatalog().gpus.at("rtx_a5000");  // community, $0.27
  const CloudPricing p = std::get<CloudPricing>(CostModelFor(cost, a5000));
  EXPECT_DOUBLE_EQ(p.usd_per_gpu_hour, a5000.price_usd_per_gpu_hour * 2.5);
  EXPECT_EQ(p.tier, "hyperscaler_on_demand");
  EXPECT_EQ(p.normalised_from, "community");
  const GpuHourCost hour = CostPerGpuHour(p);
  ASSERT_EQ(hour.steps.size(), 2u);
  EXPECT_DOUBLE_EQ(hour.steps[0].value, a5000.price_usd_per_gpu_hour);
  EXPECT_THAT(hour.steps[1].formula, HasSubstr("listed price x tier factor = $0.27 x 2.5"));
  EXPECT_DOUBLE_EQ(hour.usd_per_gpu_hour, a5000.price_usd_per_gpu_hour * 2.5);
  // Already of the target tier: as listed.
  const GpuSpec& sxm = ShippedCatalog().gpus.at("h100_sxm");
  const CloudPricing same = std::get<CloudPricing>(CostModelFor(cost, sxm));
  EXPECT_EQ(same.usd_per_gpu_hour, sxm.price_usd_per_gpu_hour);
  EXPECT_TRUE(same.normalised_from.empty());
  // A tier without a factor.
  try {
    CostModelFor(cost, ShippedCatalog().gpus.at("h100_pcie"));
    ADD_FAILURE() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("no factor for tier 'gpu_cloud_on_demand'"));
  }
  // The plan's own price is taken as of the target tier, unscaled.
  cost.usd_per_gpu_hour["rtx_a5000"] = 0.5;
  const CloudPricing own = std::get<CloudPricing>(CostModelFor(cost, a5000));
  EXPECT_EQ(own.usd_per_gpu_hour, 0.5);
  EXPECT_EQ(own.tier, "hyperscaler_on_demand");
}

// A plan's own price without a tier is of its own kind beside catalog prices; with
// cost.cloud.tier it is taken as that tier.
TEST(CandidatesTest, APlanPriceIsOfThePlansTier) {
  PlanCostSpec cost;
  cost.usd_per_gpu_hour["h100_sxm"] = 2.4;
  const GpuSpec& sxm = ShippedCatalog().gpus.at("h100_sxm");
  EXPECT_EQ(std::get<CloudPricing>(CostModelFor(cost, sxm)).tier, "plan_override");
  cost.tier = "hyperscaler_reserved";
  const CloudPricing reserved = std::get<CloudPricing>(CostModelFor(cost, sxm));
  EXPECT_EQ(reserved.tier, "hyperscaler_reserved");
  EXPECT_EQ(reserved.region, "");
  cost.usd_per_gpu_hour.clear();
  const CloudPricing catalog = std::get<CloudPricing>(CostModelFor(cost, sxm));
  EXPECT_EQ(catalog.tier, "hyperscaler_on_demand");
  EXPECT_EQ(catalog.region, sxm.price_region);
}

}  // namespace
}  // namespace gpuplan
