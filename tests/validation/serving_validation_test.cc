// `validate serving` end to end on small hand-written files, and the fidelity gate on the real
// public data (skipped, saying so, when ../shared/validation is absent).
#include "sim/validation/serving_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "sim/validation/ablation.h"
#include "sim/validation/serving_check.h"
#include "sim/validation/serving_report.h"
#include "tests/validation/validation_test_util.h"

namespace gpuplan {
namespace {

using testing::ClosedLoopRow;
using testing::ServingHeader;
using testing::ServingLine;

class ServingValidationTest : public ::testing::Test {
 protected:
  ServingValidation Run(const std::string& text, int threads = 1,
                        std::vector<std::string> sets = {}) {
    ServingValidationRequest r;
    r.csv_path = dir_.Write("serving.csv", text);
    r.sets = std::move(sets);
    r.threads = threads;
    r.paths = {dir_.path(), dir_.path()};
    return ValidateServing(r, testing::ShippedCatalog(), builtins_);
  }

  testing::TempDir dir_;
  Builtins builtins_;
};

TEST_F(ServingValidationTest, SimulatesCoveredRowsAndCountsTheOthers) {
  auto unknown = ClosedLoopRow();
  unknown["model"] = "GLM-5";
  auto refused = ClosedLoopRow();
  refused["gpu"] = "A100 80GB SXM";
  refused["weight_dtype"] = "fp8";
  auto stage = ClosedLoopRow();
  stage["set"] = "x_stage";  // not a default set
  const ServingValidation v = Run(ServingHeader() + ServingLine(ClosedLoopRow()) +
                                  ServingLine(unknown) + ServingLine(refused) + ServingLine(stage));
  ASSERT_EQ(v.outcomes.size(), 3u);
  EXPECT_EQ(v.outcomes[0].status, RowStatus::kSimulated);
  EXPECT_EQ(v.outcomes[1].status, RowStatus::kNotCovered);
  EXPECT_EQ(v.outcomes[1].reason, "model 'GLM-5' is not in the catalog");
  EXPECT_EQ(v.outcomes[2].status, RowStatus::kFailed);
  // Every statistic of the simulated row is compared, each error from its own two numbers.
  ASSERT_EQ(v.errors.size(), 1u);
  ASSERT_EQ(v.errors[0].errors.size(), 3u);
  for (const MetricError& e : v.errors[0].errors) {
    EXPECT_DOUBLE_EQ(e.predicted, v.outcomes[0].predicted.at(e.metric));
    EXPECT_DOUBLE_EQ(e.signed_error, (e.predicted - e.measured) / e.measured);
  }
  // A closed loop of 4 clients keeps at most 4 requests in flight.
  EXPECT_LE(v.outcomes[0].load.batch_size_mean, 4.0);
  EXPECT_EQ(v.outcomes[0].load.completed, 40u);
  EXPECT_THAT(v.tables.at("serving-coverage"),
              ::testing::HasSubstr("| test_set | 3 | 1 | 1 | 1 |"));
}

TEST_F(ServingValidationTest, MalformedRowsAreReportedAndTheOthersStillEvaluated) {
  auto bad = ClosedLoopRow();
  bad["concurrency"] = "many";
  const ServingValidation v =
      Run(ServingHeader() + ServingLine(bad) + ServingLine(ClosedLoopRow()));
  ASSERT_EQ(v.data.problems.size(), 1u);
  EXPECT_THAT(v.data.problems.items()[0].ToString(), ::testing::HasSubstr("serving.csv:2:"));
  ASSERT_EQ(v.outcomes.size(), 1u);
  EXPECT_EQ(v.outcomes[0].plan.row.line, 3);
  EXPECT_EQ(v.outcomes[0].status, RowStatus::kSimulated);
}

TEST_F(ServingValidationTest, TheSameInputGivesTheSameTablesOnAnyThreadCount) {
  std::string text = ServingHeader();
  for (int c : {1, 2, 8, 16}) {
    auto row = ClosedLoopRow();
    row["concurrency"] = std::to_string(c);
    text += ServingLine(row);
  }
  const ServingValidation one = Run(text, 1);
  const ServingValidation two = Run(text, 2);
  EXPECT_EQ(one.tables, two.tables);
  EXPECT_EQ(ServingRowsCsv(one.outcomes, one.errors), ServingRowsCsv(two.outcomes, two.errors));
}

TEST_F(ServingValidationTest, AblationTurnsEachItemOffInTurn) {
  auto trt = ClosedLoopRow();
  trt["engine"] = "trtllm";
  ServingValidationRequest r;
  r.csv_path = dir_.Write("serving.csv", ServingHeader() + ServingLine(trt));
  r.threads = 1;
  const std::string table = AblationTable(r, testing::ShippedCatalog(), builtins_);
  EXPECT_THAT(table, ::testing::HasSubstr("| every item on | 1 |"));
  // vLLM's scheduler refuses TensorRT-LLM's preset (chunked prefill off, max_num_batched_tokens
  // below the model's context): the row fails without per-engine admission.
  EXPECT_THAT(table, ::testing::HasSubstr("| without per-engine admission"));
  EXPECT_THAT(table, ::testing::HasSubstr("for every engine) | 0 |"));
  EXPECT_THAT(table, ::testing::HasSubstr("| without async scheduling"));
  // One line per variant plus the header, the rule and the baseline.
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 3 + AblationVariants().size());
}

TEST(ClientPacingTest, TurnaroundVariantsSetTheClosedLoopThinkTime) {
  RowPlan plan;
  plan.scenario.emplace();
  PolicyChoice arrival;
  arrival.kind = "closed_loop";
  plan.scenario->workload.arrival = arrival;
  ASSERT_EQ(ClientPacingVariants().size(), 2u);
  ClientPacingVariants()[0].turn_off(plan);
  EXPECT_EQ(plan.scenario->workload.arrival->options.values.at("think_time_s").text, "0.001");
  RowPlan open_loop = plan;
  open_loop.scenario->workload.arrival->kind = "poisson";
  open_loop.scenario->workload.arrival->options.values.clear();
  ClientPacingVariants()[1].turn_off(open_loop);
  EXPECT_TRUE(open_loop.scenario->workload.arrival->options.values.empty());  // untouched
}

TEST_F(ServingValidationTest, AnUnknownSetIsAUsageErrorNamingTheSets) {
  try {
    Run(ServingHeader() + ServingLine(ClosedLoopRow()), 1, {"test_sett"});
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("no set 'test_sett'"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("did you mean 'test_set'?"));
  }
}

// The gate of docs/validation.md on the real data: the sample the suite can afford.
TEST(ServingFidelityGate, TheGateSampleIsNoWorseThanDocsValidation) {
  const std::string csv = std::string(GPUPLAN_SOURCE_DIR) + "/../shared/validation/serving.csv";
  if (!std::filesystem::exists(csv)) {
    GTEST_SKIP() << "no public validation data at " << csv << " (see docs/validation.md)";
  }
  ServingValidationRequest r;
  r.csv_path = csv;
  r.subset = "gate";
  r.paths = {std::string(GPUPLAN_TRACES_DIR), std::filesystem::path(csv).parent_path().string()};
  Builtins builtins;
  const ServingValidation v = ValidateServing(r, testing::ShippedCatalog(), builtins);
  const std::string doc =
      testing::ReadFile(std::string(GPUPLAN_SOURCE_DIR) + "/docs/validation.md");
  const GateResult gate = CheckAgainstDocument(doc, GatedTables(v.tables), 1.0);
  EXPECT_TRUE(gate.missing.empty()) << "docs/validation.md lacks serving-gate; run "
                                       "gpuplan validate serving --subset gate --doc";
  for (const std::string& w : gate.worse) ADD_FAILURE() << "fidelity got worse: " << w;
}

}  // namespace
}  // namespace gpuplan
