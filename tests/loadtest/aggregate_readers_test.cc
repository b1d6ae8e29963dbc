// The aggregate load-test readers: aiperf's profile_export_aiperf.json (and genai-perf's
// export) and Locust's --csv statistics, on excerpts written here in the documented formats, on
// malformed ones, and the choice of reader by file name.
#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "sim/loadtest/aiperf_json.h"
#include "sim/loadtest/compare.h"
#include "sim/loadtest/locust_csv.h"
#include "sim/loadtest/result_formats.h"
#include "tests/common/temp_dir.h"
#include "tests/runner/runner_test_util.h"

namespace gpuplan {
namespace {

std::string ErrorOf(const std::function<void()>& read) {
  try {
    read();
  } catch (const ConfigError& e) {
    return e.what();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

// The layout of ai-dynamo/aiperf docs/tutorials/working-with-profile-exports.md.
constexpr const char* kAiperf = R"({
  "request_throughput": {"unit": "requests/sec", "avg": 13.16},
  "request_latency": {"unit": "ms", "avg": 6550.3, "p50": 5799.8, "p90": 8594.2,
                      "p99": 9381.6, "min": 4996.2, "max": 9383.3, "std": 1171.1},
  "time_to_first_token": {"unit": "ms", "avg": 1588.7, "p50": 787.5, "p95": 4051.4},
  "inter_token_latency": {"unit": "ms", "avg": 51.7, "p99": 55.8},
  "output_token_throughput": {"unit": "tokens/sec", "avg": 1274.6},
  "output_sequence_length": {"unit": "tokens", "avg": 96.85},
  "benchmark_duration": {"unit": "sec", "avg": 15.19},
  "request_count": {"unit": "requests", "avg": 200.0},
  "start_time": "2025-10-17T20:22:08.939332",
  "error_summary": [],
  "goodput": null,
  "input_config": {
    "endpoint": {"model_names": ["openai/gpt-oss-20b"], "streaming": true},
    "loadgen": {"concurrency": 100, "request_rate_mode": "concurrency_burst",
                "request_count": 200}
  }
})";

TEST(AiperfJsonTest, ReadsStatisticsUnderVllmNamesAndTheClosedLoop) {
  const MeasuredRun run = ParseAiperfJson(kAiperf, "profile_export_aiperf.json");
  EXPECT_EQ(run.format, "aiperf_json");
  EXPECT_EQ(*run.Stat("mean_ttft_ms"), 1588.7);
  EXPECT_EQ(*run.Stat("median_ttft_ms"), 787.5);
  EXPECT_EQ(*run.Stat("p95_ttft_ms"), 4051.4);
  EXPECT_EQ(*run.Stat("mean_tpot_ms"), 51.7);  // aiperf's per-request inter-token latency
  EXPECT_EQ(*run.Stat("p99_tpot_ms"), 55.8);
  EXPECT_EQ(*run.Stat("std_e2el_ms"), 1171.1);
  EXPECT_EQ(*run.Stat("p90_e2el_ms"), 8594.2);
  EXPECT_EQ(*run.Stat("request_throughput"), 13.16);
  EXPECT_EQ(*run.Stat("output_throughput"), 1274.6);
  EXPECT_EQ(run.Stat("p99_ttft_ms"), nullptr);  // not in the file
  EXPECT_EQ(run.regime.max_concurrency, 100);
  EXPECT_FALSE(run.regime.request_rate);
  EXPECT_EQ(run.regime.num_requests, 200);
  EXPECT_DOUBLE_EQ(run.duration_s, 15.19);
  EXPECT_EQ(run.provenance.at("model_id"), "openai/gpt-oss-20b");
  EXPECT_TRUE(run.requests.empty());
}

TEST(AiperfJsonTest, GenaiPerfSettingsAndARequestRate) {
  const MeasuredRun run = ParseAiperfJson(R"({
    "time_to_first_token": {"unit": "ms", "avg": 20},
    "request_count": {"unit": "requests", "avg": 50},
    "input_config": {"request_rate": 4.5}})",
                                          "profile_export_genai_perf.json");
  ASSERT_TRUE(run.regime.request_rate);
  EXPECT_EQ(*run.regime.request_rate, 4.5);
  EXPECT_FALSE(run.regime.max_concurrency);
}

TEST(AiperfJsonTest, MalformedExportsAreRefusedWithEveryProblem) {
  const std::string errors = ErrorOf([] {
    ParseAiperfJson(R"({
      "time_to_first_token": {"unit": "s", "avg": 1.5},
      "request_latency": {"unit": "ms", "avg": -3},
      "input_config": {"loadgen": {"request_rate": 2, "request_rate_mode": "constant"}}})",
                    "a.json");
  });
  EXPECT_NE(errors.find("a.json: time_to_first_token.unit: is 's'; expected 'ms'"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("request_latency.avg: is not a number >= 0"), std::string::npos) << errors;
  EXPECT_NE(errors.find("request_count: missing"), std::string::npos) << errors;
  EXPECT_NE(errors.find("input_config.loadgen.request_rate_mode: is 'constant'"), std::string::npos)
      << errors;
  EXPECT_NE(ErrorOf([] {
              ParseAiperfJson(R"({"request_count": {"avg": 3}})", "b.json");
            }).find("b.json: input_config.concurrency: the file states neither"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] { ParseAiperfJson("{\n  \"a\": [1,,2]}", "c.json"); }).find("c.json:2:"),
            std::string::npos);
}

// Locust 2.x --csv columns (locust/stats.py), an LLM locustfile's custom TTFT and TPOT events.
constexpr const char* kLocustStats =
    R"("Type","Name","Request Count","Failure Count","Median Response Time",)"
    R"("Average Response Time","Min Response Time","Max Response Time","Average Content Size",)"
    R"("Requests/s","Failures/s","50%","66%","75%","80%","90%","95%","98%","99%","99.9%",)"
    R"("99.99%","100%")"
    "\n"
    R"("POST","/v1/completions",120,2,4100,4250.5,1800,9900,512,1.98,0.03,4100,4500,4800,)"
    R"(5000,5600,6100,7000,7900,9900,9900,9900)"
    "\n"
    R"("METRIC","time_to_first_token",118,0,95,110.25,40,700,0,1.95,0,95,110,120,130,180,)"
    R"(240,400,610,700,700,700)"
    "\n"
    R"("METRIC","time_per_output_token",118,0,31,31.5,25,60,0,1.95,0,31,32,33,33,36,38,45,)"
    R"(52,60,60,60)"
    "\n"
    R"("","Aggregated",356,2,95,1450,25,9900,170,5.88,0.03,95,4100,4200,4300,4900,5300,6000,)"
    R"(7000,9900,9900,9900)"
    "\n";
constexpr const char* kLocustHistory =
    R"("Timestamp","User Count","Type","Name","Requests/s","Failures/s","50%","66%","75%",)"
    R"("80%","90%","95%","98%","99%","99.9%","99.99%","100%","Total Request Count",)"
    R"("Total Failure Count")"
    "\n"
    "1733560000,4,,Aggregated,0,0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,0,0\n"
    "1733560030,8,,Aggregated,2.1,0,95,4100,4200,4300,4900,5300,6000,7000,9900,9900,9900,60,1\n"
    "1733560061,8,,Aggregated,2.0,0,95,4100,4200,4300,4900,5300,6000,7000,9900,9900,9900,120,2"
    "\n";

TEST(LocustCsvTest, ReadsRequestsCustomEventsAndTheUsers) {
  const MeasuredRun run =
      ParseLocustCsv(kLocustStats, "run_stats.csv", kLocustHistory, "run_stats_history.csv");
  EXPECT_EQ(run.format, "locust_csv");
  EXPECT_EQ(*run.Stat("mean_e2el_ms"), 4250.5);
  EXPECT_EQ(*run.Stat("median_e2el_ms"), 4100);
  EXPECT_EQ(*run.Stat("p99_e2el_ms"), 7900);
  EXPECT_EQ(*run.Stat("mean_ttft_ms"), 110.25);
  EXPECT_EQ(*run.Stat("p95_ttft_ms"), 240);
  EXPECT_EQ(*run.Stat("median_tpot_ms"), 31);
  EXPECT_EQ(*run.Stat("request_throughput"), 1.98);
  EXPECT_EQ(*run.Stat("completed"), 118);
  EXPECT_EQ(run.regime.num_requests, 120);
  EXPECT_EQ(run.regime.max_concurrency, 8);  // the largest user count
  EXPECT_DOUBLE_EQ(run.duration_s, 61);
}

TEST(LocustCsvTest, WithoutCustomEventsTheAggregatedRowSpeaksForSeveralEndpoints) {
  const std::string stats =
      R"("Type","Name","Request Count","Failure Count","Median Response Time",)"
      R"("Average Response Time","Requests/s")"
      "\n"
      "POST,/a,10,0,100,110,1\nPOST,/b,30,0,300,310,3\n,Aggregated,40,0,280,260,4\n";
  const MeasuredRun run = ParseLocustCsv(stats, "s_stats.csv", kLocustHistory, "h.csv");
  EXPECT_EQ(*run.Stat("mean_e2el_ms"), 260);
  EXPECT_EQ(run.regime.num_requests, 40);
  EXPECT_EQ(run.Stat("mean_ttft_ms"), nullptr);
}

TEST(LocustCsvTest, MalformedFilesAreRefusedWithEveryProblem) {
  const std::string stats =
      R"("Type","Name","Request Count","Failure Count","Median Response Time",)"
      R"("Average Response Time","Requests/s")"
      "\n"
      "POST,/v1/completions,12,0,fast,110,1\n";
  const std::string errors = ErrorOf(
      [&] { ParseLocustCsv(stats, "s_stats.csv", "\"Timestamp\",\"Users\"\n1,2\n", "h.csv"); });
  EXPECT_NE(errors.find("s_stats.csv:2:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("Median Response Time: 'fast' is not a number >= 0"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("h.csv:1:1: User Count: column missing"), std::string::npos) << errors;
  EXPECT_NE(ErrorOf([] { ReadLocustCsv("results.csv"); }).find("expected Locust's PREFIX_stats"),
            std::string::npos);
}

TEST(ResultFormatsTest, TheFileNameChoosesTheReader) {
  testing::TempDir dir;
  dir.Write("run_stats.csv", kLocustStats);
  dir.Write("run_stats_history.csv", kLocustHistory);
  dir.Write("profile_export_aiperf.json", kAiperf);
  EXPECT_EQ(ReadMeasuredRun((dir.dir() / "run_stats.csv").string(), "").format, "locust_csv");
  EXPECT_EQ(ReadMeasuredRun((dir.dir() / "profile_export_aiperf.json").string(), "").format,
            "aiperf_json");
  EXPECT_NE(ErrorOf([&] {
              ReadMeasuredRun((dir.dir() / "x.txt").string(), "");
            }).find("locust_csv (*_stats.csv)"),
            std::string::npos);
}

// A Locust closed loop replayed: 8 users, lengths from the scenario (the file has none).
TEST(LocustCsvTest, ComparesAsAClosedLoopWithTheScenariosLengths) {
  const Scenario s = testing::ScenarioFromYaml(testing::FixedModelScenario(R"(
workload:
  arrival: {kind: poisson, rate_per_s: 1}
  prompt_tokens: {kind: fixed, tokens: 100}
  output_tokens: {kind: fixed, tokens: 10}
simulation: {num_requests: 5}
)"));
  const MeasuredRun run =
      ParseLocustCsv(kLocustStats, "run_stats.csv", kLocustHistory, "run_stats_history.csv");
  const CompareResult r = CompareWithSimulation(s, testing::SharedBuiltins(), run);
  EXPECT_NE(r.workload.find("closed_loop 8 clients"), std::string::npos) << r.workload;
  ASSERT_FALSE(r.assumptions.empty());
  EXPECT_NE(r.assumptions[0].find("drawn from the scenario's workload"), std::string::npos);
  // Every request: prefill 100 tokens (1 + 1 ms), 9 decode steps; TTFT is at least one step.
  const double* ttft = r.simulated.Stat("mean_ttft_ms");
  ASSERT_NE(ttft, nullptr);
  EXPECT_GE(*ttft, 2.0);
  EXPECT_EQ(r.simulated.requests.size(), 120u);
}

}  // namespace
}  // namespace gpuplan
