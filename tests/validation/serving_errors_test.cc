// Error arithmetic, headline choice and the fidelity gate, with hand-derived values.
#include "sim/validation/serving_errors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/validation/serving_check.h"
#include "sim/validation/serving_report.h"

namespace gpuplan {
namespace {

using M = ServingMetric;

RowOutcome Simulated(std::map<M, double> measured, std::map<M, double> predicted) {
  RowOutcome o;
  o.status = RowStatus::kSimulated;
  o.plan.row.set = "s";
  o.plan.row.engine = "vllm";
  o.plan.row.measured = std::move(measured);
  o.predicted = std::move(predicted);
  return o;
}

TEST(ServingErrorsTest, SignedRelativeErrorOfEverySharedStatistic) {
  const std::vector<RowOutcome> outcomes = {
      Simulated({{M::kTtftMean, 100}, {M::kTpotMean, 10}, {M::kE2elP99, 2000}},
                {{M::kTtftMean, 110}, {M::kTpotMean, 8}, {M::kItlMean, 9}})};
  const std::vector<RowErrors> errors = CompareRows(outcomes);
  ASSERT_EQ(errors.size(), 1u);
  ASSERT_EQ(errors[0].errors.size(), 2u);  // E2E p99 was not predicted, ITL not measured
  EXPECT_DOUBLE_EQ(errors[0].errors[0].signed_error, 0.1);   // (110 - 100) / 100
  EXPECT_DOUBLE_EQ(errors[0].errors[1].signed_error, -0.2);  // (8 - 10) / 10
  EXPECT_DOUBLE_EQ(errors[0].Worst()->signed_error, -0.2);
}

TEST(ServingErrorsTest, HeadlinesTakeThePreferredStatisticTheRowHas) {
  const std::vector<RowOutcome> outcomes = {Simulated({{M::kRequestThroughput, 2},
                                                       {M::kOutputThroughput, 400},
                                                       {M::kTtftP50, 50},
                                                       {M::kTtftP90, 80},
                                                       {M::kTtftP99, 100}},
                                                      {{M::kRequestThroughput, 3},
                                                       {M::kOutputThroughput, 300},
                                                       {M::kTtftP50, 60},
                                                       {M::kTtftP90, 80},
                                                       {M::kTtftP99, 90}})};
  const RowErrors e = CompareRows(outcomes).at(0);
  EXPECT_EQ(e.headline[size_t(Headline::kThroughput)]->metric, M::kOutputThroughput);
  EXPECT_EQ(e.headline[size_t(Headline::kTtftMean)]->metric, M::kTtftP50);  // no mean: the p50
  EXPECT_EQ(e.headline[size_t(Headline::kTtftTail)]->metric, M::kTtftP99);
  EXPECT_FALSE(e.headline[size_t(Headline::kTpot)].has_value());
}

TEST(ServingErrorsTest, InferencePerfItlIsNotComparedBecauseItIsPerChunk) {
  RowOutcome o =
      Simulated({{M::kItlMean, 0.1}, {M::kTpotMean, 4}}, {{M::kItlMean, 8}, {M::kTpotMean, 4}});
  o.plan.row.set = "infsim_training";
  const RowErrors e = CompareRows({o}).at(0);
  ASSERT_EQ(e.errors.size(), 1u);
  EXPECT_EQ(e.errors[0].metric, M::kTpotMean);
}

TEST(ServingErrorsTest, StatsAreMedianAndP90OfAbsoluteErrorsAndTheSignedMedian) {
  // |errors| 0.1, 0.2, 0.3, 0.4: median 0.25; p90 at rank 0.9 x 3 = 2.7 -> 0.3 + 0.7 x 0.1 = 0.37.
  const ErrorStats s = StatsOf({-0.1, 0.2, -0.3, 0.4});
  EXPECT_EQ(s.n, 4u);
  EXPECT_DOUBLE_EQ(s.median, 0.25);
  EXPECT_NEAR(s.p90, 0.37, 1e-12);
  EXPECT_DOUBLE_EQ(s.bias, 0.05);  // signed: -0.3, -0.1, 0.2, 0.4 -> (-0.1 + 0.2) / 2
  EXPECT_EQ(StatsOf({}).n, 0u);
}

const std::string kDoc =
    "text\n<!-- BEGIN GENERATED serving-summary -->\n"
    "| half | rows | simulated | Throughput | TPOT |\n|---|---|---|---|---|\n"
    "| all rows | 10 | 8 | 10.0 / 20.0 (8) | 5.0 / 9.0 (8) |\n"
    "<!-- END GENERATED serving-summary -->\n";

std::string Summary(const std::string& simulated, const std::string& thr, const std::string& tpot) {
  return "| half | rows | simulated | Throughput | TPOT |\n|---|---|---|---|---|\n"
         "| all rows | 10 | " +
         simulated + " | " + thr + " | " + tpot + " |\n";
}

TEST(FidelityGateTest, PassesWithinTheToleranceOnBothSides) {
  const GateResult same = CheckAgainstDocument(
      kDoc, {{"serving-summary", Summary("8", "10.0 / 20.0 (8)", "5.0 / 9.0 (8)")}}, 1);
  EXPECT_TRUE(same.ok());
  EXPECT_TRUE(same.better.empty());
  // +1.0 point on a median and +2.0 on a p90 are exactly the tolerance: still passing.
  EXPECT_TRUE(CheckAgainstDocument(
                  kDoc, {{"serving-summary", Summary("8", "11.0 / 22.0 (8)", "5.0 / 9.0 (8)")}}, 1)
                  .ok());
}

TEST(FidelityGateTest, FailsWhenAnErrorGetsWorseOrRowsAreLost) {
  const GateResult worse = CheckAgainstDocument(
      kDoc, {{"serving-summary", Summary("8", "11.1 / 20.0 (8)", "5.0 / 11.5 (8)")}}, 1);
  EXPECT_FALSE(worse.ok());
  EXPECT_THAT(
      worse.worse,
      ::testing::ElementsAre(
          "serving-summary: all rows: Throughput median 10.0% -> 11.1% (tolerance 1.0 points)",
          "serving-summary: all rows: TPOT p90 9.0% -> 11.5% (tolerance 2.0 points)"));
  const GateResult fewer =
      CheckAgainstDocument(kDoc, {{"serving-summary", Summary("7", "10.0 / 20.0 (7)", "-")}}, 1);
  EXPECT_THAT(fewer.worse,
              ::testing::ElementsAre("serving-summary: all rows: simulated 8 -> 7",
                                     "serving-summary: all rows: TPOT: had 8 rows, now none"));
  const GateResult missing = CheckAgainstDocument(kDoc, {{"serving-other", "| a |\n"}}, 1);
  EXPECT_EQ(missing.missing, (std::vector<std::string>{"serving-other"}));
  EXPECT_FALSE(missing.ok());
}

TEST(FidelityGateTest, ImprovementsPassAndAreListed) {
  const GateResult better = CheckAgainstDocument(
      kDoc, {{"serving-summary", Summary("9", "4.0 / 20.0 (9)", "5.0 / 9.0 (9)")}}, 1);
  EXPECT_TRUE(better.ok());
  EXPECT_THAT(better.better,
              ::testing::ElementsAre("serving-summary: all rows: simulated 8 -> 9",
                                     "serving-summary: all rows: Throughput median 10.0% -> 4.0%"));
}

TEST(LikelyReasonTest, PreemptionsThenQueueingThenTheDecodeStep) {
  RowOutcome o = Simulated({{M::kTtftMean, 100}}, {{M::kTtftMean, 900}});
  o.plan.row.engine = "trtllm";
  o.load.preemptions = 12;
  EXPECT_THAT(LikelyReason(CompareRows({o}).at(0)), ::testing::HasSubstr("trtllm admits against"));
  o.load.preemptions = 0;
  o.load.ttft_mean_ms = 900;
  o.load.queue_delay_mean_ms = 600;
  EXPECT_THAT(LikelyReason(CompareRows({o}).at(0)), ::testing::StartsWith("queueing dominates"));
  RowOutcome d = Simulated({{M::kTpotMean, 10}}, {{M::kTpotMean, 20}});
  d.plan.row.tp = 4;
  EXPECT_THAT(LikelyReason(CompareRows({d}).at(0)), ::testing::HasSubstr("TP all-reduces"));
  EXPECT_EQ(DescribeLoad(o.load), "KV 0% max, queue 67% of TTFT");
}

}  // namespace
}  // namespace gpuplan
