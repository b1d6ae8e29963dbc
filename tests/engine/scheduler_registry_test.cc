#include <gtest/gtest.h>

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

}  // namespace
}  // namespace gpuplan
