#include <gtest/gtest.h>

#include <map>
#include <string>

#include "sim/engine/batch_scheduler.h"

namespace gpuplan {
namespace {

ParamTable Table(std::map<std::string, std::string> values) {
  ParamTable t;
  t.path = "engine.scheduler.options";
  t.loc = {.file = "s.yaml", .line = 3, .column = 5};
  for (auto& [k, v] : values) t.values[k] = ParamValue{.text = v, .loc = {"s.yaml", 4, 7}};
  return t;
}

std::optional<std::unique_ptr<BatchScheduler>> Make(const std::string& name,
                                                    const ParamTable& table,
                                                    const EngineSpec& engine, Diagnostics& diags) {
  SchedulerRegistry registry("scheduler");
  RegisterBuiltinSchedulers(registry);
  return registry.Make(name, {}, "engine.scheduler.kind", table, diags, engine);
}

TEST(SchedulerRegistryTest, RegistersBothPolicies) {
  SchedulerRegistry registry("scheduler");
  RegisterBuiltinSchedulers(registry);
  EXPECT_EQ(registry.Names(),
            (std::vector<std::string>{"continuous", "trtllm", "sglang", "static"}));
  EXPECT_THROW(RegisterBuiltinSchedulers(registry), InternalError);  // duplicates
}

TEST(SchedulerRegistryTest, DefaultsComeFromTheEnginePresetAndOptionsOverride) {
  EngineSpec engine;
  engine.max_num_seqs = 1;
  engine.max_num_batched_tokens = 64;
  engine.enable_chunked_prefill = false;
  Diagnostics diags;
  auto from_engine = Make("continuous", Table({}), engine, diags);
  ASSERT_TRUE(from_engine && *from_engine) << (diags.empty() ? "" : diags.items()[0].ToString());
  const KvCache kv({.num_blocks = 1000, .block_size = 16, .watermark = 0});
  // Chunked prefill off with a 64-token budget: a 65-token prompt can never run.
  EXPECT_TRUE((*from_engine)->CheckServable({.prompt_tokens = 65, .output_tokens = 1}, kv));
  auto overridden = Make(
      "continuous", Table({{"max_num_batched_tokens", "128"}, {"enable_chunked_prefill", "false"}}),
      engine, diags);
  ASSERT_TRUE(overridden && *overridden);
  EXPECT_FALSE((*overridden)->CheckServable({.prompt_tokens = 65, .output_tokens = 1}, kv));
  EXPECT_TRUE(diags.empty());
}

TEST(SchedulerRegistryTest, SwapPreemptionIsRefusedWithAClearMessage) {
  EngineSpec engine;
  Diagnostics diags;
  EXPECT_FALSE(Make("continuous", Table({{"preemption_mode", "swap"}}), engine, diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].path, "engine.scheduler.options.preemption_mode");
  EXPECT_NE(diags.items()[0].message.find("'swap' is not supported yet"), std::string::npos);
  engine.preemption_mode = "swap";  // from the preset
  Diagnostics diags2;
  EXPECT_FALSE(Make("continuous", Table({}), engine, diags2));
  EXPECT_EQ(diags2.size(), 1u);
}

TEST(SchedulerRegistryTest, BadOptionsBecomeDiagnostics) {
  EngineSpec engine;
  Diagnostics diags;
  EXPECT_FALSE(
      Make("continuous", Table({{"max_num_seqs", "0"}, {"max_num_seq", "4"}}), engine, diags));
  ASSERT_EQ(diags.size(), 2u);  // out of range; unknown key with a suggestion
  EXPECT_NE(diags.items()[1].message.find("max_num_seqs"), std::string::npos);
  Diagnostics diags2;
  EXPECT_FALSE(Make("contiuous", Table({}), engine, diags2));
  EXPECT_NE(diags2.items()[0].message.find("did you mean 'continuous'"), std::string::npos);
  engine.max_num_seqs = 0;
  Diagnostics diags3;
  EXPECT_FALSE(Make("static", Table({}), engine, diags3));
  EXPECT_EQ(diags3.size(), 1u);
}

// The three engine schedulers read their batch limits through one reader (engine_limits.h): a
// preset value below 1 is reported at the option it feeds, an override replaces it, and the
// scheduler is only built when nothing was reported.
TEST(SchedulerRegistryTest, EveryEngineSchedulerChecksThePresetLimitsAlike) {
  for (const std::string name : {"continuous", "trtllm", "sglang"}) {
    SCOPED_TRACE(name);
    EngineSpec engine;
    engine.max_num_seqs = 0;
    engine.max_num_batched_tokens = -1;
    Diagnostics diags;
    EXPECT_FALSE(Make(name, Table({}), engine, diags));
    ASSERT_EQ(diags.size(), 2u);
    EXPECT_EQ(diags.items()[0].path, "engine.scheduler.options.max_num_seqs");
    EXPECT_NE(diags.items()[0].message.find("engine preset value 0 must be >= 1"),
              std::string::npos);
    EXPECT_EQ(diags.items()[1].path, "engine.scheduler.options.max_num_batched_tokens");
    Diagnostics fixed;
    std::map<std::string, std::string> options = {{"max_num_seqs", "4"},
                                                  {"max_num_batched_tokens", "64"},
                                                  {"enable_chunked_prefill", "false"}};
    // SGLang bounds an unchunked prompt by max_prefill_tokens, not by the chunk size.
    if (name == "sglang") options["max_prefill_tokens"] = "64";
    auto made = Make(name, Table(options), engine, fixed);
    ASSERT_TRUE(made && *made) << (fixed.empty() ? "" : fixed.items()[0].ToString());
    const KvCache kv({.num_blocks = 1000, .block_size = 16, .watermark = 0});
    // The 64-token override is the bound: 64 prompt tokens run unchunked, 65 never do.
    EXPECT_FALSE((*made)->CheckServable({.prompt_tokens = 64, .output_tokens = 1}, kv));
    EXPECT_TRUE((*made)->CheckServable({.prompt_tokens = 65, .output_tokens = 1}, kv));
  }
}

}  // namespace
}  // namespace gpuplan
