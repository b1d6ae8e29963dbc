// The published traces in GPUPLAN_TRACES_DIR, checked against the statistics in its README.
// Skipped (with the reason) when the folder is not there.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "sim/workload/length_dist.h"
#include "sim/workload/trace_workload.h"
#include "tests/workload/workload_test_util.h"

namespace gpuplan {
namespace {

std::string TracePath(const std::string& relative) {
  return std::string(GPUPLAN_TRACES_DIR) + "/" + relative;
}

bool Exists(const std::string& path) { return std::filesystem::exists(path); }

TEST(RealTraces, AzureConversation) {
  const std::string path = TracePath("azure-llm-2023/AzureLLMInferenceTrace_conv.csv");
  if (!Exists(path)) GTEST_SKIP() << "trace not available: " << path;
  auto trace = LoadAzureLlm2023Trace({.path = path});
  const TraceStats& s = trace->stats();
  EXPECT_EQ(s.rows, 19'366);
  EXPECT_EQ(s.requests, 19'366);
  // 18:15:46.6805900 to 19:14:08.4025270 on the same day.
  EXPECT_EQ(s.span, 3'501'721'937'000);
  EXPECT_NEAR(s.mean_rate_per_s, 5.53, 0.005);
  EXPECT_NEAR(s.mean_prompt_tokens, 1155, 0.5);
  EXPECT_NEAR(s.mean_output_tokens, 211, 0.5);
  EXPECT_EQ(s.zero_output_adjusted, 0);
}

TEST(RealTraces, AzureCode) {
  const std::string path = TracePath("azure-llm-2023/AzureLLMInferenceTrace_code.csv");
  if (!Exists(path)) GTEST_SKIP() << "trace not available: " << path;
  auto trace = LoadAzureLlm2023Trace({.path = path});
  EXPECT_EQ(trace->stats().rows, 8'819);
  EXPECT_EQ(trace->stats().span, 3'435'948'056'000);  // 18:17:03.97996 to 19:14:19.928016
  EXPECT_NEAR(trace->stats().mean_rate_per_s, 2.57, 0.005);
  EXPECT_NEAR(trace->stats().mean_prompt_tokens, 2048, 0.5);
}

TEST(RealTraces, MooncakeConversation) {
  const std::string path = TracePath("mooncake-fast25/conversation_trace.jsonl");
  if (!Exists(path)) GTEST_SKIP() << "trace not available: " << path;
  auto raw = LoadMooncakeTrace({.path = path, .spread_quantised = false});
  const TraceStats& s = raw->stats();
  EXPECT_EQ(s.rows, 12'031);
  EXPECT_EQ(s.span, 3'536'999 * kNanosPerMilli);
  EXPECT_NEAR(s.mean_rate_per_s, 3.40, 0.005);
  EXPECT_NEAR(s.mean_prompt_tokens, 12'035, 0.5);
  EXPECT_NEAR(s.mean_output_tokens, 343, 0.5);
  EXPECT_NEAR(static_cast<double>(s.hash_blocks_reused) / s.hash_blocks, 0.366, 0.0005);
  // Spread: the same requests, no two left on one timestamp bucket start, span one gap longer.
  auto spread = LoadMooncakeTrace({.path = path});
  EXPECT_EQ(spread->stats().requests, 12'031);
  EXPECT_GT(spread->stats().span, s.span);
  EXPECT_LT(spread->stats().span, s.span + 4 * kNanosPerSecond);
  int64_t repeats = 0;
  const auto& requests = spread->requests();
  for (size_t i = 1; i < requests.size(); ++i) {
    repeats += requests[i].arrival == requests[i - 1].arrival;
  }
  EXPECT_EQ(repeats, 0);
}

TEST(RealTraces, SplitwiseTestTraceAndSharegpt300) {
  const std::string splitwise = TracePath("profiling/splitwise-sim/test_trace.csv");
  if (!Exists(splitwise)) GTEST_SKIP() << "trace not available: " << splitwise;
  const std::string sharegpt = TracePath("sharegpt-300/sharegpt_300_requests.csv");
  if (!Exists(sharegpt)) GTEST_SKIP() << "trace not available: " << sharegpt;
  EXPECT_EQ(LoadSplitwiseCsvTrace({.path = splitwise})->stats().rows, 3);
  auto trace = LoadRequestCsvTrace({.path = sharegpt});
  EXPECT_EQ(trace->stats().rows, 300);
  EXPECT_NEAR(trace->stats().mean_prompt_tokens, 857.5, 0.05);
  EXPECT_NEAR(trace->stats().mean_output_tokens, 652.5, 0.05);
  EXPECT_NEAR(ToSeconds(trace->stats().span), 29.1, 0.05);
}

TEST(RealTraces, EmpiricalShareGptLengths) {
  const std::string path =
      TracePath("length-distributions/sharegpt_8k_filtered_stats_llama2_tokenizer.csv");
  if (!Exists(path)) GTEST_SKIP() << "trace not available: " << path;
  auto prompts = MakeEmpiricalLength({.path = path, .column = "num_prefill_tokens"});
  EXPECT_EQ(prompts->Describe(),
            "empirical(sharegpt_8k_filtered_stats_llama2_tokenizer.csv:num_prefill_tokens, "
            "30731 values, mean 2340)");
  auto outputs = MakeEmpiricalLength({.path = path, .column = "num_decode_tokens"});
  Rng rng(1, RngStream::kOutputLengths);
  for (int i = 0; i < 10'000; ++i) {
    const int32_t v = outputs->Sample(rng);
    ASSERT_GE(v, 1);
    ASSERT_LE(v, 1024);
  }
}

}  // namespace
}  // namespace gpuplan
