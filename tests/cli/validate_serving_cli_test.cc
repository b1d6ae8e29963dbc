// `gpuplan validate serving` through RunApp: files written, exit codes for the gate, malformed
// rows and usage errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/cli/app.h"
#include "tests/validation/validation_test_util.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;
using testing::ClosedLoopRow;
using ::testing::HasSubstr;
using testing::ServingHeader;
using testing::ServingLine;

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome Gpuplan(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = RunApp(args, out, err);
  return {code, out.str(), err.str()};
}

class ValidateServingCliTest : public ::testing::Test {
 protected:
  std::string Csv(const std::string& body) {
    return dir_.Write("serving.csv", ServingHeader() + body);
  }
  testing::TempDir dir_;
};

TEST_F(ValidateServingCliTest, WritesRowsSummaryChartAndScenarios) {
  const std::string csv = Csv(ServingLine(ClosedLoopRow()));
  const std::string out = dir_.path() + "/out";
  const Outcome r =
      Gpuplan({"validate", "serving", csv, "--out", out, "--write-scenarios", "--threads", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1 rows read (0 malformed); 1 chosen: 1 simulated, 0 failed"));
  const std::string rows = testing::ReadFile(out + "/rows.csv");
  EXPECT_THAT(rows, HasSubstr("serving.csv:2,test_set,"));
  EXPECT_THAT(rows, HasSubstr(",simulated,,ttft_mean_ms,50,"));
  EXPECT_THAT(testing::ReadFile(out + "/summary.md"), HasSubstr("## serving-summary"));
  EXPECT_THAT(testing::ReadFile(out + "/predicted_vs_measured.svg"), HasSubstr("<svg"));
  // The scenario written for the row loads again and simulates.
  const Outcome sim = Gpuplan({"simulate", out + "/scenarios/row-2.yaml", "--out", out + "/sim"});
  EXPECT_EQ(sim.code, 0) << sim.err;
}

// A ShareGPT row reads its length table from --traces; given relative to where validate runs,
// the written scenario still loads from its own folder (its base_dir names where validate ran).
TEST_F(ValidateServingCliTest, AWrittenScenarioWithATraceFileLoadsFromItsFolder) {
  fs::create_directories(dir_.path() + "/traces/length-distributions");
  std::ofstream(dir_.path() +
                "/traces/length-distributions/sharegpt_8k_filtered_stats_llama2_tokenizer.csv")
      << "num_prefill_tokens,num_decode_tokens\n100,50\n200,100\n300,150\n";
  auto row = ClosedLoopRow();
  row.erase("isl");
  row.erase("osl");
  row["workload"] = "sharegpt (ShareGPT_V3_unfiltered_cleaned_split)";
  row["isl_dist"] = "dataset";
  row["osl_dist"] = "dataset";
  row["notes"] = "total_input_tokens=8000; total_output_tokens=4000";
  const std::string csv = Csv(ServingLine(row));
  const std::string out = dir_.path() + "/out";
  const std::string traces = fs::relative(dir_.path() + "/traces").string();
  ASSERT_TRUE(fs::path(traces).is_relative());
  const Outcome r = Gpuplan({"validate", "serving", csv, "--out", out, "--write-scenarios",
                             "--traces", traces, "--threads", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_THAT(testing::ReadFile(out + "/rows.csv"), HasSubstr(",simulated,"));
  const Outcome sim = Gpuplan({"simulate", out + "/scenarios/row-2.yaml", "--out", out + "/sim"});
  EXPECT_EQ(sim.code, 0) << sim.err;
}

TEST_F(ValidateServingCliTest, MalformedRowsExitTwoAfterTheOthersAreEvaluated) {
  auto bad = ClosedLoopRow();
  bad["num_requests"] = "0";
  const std::string csv = Csv(ServingLine(bad) + ServingLine(ClosedLoopRow()));
  const Outcome r = Gpuplan({"validate", "serving", csv, "--threads", "1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("serving.csv:2:"));
  EXPECT_THAT(r.err, HasSubstr("num_requests: '0' is not valid; expected an integer in [1, "));
  EXPECT_THAT(r.out, HasSubstr("2 rows read (1 malformed); 1 chosen: 1 simulated"));
}

TEST_F(ValidateServingCliTest, CheckExitsOneWhenAnErrorGotWorse) {
  const std::string csv = Csv(ServingLine(ClosedLoopRow()));
  const std::string doc = dir_.path() + "/doc.md";
  {
    std::ofstream text(doc);
    text << "# v\n";
    for (const char* name : {"coverage", "summary", "by-set", "by-engine", "by-gpu", "by-regime"}) {
      text << "<!-- BEGIN GENERATED serving-" << name << " -->\n<!-- END GENERATED serving-" << name
           << " -->\n";
    }
  }
  ASSERT_EQ(Gpuplan({"validate", "serving", csv, "--doc", doc}).code, 0);
  const Outcome same = Gpuplan({"validate", "serving", csv, "--check", doc});
  EXPECT_EQ(same.code, 0) << same.out;
  EXPECT_THAT(same.out, HasSubstr("fidelity gate passed: no error moved beyond the tolerance"));
  // Publish errors of zero on the summary's first row: any error gpuplan has is then worse.
  std::string text = testing::ReadFile(doc);
  const size_t row = text.find("| all rows |");
  ASSERT_NE(row, std::string::npos);
  const size_t end = text.find('\n', row);
  std::string line = text.substr(row, end - row);
  for (size_t open = line.find(" ("); open != std::string::npos; open = line.find(" (", open + 1)) {
    const size_t start = line.rfind("| ", open) + 2;
    line.replace(start, open - start, "0.0 / 0.0");
    open = start + 9;
  }
  text.replace(row, end - row, line);
  std::ofstream(doc) << text;
  const Outcome worse = Gpuplan({"validate", "serving", csv, "--check", doc, "--tolerance", "0"});
  EXPECT_EQ(worse.code, 1) << worse.out;
  EXPECT_THAT(worse.out, HasSubstr("worse: serving-summary: all rows: "));
  EXPECT_THAT(worse.out, HasSubstr("fidelity gate FAILED"));
}

TEST_F(ValidateServingCliTest, UsageErrorsExitTwo) {
  const std::string csv = Csv(ServingLine(ClosedLoopRow()));
  EXPECT_EQ(Gpuplan({"validate", "serving", csv, "--doc", "a", "--check", "b"}).code, 2);
  EXPECT_EQ(Gpuplan({"validate", "serving", csv, "--write-scenarios"}).code, 2);
  const Outcome subset = Gpuplan({"validate", "serving", csv, "--subset", "fast"});
  EXPECT_EQ(subset.code, 2);
  EXPECT_THAT(subset.err, HasSubstr("unknown subset 'fast'; expected gate"));
  const Outcome missing = Gpuplan({"validate", "serving", dir_.path() + "/none.csv"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("none.csv: cannot read the file"));
  EXPECT_EQ(Gpuplan({"validate", "servings"}).code, 2);
}

}  // namespace
}  // namespace gpuplan
