// Per-request measurement CSVs: read by hand, malformed cells located, and the public traces.
#include "sim/loadtest/requests_csv.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "sim/core/error.h"
#include "sim/loadtest/measured_workload.h"

namespace gpuplan {
namespace {

std::vector<std::string> ErrorsOf(const std::string& text) {
  try {
    ParseRequestsCsv(text, "t.csv");
  } catch (const ConfigError& e) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : e.diagnostics()) lines.push_back(d.ToString());
    return lines;
  }
  return {};
}

// Two requests sent at 1 s and 1.5 s; the run ends at 1.5 + 0.9 = 2.4 s, 1.4 s after it began.
TEST(RequestsCsvTest, ReadsTheRowsAndComputesTheStatistics) {
  const MeasuredRun run = ParseRequestsCsv(
      "request_id,arrival_offset_s,input_tokens,output_tokens,ttft_ms,tpot_ms,e2e_ms\n"
      "a,1.0,100,5,50,10,90\n"
      "b,1.5,200,3,100,400,900\n",
      "t.csv");
  EXPECT_TRUE(run.regime.recorded_sends);
  EXPECT_EQ(run.regime.num_requests, 2);
  ASSERT_EQ(run.requests.size(), 2u);
  EXPECT_DOUBLE_EQ(run.requests[1].send_s, 1.5);
  EXPECT_DOUBLE_EQ(run.requests[1].latency_s, 0.9);
  EXPECT_DOUBLE_EQ(run.duration_s, 1.4);
  EXPECT_DOUBLE_EQ(*run.Stat("mean_ttft_ms"), 75);
  EXPECT_DOUBLE_EQ(*run.Stat("mean_tpot_ms"), (10 + 400) / 2.0);  // (90-50)/4 and (900-100)/2
  EXPECT_DOUBLE_EQ(*run.Stat("request_throughput"), 2 / 1.4);
  EXPECT_EQ(run.Stat("mean_itl_ms"), nullptr);  // no per-token gaps in a row
  // Replayed at the send times, from the first.
  auto source = MakeMeasuredWorkload(run, nullptr, nullptr)->Open(1, {});
  RequestSpec r;
  ASSERT_TRUE(source->Next(&r));
  EXPECT_EQ(r.arrival, 0);
  ASSERT_TRUE(source->Next(&r));
  EXPECT_EQ(r.arrival, 500'000'000);
  EXPECT_EQ(r.prompt_tokens, 200);
}

TEST(RequestsCsvTest, BadCellsAndMissingColumnsAreLocated) {
  EXPECT_EQ(ErrorsOf("arrival_offset_s,input_tokens,output_tokens,ttft_ms,e2e_ms\n"
                     "0.1,x,5,50,90\n"
                     "0.2,100,0,-1,90\n"),
            (std::vector<std::string>{
                "t.csv:2:5: input_tokens: 'x' is not valid; expected a token count >= 1",
                "t.csv:3:9: output_tokens: '0' is not valid; expected a token count >= 1",
                "t.csv:3:11: ttft_ms: '-1' is not valid; expected milliseconds >= 0"}));
  EXPECT_EQ(ErrorsOf("arrival_offset_s,input_tokens,output_tokens\n0,1,1\n"),
            (std::vector<std::string>{
                "t.csv:1:1: ttft_ms: column missing; expected arrival_offset_s, input_tokens, "
                "output_tokens, ttft_ms and e2e_ms",
                "t.csv:1:1: e2e_ms: column missing; expected arrival_offset_s, input_tokens, "
                "output_tokens, ttft_ms and e2e_ms"}));
}

// ../shared/validation/traces: LLMServingSim's vLLM run of Qwen3-32B, whose README states a
// 300-request trace with a TTFT mean of 36.9 s.
TEST(RequestsCsvTest, ThePublicQwen3Trace) {
  const std::string path = std::string(GPUPLAN_SOURCE_DIR) +
                           "/../shared/validation/traces/llmservingsim_RTXPRO6000_Qwen3-32B.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path << " (shared data absent)";
  const MeasuredRun run = ReadRequestsCsv(path);
  EXPECT_EQ(run.requests.size(), 300u);
  EXPECT_NEAR(*run.Stat("mean_ttft_ms") / 1000, 36.9, 0.05);
}

}  // namespace
}  // namespace gpuplan
