// Measured rows as load-test fit targets: at the start terms a row compares exactly as
// `validate serving` compares it, and a fit over two rows of one sweep uses both.
#include "sim/validation/row_fit_target.h"

#include <gtest/gtest.h>

#include "sim/runner/builtins.h"
#include "sim/validation/serving_run.h"
#include "tests/validation/validation_test_util.h"

namespace gpuplan {
namespace {

using testing::ClosedLoopRow;
using testing::ServingHeader;
using testing::ServingLine;

class RowFitTargetTest : public ::testing::Test {
 protected:
  RowPlan Plan(const std::map<std::string, std::string>& values) {
    const ServingData data = ParseServingData(ServingHeader() + ServingLine(values), "s.csv");
    EXPECT_TRUE(data.problems.empty());
    const MappingContext context{testing::ShippedCatalog(), loader_, {"/no/traces", "/no/val"}};
    RowPlan plan = PlanRow(data.rows.at(0), context);
    EXPECT_TRUE(plan.not_covered.empty()) << plan.not_covered;
    EXPECT_TRUE(plan.failure.empty()) << plan.failure;
    return plan;
  }

  Builtins builtins_;
  LoaderOptions loader_ = builtins_.MakeLoaderOptions();
};

TEST_F(RowFitTargetTest, AtTheScenariosOwnModelARowComparesAsValidateServingDoes) {
  const RowPlan plan = Plan(ClosedLoopRow());
  const std::vector<RowOutcome> outcomes = RunRows({plan}, builtins_, 1);
  ASSERT_EQ(outcomes[0].status, RowStatus::kSimulated) << outcomes[0].reason;
  const CompareResult r = MakeRowTarget(plan, builtins_)->Compare(nullptr);
  ASSERT_EQ(r.rows.size(), 3u);  // the row's TTFT mean, TPOT mean and output throughput
  for (const CompareRow& row : r.rows) {
    bool found = false;
    for (const auto& [metric, value] : outcomes[0].predicted) {
      if (InfoOf(metric).column != row.statistic) continue;
      found = true;
      EXPECT_EQ(row.simulated, value) << row.statistic;
      EXPECT_EQ(row.measured, plan.row.measured.at(metric)) << row.statistic;
    }
    EXPECT_TRUE(found) << row.statistic;
  }
  EXPECT_EQ(r.measured_file, "serving.csv:2");  // ServingRow::Id()
}

TEST_F(RowFitTargetTest, TheRowAsAMeasuredRunNamesItsLoadAndStatistics) {
  const MeasuredRun run = RowAsMeasuredRun(Plan(ClosedLoopRow()));
  EXPECT_EQ(run.format, "serving_row");
  EXPECT_EQ(run.regime.max_concurrency, 4);
  EXPECT_EQ(run.regime.num_requests, 40);
  EXPECT_EQ(*run.Stat("ttft_mean_ms"), 50);
  EXPECT_EQ(run.provenance.at("set"), "test_set");
}

TEST_F(RowFitTargetTest, AFitOverTwoRowsOfOneSweepMovesTowardsThem) {
  auto slow = ClosedLoopRow();
  slow["concurrency"] = "8";
  std::vector<RowPlan> plans = {Plan(ClosedLoopRow()), Plan(slow)};
  // "Measured" = simulated with every GEMM 1.5x slower: only the GEMM multiplier is free.
  std::vector<MeasuredRun> runs;
  std::vector<std::unique_ptr<const FitTarget>> targets;
  for (const RowPlan& p : plans) {
    runs.push_back(RowAsMeasuredRun(p));
    targets.push_back(MakeRowTarget(p, builtins_));
  }
  const ServingFitter fitter(*plans[0].scenario, std::move(runs), std::move(targets));
  ServingTerms truth = fitter.start();
  truth[ServingTerm::kGemmTimeScale] = 1.5;
  const std::vector<CompareResult> at_truth = fitter.Evaluate(truth, {}, 1);
  // Rebuild the rows with the truth's predictions as their measurements.
  std::vector<MeasuredRun> measured_runs;
  std::vector<std::unique_ptr<const FitTarget>> measured_targets;
  for (size_t i = 0; i < plans.size(); ++i) {
    RowPlan p = plans[i];
    for (const CompareRow& row : at_truth[i].rows) {
      for (auto& [metric, value] : p.row.measured) {
        if (InfoOf(metric).column == row.statistic) value = row.simulated;
      }
    }
    measured_runs.push_back(RowAsMeasuredRun(p));
    measured_targets.push_back(MakeRowTarget(p, builtins_));
  }
  const ServingFitter measured(*plans[0].scenario, std::move(measured_runs),
                               std::move(measured_targets));
  ServingFitOptions options;
  options.free_terms = {ServingTerm::kGemmTimeScale};
  options.regularization = 0;
  const ServingFitResult fit = measured.Fit(options);
  EXPECT_NEAR(fit.fitted[ServingTerm::kGemmTimeScale], 1.5, 0.03 * 1.5);
  ASSERT_EQ(fit.after.size(), 2u);
  EXPECT_LT(fit.after[1].median_abs_error, 0.01);
}

}  // namespace
}  // namespace gpuplan
