#include "sim/loadtest/engine_log.h"

#include <gtest/gtest.h>

namespace gpuplan {
namespace {

TEST(EngineLogTest, ReadsEachEnginesKvCapacityLine) {
  auto vllm = FindLoggedKvCapacity(
      "INFO 12-01 10:00:01 [gpu_worker.py:298] Available KV cache memory: 55.15 GiB\n"
      "INFO 12-01 10:00:01 [kv_cache_utils.py:1087] GPU KV cache size: 451,744 tokens\n",
      16);
  ASSERT_TRUE(vllm.has_value());
  EXPECT_EQ(vllm->tokens, 451744);
  EXPECT_EQ(vllm->engine, "vllm");
  EXPECT_EQ(vllm->line_number, 2);
  auto v0 = FindLoggedKvCapacity("INFO # GPU blocks: 29205, # CPU blocks: 2048", 16);
  ASSERT_TRUE(v0.has_value());
  EXPECT_EQ(v0->tokens, 29205 * 16);
  auto trt = FindLoggedKvCapacity(
      "[TensorRT-LLM][INFO] [MemUsageChange] Allocated 39.02 GiB for max tokens in paged KV cache "
      "(159808).",
      32);
  ASSERT_TRUE(trt.has_value());
  EXPECT_EQ(trt->tokens, 159808);
  EXPECT_EQ(trt->engine, "trtllm");
  auto sglang = FindLoggedKvCapacity(
      "[2026-12-01 10:00:00] max_total_num_tokens=123456, chunked_prefill_size=8192", 1);
  ASSERT_TRUE(sglang.has_value());
  EXPECT_EQ(sglang->tokens, 123456);
}

TEST(EngineLogTest, TheLastLineWinsAndNothingIsNothing) {
  auto two =
      FindLoggedKvCapacity("GPU KV cache size: 100 tokens\nGPU KV cache size: 200 tokens\n", 16);
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(two->tokens, 200);
  EXPECT_FALSE(FindLoggedKvCapacity("nothing here\nGPU KV cache size: lots\n", 16).has_value());
}

}  // namespace
}  // namespace gpuplan
