// The risk register's row for the latency model's validated error (plan.json
// recommendation.model_error), in English and Japanese, on both sides of the rule: a margin below
// the model's median error is high, every margin above it low, no band medium.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reports/document.h"
#include "reports/locale.h"
#include "reports/plan_report.h"
#include "reports/plan_risks.h"
#include "reports/report_text.h"
#include "sim/documents/plan_document.h"
#include "sim/util/text_file.h"

namespace gpuplan::report {
namespace {

namespace fs = std::filesystem;
using detail::PlanRisks;
using detail::RiskLevel;
using detail::RiskRow;

// The fixture's recommendation: 3 x l40s TP1 vllm, TTFT margin 0.12247776636960771 (12.2%),
// TPOT margin 0.1774715441980428 (17.7%), E2E not in the SLO.
PlanDocument FixturePlan() {
  const fs::path path =
      fs::path(GPUPLAN_SOURCE_DIR) / "tests/reports/testdata/plan_small/plan.json";
  return ParsePlanDocument(ReadInputFile(path.string(), "plan.json"), "plan.json");
}

PlanModelError Band(double ttft_median, double tpot_median) {
  return PlanModelError{.engine = "vllm",
                        .gpu = "l40s",
                        .statistics = {{.statistic = "ttft_mean",
                                        .gpu = "l40s",
                                        .held_out = true,
                                        .rows = 80,
                                        .median = ttft_median,
                                        .p90 = 1.5,
                                        .bias = 0},
                                       {.statistic = "tpot",
                                        .gpu = "*",
                                        .held_out = false,
                                        .rows = 1,
                                        .median = tpot_median,
                                        .p90 = 0.3,
                                        .bias = 0}},
                        .not_validated = ""};
}

std::optional<RiskRow> RowWithRisk(const std::vector<RiskRow>& rows, const std::string& risk) {
  for (const RiskRow& r : rows) {
    if (r.risk == risk) return r;
  }
  return std::nullopt;
}

int RowsNaming(const std::vector<RiskRow>& rows, std::initializer_list<Msg> ids, Lang lang) {
  int n = 0;
  for (const RiskRow& r : rows) {
    for (Msg id : ids) n += r.risk == Str(lang, id) ? 1 : 0;
  }
  return n;
}

constexpr std::initializer_list<Msg> kBandRows = {
    Msg::kRiskWithinModelError, Msg::kRiskBeyondModelError, Msg::kRiskNotValidated};

TEST(ModelErrorRiskTest, APlanWithoutTheMemberHasNoRow) {
  const PlanDocument plan = FixturePlan();
  ASSERT_FALSE(plan.recommendation->model_error.has_value());
  EXPECT_EQ(RowsNaming(PlanRisks(plan, nullptr, Lang::kEn), kBandRows, Lang::kEn), 0);
}

TEST(ModelErrorRiskTest, AMarginBelowTheMedianErrorIsHigh) {
  PlanDocument plan = FixturePlan();
  // TTFT: 12.2% margin < 13% median. TPOT: 17.7% > 17%.
  plan.recommendation->model_error = Band(0.13, 0.17);
  const std::optional<RiskRow> en =
      RowWithRisk(PlanRisks(plan, nullptr, Lang::kEn), Str(Lang::kEn, Msg::kRiskWithinModelError));
  ASSERT_TRUE(en.has_value());
  EXPECT_EQ(en->level, RiskLevel::kHigh);
  EXPECT_EQ(en->risk, "The verdict rests inside the latency model's typical error");
  EXPECT_NE(en->evidence.find("TTFT: margin 12.2%, the model's median error 13.0% (p90 150.0%; 80 "
                              "runs of vllm, held-out half on l40s)."),
            std::string::npos)
      << en->evidence;
  EXPECT_NE(en->evidence.find("TPOT: margin 17.7%, the model's median error 17.0% (p90 30.0%; 1 "
                              "run of vllm, all runs on every GPU)."),
            std::string::npos)
      << en->evidence;
  const std::optional<RiskRow> ja =
      RowWithRisk(PlanRisks(plan, nullptr, Lang::kJa), Str(Lang::kJa, Msg::kRiskWithinModelError));
  ASSERT_TRUE(ja.has_value());
  EXPECT_EQ(ja->level, RiskLevel::kHigh);
  EXPECT_EQ(ja->risk, "判定がレイテンシモデルの典型的な誤差の範囲内にあります");
  EXPECT_NE(ja->evidence.find("l40sのホールドアウト側"), std::string::npos) << ja->evidence;
  EXPECT_NE(ja->evidence.find("全GPUの全実行"), std::string::npos) << ja->evidence;
  // Highest level first: the row comes before every medium and low row.
  const std::vector<RiskRow> rows = PlanRisks(plan, nullptr, Lang::kEn);
  bool seen_lower = false;
  for (const RiskRow& r : rows) {
    if (r.level != RiskLevel::kHigh) seen_lower = true;
    if (r.risk == en->risk) {
      EXPECT_FALSE(seen_lower);
    }
  }
}

TEST(ModelErrorRiskTest, EveryMarginAboveItsMedianErrorIsLow) {
  PlanDocument plan = FixturePlan();
  // TTFT: 12.2% > 12%; TPOT: 17.7% > 17%.
  plan.recommendation->model_error = Band(0.12, 0.17);
  const std::vector<RiskRow> rows = PlanRisks(plan, nullptr, Lang::kEn);
  EXPECT_FALSE(RowWithRisk(rows, Str(Lang::kEn, Msg::kRiskWithinModelError)).has_value());
  const std::optional<RiskRow> low = RowWithRisk(rows, Str(Lang::kEn, Msg::kRiskBeyondModelError));
  ASSERT_TRUE(low.has_value());
  EXPECT_EQ(low->level, RiskLevel::kLow);
  EXPECT_EQ(low->risk, "The margins exceed the latency model's median error");
  const std::optional<RiskRow> ja =
      RowWithRisk(PlanRisks(plan, nullptr, Lang::kJa), Str(Lang::kJa, Msg::kRiskBeyondModelError));
  ASSERT_TRUE(ja.has_value());
  EXPECT_EQ(ja->risk, "余裕がレイテンシモデルの誤差の中央値を上回っています");
}

TEST(ModelErrorRiskTest, NoBandIsANotValidatedRowInBothLanguages) {
  PlanDocument plan = FixturePlan();
  plan.recommendation->model_error =
      PlanModelError{.engine = "", .gpu = "l40s", .statistics = {}, .not_validated = "no file"};
  const std::optional<RiskRow> en = RowWithRisk(PlanRisks(plan, nullptr, Lang::kEn),
                                                "Latency model not validated for this engine on "
                                                "this GPU");
  ASSERT_TRUE(en.has_value());
  EXPECT_EQ(en->level, RiskLevel::kMedium);
  EXPECT_EQ(en->evidence.rfind("vllm on l40s: ", 0), 0u) << en->evidence;
  const std::optional<RiskRow> ja =
      RowWithRisk(PlanRisks(plan, nullptr, Lang::kJa),
                  "このエンジンとGPUの組み合わせではレイテンシモデルが検証されていません");
  ASSERT_TRUE(ja.has_value());
  EXPECT_EQ(ja->level, RiskLevel::kMedium);
  EXPECT_EQ(ja->evidence.rfind("l40s上のvllm: ", 0), 0u) << ja->evidence;
  // Bands only for a statistic the SLO does not use (E2E mean; the SLO has TTFT and TPOT): the
  // margins have nothing to be compared with either.
  plan.recommendation->model_error->statistics = {
      {.statistic = "e2e_mean", .gpu = "l40s", .rows = 9, .median = 0.5, .p90 = 1, .bias = 0}};
  EXPECT_EQ(RowsNaming(PlanRisks(plan, nullptr, Lang::kEn), {Msg::kRiskNotValidated}, Lang::kEn),
            1);
}

// The warning the planner raises for such a margin is worded in the report's language.
TEST(ModelErrorRiskTest, TheWarningIsWordedInBothLanguages) {
  PlanDocument plan = FixturePlan();
  plan.warnings.push_back(
      {.code = "margin_within_model_error",
       .values = {{"margin", 0.05}, {"median_error", 0.259}, {"p90_error", 1.179}, {"rows", 155}},
       .text = "English only"});
  const std::string en = RenderMarkdown(BuildPlanReport(plan, nullptr, Lang::kEn, {"9"})).markdown;
  EXPECT_NE(en.find("An SLO margin of 5.0% is smaller than the latency model's median error "
                    "25.9% (p90 117.9%, 155 validated runs)"),
            std::string::npos);
  EXPECT_EQ(en.find("English only"), std::string::npos);
  const std::string ja = RenderMarkdown(BuildPlanReport(plan, nullptr, Lang::kJa, {"9"})).markdown;
  EXPECT_NE(ja.find("SLOの余裕5.0%は、レイテンシモデルの誤差の中央値25.9%"), std::string::npos);
}

// The plan's trace_not_resampled warning (sim/plan/planner.cc) in the report's language.
TEST(PlanWarningReportTest, AnUnresampledTraceIsWordedInBothLanguages) {
  PlanDocument plan = FixturePlan();
  plan.warnings.push_back({.code = "trace_not_resampled",
                           .values = {{"bootstrap_block_s", 0}},
                           .text = "English only"});
  const std::string en = RenderMarkdown(BuildPlanReport(plan, nullptr, Lang::kEn, {"9"})).markdown;
  // Markdown escapes the underscores of the option's name, so the test looks past it.
  EXPECT_NE(en.find("(60 s keeps bursts of up to a minute) to replay a resample of the trace per "
                    "seed"),
            std::string::npos);
  EXPECT_EQ(en.find("English only"), std::string::npos);
  const std::string ja = RenderMarkdown(BuildPlanReport(plan, nullptr, Lang::kJa, {"9"})).markdown;
  EXPECT_NE(ja.find("ワークロードはトレースを記録どおりに再生しており"), std::string::npos);
  EXPECT_EQ(ja.find("English only"), std::string::npos);
}

// The plan's price_tiers_mixed warning, with each GPU's tier from plan.json's prices.
TEST(PlanWarningReportTest, MixedPriceTiersAreWordedInBothLanguages) {
  PlanDocument plan = FixturePlan();
  ASSERT_EQ(plan.provenance.prices.size(), 2u);  // l40s, h100_sxm
  plan.provenance.prices[0].tier = "community";
  plan.provenance.prices[1].tier = "hyperscaler_on_demand";
  plan.warnings.push_back(
      {.code = "price_tiers_mixed", .values = {{"tiers", 2}}, .text = "English only"});
  const std::string en = RenderMarkdown(BuildPlanReport(plan, nullptr, Lang::kEn, {"9"})).markdown;
  EXPECT_NE(en.find("The candidates' prices are of 2 kinds (l40s: community or spot price, "
                    "without a capacity guarantee, h100\\_sxm: hyperscaler on-demand list "
                    "price)"),
            std::string::npos)
      << en;
  EXPECT_EQ(en.find("English only"), std::string::npos);
  const std::string ja = RenderMarkdown(BuildPlanReport(plan, nullptr, Lang::kJa, {"9"})).markdown;
  EXPECT_NE(ja.find("候補の価格は2種類にまたがっており"), std::string::npos);
  EXPECT_NE(ja.find("容量保証のないコミュニティ/スポット価格"), std::string::npos);
  EXPECT_EQ(ja.find("English only"), std::string::npos);
}

// cost.currency: the recommendation's costs also in yen, and the rate they were converted at.
TEST(PlanCurrencyReportTest, CostsAreAlsoShownInThePlansCurrency) {
  PlanDocument plan = FixturePlan();
  ASSERT_TRUE(plan.recommendation.has_value());
  const double month = plan.recommendation->cost.usd_per_month;
  plan.provenance.currency =
      PlanCurrencyRate{.code = "JPY", .per_usd = 150, .date = "2026-12-01", .source = "test rate"};
  const std::string en = RenderMarkdown(BuildPlanReport(plan, nullptr, Lang::kEn, {"9"})).markdown;
  const std::string yen = "¥" + FormatNumber(month * 150, 0, Lang::kEn);
  EXPECT_NE(en.find(FormatUsd(month, 0, Lang::kEn) + " (" + yen + ")"), std::string::npos) << en;
  EXPECT_NE(en.find("| Exchange rate | ¥150 per US$ (2026-12-01, test rate) |"), std::string::npos);
  const std::string ja = RenderMarkdown(BuildPlanReport(plan, nullptr, Lang::kJa, {"9"})).markdown;
  EXPECT_NE(ja.find("1米ドルあたり¥150(2026-12-01、test rate)"), std::string::npos);
  // Without a currency, dollars only.
  plan.provenance.currency.reset();
  const std::string usd = RenderMarkdown(BuildPlanReport(plan, nullptr, Lang::kEn, {"9"})).markdown;
  EXPECT_EQ(usd.find("Exchange rate"), std::string::npos);
  EXPECT_EQ(usd.find(yen), std::string::npos);
}

}  // namespace
}  // namespace gpuplan::report
