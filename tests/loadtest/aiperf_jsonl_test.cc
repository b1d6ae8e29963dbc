// aiperf profile_export.jsonl records, by hand (the documented record shape, made-up numbers).
#include "sim/loadtest/aiperf_jsonl.h"

#include <gtest/gtest.h>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

std::string Record(int64_t start_ns, int isl, int osl, double ttft_ms, double latency_ms,
                   const std::string& gaps_ms) {
  return fmt::format(
      R"({{"metadata": {{"session_num": 0, "request_start_ns": {}, "benchmark_phase": "profiling"}},)"
      R"( "metrics": {{"input_sequence_length": {{"value": {}, "unit": "tokens"}},)"
      R"( "time_to_first_token": {{"value": {}, "unit": "ms"}},)"
      R"( "request_latency": {{"value": {}, "unit": "ms"}},)"
      R"( "output_sequence_length": {{"value": {}, "unit": "tokens"}},)"
      R"( "inter_chunk_latency": {{"value": [{}], "unit": "ms"}}}}, "error": null}})",
      start_ns, isl, ttft_ms, latency_ms, osl, gaps_ms);
}

TEST(AiperfJsonlTest, ReadsEachRecordAndReplaysTheStarts) {
  const std::string failed =
      R"({"metadata": {"request_start_ns": 1759813207000000000}, "metrics": {"error_isl": )"
      R"({"value": 9, "unit": "tokens"}}, "error": {"code": 499, "type": "X", "message": "m"}})";
  const MeasuredRun run =
      ParseAiperfJsonl(Record(1759813207500000000, 550, 3, 20, 30, "4, 6") + "\n" + failed +
                           "\n\n" + Record(1759813208000000000, 100, 1, 10, 10, ""),
                       "p.jsonl");
  ASSERT_EQ(run.requests.size(), 3u);
  EXPECT_TRUE(run.regime.recorded_sends);
  EXPECT_DOUBLE_EQ(run.requests[0].send_s, 0.5);  // starts from the earliest (the failed one)
  EXPECT_EQ(run.requests[0].input_tokens, 550);
  EXPECT_EQ(run.requests[0].output_tokens, 3);
  EXPECT_DOUBLE_EQ(run.requests[0].ttft_s, 0.02);
  EXPECT_EQ(run.requests[0].itls_s, (std::vector<double>{0.004, 0.006}));
  EXPECT_FALSE(run.requests[1].success);
  EXPECT_DOUBLE_EQ(run.duration_s, 1.01);  // the last ends at 1.0 + 0.01 s
  EXPECT_DOUBLE_EQ(*run.Stat("completed"), 2);
  EXPECT_DOUBLE_EQ(*run.Stat("mean_ttft_ms"), 15);
  EXPECT_DOUBLE_EQ(*run.Stat("mean_itl_ms"), 5);
}

TEST(AiperfJsonlTest, MalformedRecordsAreReportedByLine) {
  try {
    ParseAiperfJsonl(
        R"({"metrics": {}})"
        "\nnot json\n" +
            Record(1, 5, 2, 1, 2, "1")
                .replace(Record(1, 5, 2, 1, 2, "1").find(R"("unit": "ms")"), 12, R"("unit": "s")"),
        "p.jsonl");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.diagnostics().size(), 3u) << e.what();
    EXPECT_EQ(e.diagnostics()[0].ToString(),
              "p.jsonl:1:1: metadata.request_start_ns: missing; expected the request's start in "
              "epoch ns");
    EXPECT_EQ(e.diagnostics()[1].loc.line, 2);
    EXPECT_EQ(e.diagnostics()[2].ToString(),
              "p.jsonl:3:1: metrics.time_to_first_token.unit: is 's'; expected 'ms'");
  }
}

}  // namespace
}  // namespace gpuplan
