// The latency model's validated error beside the plan's verdict (sim/plan/model_error.h): the
// bands CSV, the scope each statistic falls back to around the 5-run thresholds, the margin that
// rests inside the model's typical error, and what a plan says without a bands file.
#include "sim/plan/model_error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "sim/core/error.h"
#include "sim/plan/plan_output.h"
#include "sim/plan/probe.h"
#include "sim/util/json_value.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using testing::FixedWorldPlan;
using ::testing::HasSubstr;
using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;

constexpr char kHeader[] =
    "engine,gpu,statistic,held_out_rows,held_out_median,held_out_p90,held_out_bias,all_rows,"
    "all_median,all_p90,all_bias\n";

// Each row sits on one side of a 5-run threshold:
//   h100_sxm ttft_mean  held-out 5            -> its held-out half
//   h100_sxm tpot       held-out 4, all 5     -> its every row
//   a100 ttft_mean      held-out 4, all 4     -> vllm "*" held-out (5)
//   a100 tpot           held-out 0, all 4     -> vllm "*" tpot: held-out 4, all 5 -> "*" every row
//   throughput only on "*", 4 and 4           -> none
//   sglang: one GPU with 4 and 4 everywhere   -> none at all: not validated
const std::string kBands = std::string(kHeader) +
                           "vllm,*,ttft_mean,5,0.30,0.90,-0.10,9,0.35,0.95,-0.05\n"
                           "vllm,*,tpot,4,0.20,0.50,0.01,5,0.25,0.55,0.02\n"
                           "vllm,*,throughput,4,0.20,0.50,0.01,4,0.25,0.55,0.02\n"
                           "vllm,a100_80gb_sxm,ttft_mean,4,0.50,0.60,0.50,4,0.50,0.60,0.50\n"
                           "vllm,a100_80gb_sxm,tpot,0,,,,4,0.40,0.45,0.40\n"
                           "vllm,h100_sxm,ttft_mean,5,0.10,0.40,0.05,20,0.12,0.45,0.04\n"
                           "vllm,h100_sxm,tpot,4,0.08,0.20,0.01,5,0.09,0.25,0.02\n"
                           "sglang,h100_sxm,ttft_mean,4,0.10,0.40,0.05,4,0.12,0.45,0.04\n";

// A catalog folder of its own under the test's temporary directory.
class TempCatalog {
 public:
  explicit TempCatalog(const std::string& name)
      : root_(fs::path(::testing::TempDir()) / ("model_error_" + name)) {
    fs::remove_all(root_);
    fs::create_directories(root_ / "validation");
  }
  ~TempCatalog() { fs::remove_all(root_); }
  void WriteBands(const std::string& text) const {
    std::ofstream(root_ / "validation" / "serving_error_bands.csv") << text;
  }
  std::string root() const { return root_.string(); }

 private:
  fs::path root_;
};

ErrorBands Bands() { return ParseErrorBands(kBands, "serving_error_bands.csv"); }

TEST(ModelErrorTest, ReadsTheCsvWithEmptyHeldOutCells) {
  const ErrorBands bands = Bands();
  ASSERT_EQ(bands.rows.size(), 8u);
  const ErrorBandRow& a100_tpot = bands.rows[4];
  EXPECT_EQ(a100_tpot.engine, "vllm");
  EXPECT_EQ(a100_tpot.gpu, "a100_80gb_sxm");
  EXPECT_EQ(a100_tpot.statistic, "tpot");
  EXPECT_EQ(a100_tpot.held_out_rows, 0);
  EXPECT_TRUE(std::isnan(a100_tpot.held_out_median));
  EXPECT_EQ(a100_tpot.all_rows, 4);
  EXPECT_DOUBLE_EQ(a100_tpot.all_median, 0.40);
  EXPECT_DOUBLE_EQ(bands.rows[0].held_out_bias, -0.10);
}

TEST(ModelErrorTest, TheOwnGpusHeldOutHalfFromFiveRuns) {
  const ErrorBands bands = Bands();
  const ModelError e = PickModelError(&bands, "vllm", "vllm", "h100_sxm");
  ASSERT_TRUE(e.validated());
  EXPECT_EQ(e.engine, "vllm");
  // ttft_mean: held-out 5 is enough. tpot: held-out 4 is not, its 5 rows in all are.
  // throughput: 4 and 4 on "*" and no h100 row: left out.
  ASSERT_EQ(e.statistics.size(), 2u);
  const ModelErrorStat& ttft = e.statistics[0];
  EXPECT_EQ(ttft.statistic, "ttft_mean");
  EXPECT_EQ(ttft.gpu, "h100_sxm");
  EXPECT_TRUE(ttft.held_out);
  EXPECT_EQ(ttft.rows, 5);
  EXPECT_DOUBLE_EQ(ttft.median, 0.10);
  EXPECT_DOUBLE_EQ(ttft.p90, 0.40);
  EXPECT_DOUBLE_EQ(ttft.bias, 0.05);
  const ModelErrorStat& tpot = e.statistics[1];
  EXPECT_EQ(tpot.statistic, "tpot");
  EXPECT_EQ(tpot.gpu, "h100_sxm");
  EXPECT_FALSE(tpot.held_out);
  EXPECT_EQ(tpot.rows, 5);
  EXPECT_DOUBLE_EQ(tpot.median, 0.09);
  EXPECT_EQ(ModelErrorScopeText(tpot), "h100_sxm, all rows, 5 rows");
  EXPECT_EQ(ModelErrorSummary(e),
            "model error for vllm on h100_sxm (held-out half, 5 rows): TTFT mean 10.0% median / "
            "40.0% p90, TPOT 9.0% / 25.0% (all rows, 5 rows)");
}

TEST(ModelErrorTest, FewRunsOnTheGpuFallBackToTheEnginesEveryGpu) {
  const ErrorBands bands = Bands();
  const ModelError e = PickModelError(&bands, "vllm", "vllm", "a100_80gb_sxm");
  ASSERT_EQ(e.statistics.size(), 2u);
  // ttft_mean: 4 and 4 on the A100 -> "*" held-out, 5 runs.
  EXPECT_EQ(e.statistics[0].gpu, "*");
  EXPECT_TRUE(e.statistics[0].held_out);
  EXPECT_EQ(e.statistics[0].rows, 5);
  EXPECT_DOUBLE_EQ(e.statistics[0].median, 0.30);
  // tpot: 0 and 4 on the A100, then "*" held-out 4 -> "*" every row, 5 runs.
  EXPECT_EQ(e.statistics[1].gpu, "*");
  EXPECT_FALSE(e.statistics[1].held_out);
  EXPECT_EQ(e.statistics[1].rows, 5);
  EXPECT_DOUBLE_EQ(e.statistics[1].median, 0.25);
  EXPECT_EQ(ModelErrorSummary(e),
            "model error for vllm on a100_80gb_sxm (every GPU, held-out half, 5 rows): TTFT mean "
            "30.0% median / 90.0% p90, TPOT 25.0% / 55.0% (every GPU, all rows, 5 rows)");
  // A GPU the CSV never names uses the engine's every GPU as well.
  EXPECT_EQ(PickModelError(&bands, "vllm", "vllm", "l40s").statistics.size(), 2u);
}

TEST(ModelErrorTest, FewerThanFiveRunsEverywhereIsNotValidated) {
  const ErrorBands bands = Bands();
  const ModelError e = PickModelError(&bands, "sglang", "sglang", "h100_sxm");
  EXPECT_FALSE(e.validated());
  EXPECT_EQ(e.engine, "sglang");
  EXPECT_EQ(e.not_validated,
            "fewer than 5 validated serving runs of sglang on h100_sxm or on any GPU");
  EXPECT_EQ(ModelErrorSummary(e),
            "model error: not validated (fewer than 5 validated serving runs of sglang on "
            "h100_sxm or on any GPU)");
}

TEST(ModelErrorTest, APresetVariantIsValidatedAsItsEngine) {
  const ErrorBands bands = Bands();
  // A preset the CSV does not name, using vLLM's memory rule: vllm's bands.
  const ModelError variant = PickModelError(&bands, "vllm-0.8", "vllm", "h100_sxm");
  EXPECT_EQ(variant.engine, "vllm");
  EXPECT_EQ(variant.statistics.size(), 2u);
  // A preset of no validated engine at all.
  const ModelError custom = PickModelError(&bands, "custom", "fixed_reserve", "h100_sxm");
  EXPECT_FALSE(custom.validated());
  EXPECT_EQ(custom.engine, "");
  EXPECT_EQ(custom.not_validated, "no serving runs of engine custom were validated");
}

TEST(ModelErrorTest, AnAbsentFileIsNotValidatedNotAnError) {
  const TempCatalog catalog("absent");
  EXPECT_FALSE(ReadErrorBands(catalog.root()).has_value());
  const ModelError e = PickModelError(nullptr, "vllm", "vllm", "h100_sxm");
  EXPECT_FALSE(e.validated());
  EXPECT_EQ(e.not_validated, "the catalog has no validation/serving_error_bands.csv");
}

TEST(ModelErrorTest, TheCatalogsFileIsRead) {
  const TempCatalog catalog("present");
  catalog.WriteBands(kBands);
  const std::optional<ErrorBands> bands = ReadErrorBands(catalog.root());
  ASSERT_TRUE(bands.has_value());
  EXPECT_EQ(bands->rows.size(), 8u);
  EXPECT_EQ(bands->path, catalog.root() + "/validation/serving_error_bands.csv");
}

std::string ErrorOf(const std::string& text) {
  try {
    ParseErrorBands(text, "bands.csv");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ModelErrorTest, AMalformedFileIsALocatedConfigError) {
  // "vllm,h100_sxm,tpot," is 19 characters: the count starts at column 20 of line 2.
  EXPECT_THAT(ErrorOf(std::string(kHeader) + "vllm,h100_sxm,tpot,many,0.1,0.2,0.0,5,0.1,0.2,0.0\n"),
              HasSubstr("bands.csv:2:20: column 'held_out_rows': 'many' is not a row count; "
                        "expected an integer >= 0"));
  // A group with rows must have its fractions; "vllm,*,tpot,5," is 14 characters.
  EXPECT_THAT(ErrorOf(std::string(kHeader) + "vllm,*,tpot,5,,0.2,0.0,5,0.1,0.2,0.0\n"),
              HasSubstr("bands.csv:2:15: column 'held_out_median': is empty; expected a fraction "
                        "(the group has rows)"));
  EXPECT_THAT(ErrorOf(std::string(kHeader) + "vllm,*,tpot,5,-0.1,0.2,0.0,5,0.1,0.2,0.0\n"),
              HasSubstr("bands.csv:2:15: column 'held_out_median': '-0.1' is not valid; expected "
                        "a finite non-negative fraction"));
  EXPECT_THAT(ErrorOf("engine,gpu,statistic\nvllm,*,tpot\n"),
              HasSubstr("bands.csv:1:1: column 'held_out_rows': is missing from the header"));
  EXPECT_THAT(ErrorOf(std::string(kHeader) + "vllm,*,tpot\n"),
              HasSubstr("bands.csv:2:1: row: 3 fields; expected 11 as in the header"));
  // A negative bias is a signed error, not a problem.
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "vllm,*,tpot,5,0.1,0.2,-0.3,5,0.1,0.2,-0.3\n"),
            "no error");
}

ProbeResult ProbeWithMargins(double ttft_margin, double tpot_margin, bool tpot_enabled) {
  ProbeResult p;
  p.metrics[SloMetric::kTtft].enabled = true;
  p.metrics[SloMetric::kTtft].margin = ttft_margin;
  p.metrics[SloMetric::kTpot].enabled = tpot_enabled;
  p.metrics[SloMetric::kTpot].margin = tpot_margin;
  p.metrics[SloMetric::kE2e].enabled = true;  // no e2e_mean band: never compared
  p.metrics[SloMetric::kE2e].margin = 0;
  return p;
}

TEST(ModelErrorTest, AMarginBelowTheMedianErrorRestsInsideIt) {
  const ErrorBands bands = Bands();
  const ModelError e = PickModelError(&bands, "vllm", "vllm", "h100_sxm");
  // Medians: TTFT mean 0.10, TPOT 0.09.
  const std::vector<MarginWithinError> both =
      MarginsWithinModelError(e, ProbeWithMargins(0.099, 0.089, true));
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].metric, SloMetric::kTtft);
  EXPECT_DOUBLE_EQ(both[0].margin, 0.099);
  EXPECT_DOUBLE_EQ(both[0].stat.median, 0.10);
  EXPECT_EQ(both[1].metric, SloMetric::kTpot);
  EXPECT_EQ(both[1].stat.rows, 5);
  // At or above the median: not inside it.
  EXPECT_TRUE(MarginsWithinModelError(e, ProbeWithMargins(0.10, 0.09, true)).empty());
  const std::vector<MarginWithinError> ttft_only =
      MarginsWithinModelError(e, ProbeWithMargins(0.05, 0.5, true));
  ASSERT_EQ(ttft_only.size(), 1u);
  EXPECT_EQ(ttft_only[0].metric, SloMetric::kTtft);
  // A metric the SLO does not use is not compared.
  EXPECT_TRUE(MarginsWithinModelError(e, ProbeWithMargins(0.2, 0.01, false)).empty());
  // Not validated: nothing to compare with.
  EXPECT_TRUE(MarginsWithinModelError(PickModelError(nullptr, "vllm", "vllm", "h100_sxm"),
                                      ProbeWithMargins(0.0, 0.0, true))
                  .empty());
}

// The fixed world's latency model is the plan's own, not the roofline the bands measured: the
// plan says it is not validated, in the console and in plan.json, and warns of nothing.
TEST(ModelErrorPlanTest, APlansOwnLatencyModelIsNotValidated) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan());
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  ASSERT_TRUE(r.model_error.has_value());
  EXPECT_FALSE(r.model_error->validated());
  EXPECT_EQ(r.model_error->not_validated,
            "the plan's latency model 'fixed' is not the one validated (the roofline, or a "
            "calibration bundle)");
  std::vector<std::string> codes;
  for (const PlanWarning& w : r.warnings) codes.push_back(w.code);
  EXPECT_THAT(codes, ElementsAre("few_seeds"));
  EXPECT_THAT(FormatPlanSummary(plan, r),
              HasSubstr("\n   model error: not validated (the plan's latency model 'fixed'"));
  const JsonValue json = JsonValue::Parse(PlanJson(plan, r, "test"));
  const JsonValue& e = json.At("recommendation").At("model_error");
  EXPECT_EQ(e.At("gpu").AsString(), "h100_sxm");
  EXPECT_FALSE(e.At("validated").AsBool());
  EXPECT_TRUE(e.At("statistics").AsArray().empty());
}

// A malformed bands file stops the plan before any simulation, located in the file.
TEST(ModelErrorPlanTest, AMalformedCatalogFileStopsThePlan) {
  const TempCatalog folder("malformed");
  folder.WriteBands(std::string(kHeader) + "vllm,h100_sxm,tpot,5,0.1,0.2,0.0,x,0.1,0.2,0.0\n");
  Catalog catalog = ShippedCatalog();
  catalog.root = folder.root();
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan());
  try {
    RunPlan(plan, catalog, SharedBuiltins(), {.threads = 2});
    FAIL() << "a malformed bands file was accepted";
  } catch (const ConfigError& e) {
    // "vllm,h100_sxm,tpot,5,0.1,0.2,0.0," is 33 characters: all_rows starts at column 34.
    EXPECT_THAT(std::string(e.what()),
                HasSubstr("serving_error_bands.csv:2:34: column 'all_rows': 'x' is not a row "
                          "count; expected an integer >= 0"));
  }
}

// The one mapping the planner and the report share (sim/documents/plan_document.h).
TEST(ModelErrorTest, EachSloMetricIsBoundedByItsOwnStatistic) {
  EXPECT_EQ(ModelErrorStatisticOf(SloMetric::kTtft), "ttft_mean");
  EXPECT_EQ(ModelErrorStatisticOf(SloMetric::kTpot), "tpot");
  EXPECT_EQ(ModelErrorStatisticOf(SloMetric::kE2e), "e2e_mean");
}

}  // namespace
}  // namespace gpuplan
