// Reading vllm bench serve --save-result files: summaries, detailed per-request lists, every
// malformed field at once, and the writer's round trip.
#include "sim/loadtest/vllm_bench_json.h"

#include <gtest/gtest.h>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

// A summary as vllm bench serve writes it (keys in its order, values made up).
constexpr const char* kSummary =
    R"({"date": "20261201-101500", "backend": "vllm", "label": null, "model_id": )"
    R"("meta-llama/Llama-3.1-8B-Instruct", "tokenizer_id": "meta-llama/Llama-3.1-8B-Instruct", )"
    R"("num_prompts": 160, "request_rate": "inf", "burstiness": 1.0, "max_concurrency": 16, )"
    R"("duration": 42.5, "completed": 160, "failed": 0, "total_input_tokens": 163840, )"
    R"("total_output_tokens": 20480, "request_throughput": 3.76, "request_goodput": null, )"
    R"("output_throughput": 481.9, "total_token_throughput": 4336.9, )"
    R"("max_output_tokens_per_s": 560.0, "max_concurrent_requests": 16, )"
    R"("mean_ttft_ms": 85.1, "median_ttft_ms": 80.2, "std_ttft_ms": 12.3, "p99_ttft_ms": 130.4, )"
    R"("mean_tpot_ms": 30.1, "median_tpot_ms": 30.0, "std_tpot_ms": 1.1, "p99_tpot_ms": 33.3})";

std::vector<std::string> ErrorsOf(const std::string& text) {
  try {
    ParseVllmBenchJson(text, "r.json");
  } catch (const ConfigError& e) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : e.diagnostics()) lines.push_back(d.ToString());
    return lines;
  }
  return {};
}

TEST(VllmBenchJsonTest, ReadsTheRegimeAndTheStatisticsOfASummary) {
  const MeasuredRun run = ParseVllmBenchJson(kSummary, "r.json");
  EXPECT_EQ(run.format, "vllm_bench_json");
  EXPECT_FALSE(run.regime.request_rate.has_value());  // "inf"
  ASSERT_TRUE(run.regime.max_concurrency.has_value());
  EXPECT_EQ(*run.regime.max_concurrency, 16);
  EXPECT_EQ(run.regime.num_requests, 160);
  EXPECT_DOUBLE_EQ(run.duration_s, 42.5);
  EXPECT_EQ(run.regime.Describe(), "160 requests, closed loop of 16 clients (--max-concurrency)");
  ASSERT_NE(run.Stat("p99_ttft_ms"), nullptr);
  EXPECT_DOUBLE_EQ(*run.Stat("p99_ttft_ms"), 130.4);
  EXPECT_EQ(run.Stat("num_prompts"), nullptr);      // a setting, not a statistic
  EXPECT_EQ(run.Stat("request_goodput"), nullptr);  // null
  EXPECT_EQ(run.stats.front().first, "completed");  // the file's order
  EXPECT_EQ(run.provenance.at("model_id"), "meta-llama/Llama-3.1-8B-Instruct");
  EXPECT_TRUE(run.requests.empty());
}

TEST(VllmBenchJsonTest, ReadsEachRequestOfADetailedResult) {
  const MeasuredRun run = ParseVllmBenchJson(
      R"({"num_prompts": 2, "request_rate": 4.0, "burstiness": 0.5, "max_concurrency": null,
          "input_lens": [100, 200], "output_lens": [3, 0], "ttfts": [0.05, 0.0],
          "itls": [[0.01, 0.02], []], "errors": ["", "timeout"]})",
      "r.json");
  ASSERT_EQ(run.requests.size(), 2u);
  EXPECT_DOUBLE_EQ(*run.regime.request_rate, 4.0);
  EXPECT_DOUBLE_EQ(run.regime.burstiness, 0.5);
  EXPECT_EQ(run.requests[0].input_tokens, 100);
  EXPECT_EQ(run.requests[0].output_tokens, 3);
  EXPECT_TRUE(run.requests[0].success);
  EXPECT_FALSE(run.requests[1].success);
  // No latencies in the file: E2E is the TTFT plus the gaps.
  EXPECT_DOUBLE_EQ(run.requests[0].latency_s, 0.08);
}

TEST(VllmBenchJsonTest, EveryProblemOfTheFileIsReportedAtOnce) {
  EXPECT_EQ(ErrorsOf(R"({"num_prompts": 2, "request_rate": -3, "max_concurrency": 2.5,
                        "input_lens": [1, 2], "ttfts": [0.1], "output_lens": [1, 2]})"),
            (std::vector<std::string>{
                "r.json: request_rate: is not a positive number or \"inf\"; expected requests per "
                "second",
                "r.json: max_concurrency: is not a whole number >= 1; expected the client's cap",
                "r.json: ttfts: 1 values for 2 requests; expected one per request (input_lens)"}));
  EXPECT_EQ(ErrorsOf(R"({"num_prompts": 1, "input_lens": [-4], "ttfts": ["x"]})"),
            (std::vector<std::string>{
                "r.json: input_lens[0]: is not a token count; expected a whole number >= 0",
                "r.json: ttfts[0]: is not a time; expected seconds >= 0"}));
  EXPECT_EQ(ErrorsOf(R"({"mean_ttft_ms": 3})"),
            (std::vector<std::string>{"r.json: num_prompts: missing, and no completed/failed "
                                      "counts or request lists; expected the number of requests "
                                      "sent"}));
  EXPECT_EQ(ErrorsOf("[1, 2]"),
            (std::vector<std::string>{"r.json: the file is not a JSON object; expected the object "
                                      "vllm bench serve writes"}));
}

TEST(VllmBenchJsonTest, SyntaxErrorsPointAtTheirLineAndColumn) {
  const std::vector<std::string> errors = ErrorsOf("{\n  \"num_prompts\": 2,\n  oops\n}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("r.json:3:3: ", 0), 0u) << errors[0];
}

TEST(VllmBenchJsonTest, WhatTheWriterWritesReadsBackTheSame) {
  MeasuredRun run;
  run.regime = {.request_rate = 2.5, .burstiness = 1, .num_requests = 2};
  run.duration_s = 3.25;
  run.stats = {{"completed", 2}, {"mean_ttft_ms", 12.5}};
  run.requests = {
      {.input_tokens = 5, .output_tokens = 2, .ttft_s = 0.01, .latency_s = 0.03, .itls_s = {0.02}},
      {.input_tokens = 7, .output_tokens = 1, .ttft_s = 0.02, .latency_s = 0.02}};
  const MeasuredRun back = ParseVllmBenchJson(WriteVllmBenchJson(run), "w.json");
  EXPECT_EQ(back.stats, run.stats);
  EXPECT_DOUBLE_EQ(*back.regime.request_rate, 2.5);
  EXPECT_DOUBLE_EQ(back.duration_s, 3.25);
  ASSERT_EQ(back.requests.size(), 2u);
  EXPECT_EQ(back.requests[1].input_tokens, 7);
  EXPECT_DOUBLE_EQ(back.requests[0].latency_s, 0.03);
  EXPECT_EQ(back.requests[0].itls_s, std::vector<double>{0.02});
}

}  // namespace
}  // namespace gpuplan
