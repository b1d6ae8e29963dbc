#include "calibrate/models.h"

#include <gtest/gtest.h>

#include "calibrate/errors.h"

namespace gpuplan::calibrate {
namespace {

TEST(ModelsTest, BuiltinTableMatchesPublishedConfigs) {
  const ModelShape* llama8 = FindBuiltinModel("llama-3.1-8b");
  ASSERT_NE(llama8, nullptr);
  EXPECT_EQ(llama8->hidden, 4096);
  EXPECT_EQ(llama8->heads, 32);
  EXPECT_EQ(llama8->kv_heads, 8);
  EXPECT_EQ(llama8->head_dim, 128);
  EXPECT_EQ(llama8->intermediate, 14336);
  EXPECT_EQ(llama8->vocab, 128256);
  EXPECT_EQ(llama8->layers, 32);
  const ModelShape* llama2 = FindBuiltinModel("llama-2-7b");
  ASSERT_NE(llama2, nullptr);
  EXPECT_EQ(llama2->kv_heads, 32);  // multi-head attention
  EXPECT_EQ(llama2->intermediate, 11008);
  EXPECT_EQ(llama2->vocab, 32000);
  const ModelShape* qwen72 = FindBuiltinModel("qwen2.5-72b");
  ASSERT_NE(qwen72, nullptr);
  EXPECT_EQ(qwen72->intermediate, 29568);
  EXPECT_EQ(qwen72->vocab, 152064);
  EXPECT_EQ(FindBuiltinModel("gpt-5"), nullptr);
}

TEST(ModelsTest, EveryBuiltinIsConsistent) {
  EXPECT_EQ(BuiltinModels().size(), 9u);
  for (const ModelShape& model : BuiltinModels()) {
    EXPECT_NO_THROW(ValidateShape(model)) << model.name;
    EXPECT_EQ(model.hidden, model.heads * model.head_dim) << model.name;
    EXPECT_NO_THROW(ShardForTp(model, 1)) << model.name;
  }
}

TEST(ModelsTest, ShardsLlama8bAcrossTwoGpus) {
  const RankShape rank = ShardForTp(*FindBuiltinModel("llama-3.1-8b"), 2);
  EXPECT_EQ(rank.q_heads, 16);
  EXPECT_EQ(rank.kv_heads, 4);
  EXPECT_EQ(rank.qkv_n, (16 + 2 * 4) * 128);
  EXPECT_EQ(rank.o_k, 16 * 128);
  EXPECT_EQ(rank.gate_up_n, 14336);
  EXPECT_EQ(rank.down_k, 7168);
  EXPECT_EQ(rank.lm_head_n, 64128);
}

TEST(ModelsTest, ReplicatesKvHeadsBeyondTheirCount) {
  const RankShape rank = ShardForTp(*FindBuiltinModel("llama-3.1-70b"), 16);
  EXPECT_EQ(rank.q_heads, 4);
  EXPECT_EQ(rank.kv_heads, 1);
  EXPECT_EQ(rank.qkv_n, (4 + 2) * 128);
}

TEST(ModelsTest, PadsTheVocabularyPerGpu) {
  // 32000 = 64 * 500 splits 1 and 2 ways without padding.
  const ModelShape* llama2 = FindBuiltinModel("llama-2-70b");
  EXPECT_EQ(ShardForTp(*llama2, 1).lm_head_n, 32000);
  EXPECT_EQ(ShardForTp(*llama2, 2).lm_head_n, 16000);
  // 152064 over 8 GPUs: 152064 = 512 * 297 -> 19008.
  EXPECT_EQ(ShardForTp(*FindBuiltinModel("qwen2.5-72b"), 8).lm_head_n, 19008);
}

TEST(ModelsTest, RejectsTpThatDoesNotSplit) {
  EXPECT_THROW(ShardForTp(*FindBuiltinModel("qwen2.5-7b"), 8), UsageError);  // 28 heads
  EXPECT_THROW(ShardForTp(*FindBuiltinModel("llama-3.1-8b"), 3), UsageError);
  ModelShape odd = *FindBuiltinModel("llama-3.1-8b");
  odd.kv_heads = 4;
  odd.heads = 24;
  EXPECT_THROW(ShardForTp(odd, 3), UsageError);  // 4 KV heads over 3 GPUs
}

TEST(ModelsTest, ParsesAShapeSpec) {
  const ModelShape shape = ParseShapeSpec(
      "hidden=4096,heads=32,kv_heads=8,head_dim=128,intermediate=14336,vocab=128256,layers=32");
  EXPECT_EQ(shape.name, "custom");
  EXPECT_EQ(shape.hidden, 4096);
  EXPECT_EQ(shape.layers, 32);
}

TEST(ModelsTest, ShapeSpecErrors) {
  auto error = [](const char* spec) -> std::string {
    try {
      ParseShapeSpec(spec);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(error("hidden=4096").find("missing heads, kv_heads, head_dim, intermediate, vocab"),
            std::string::npos);
  EXPECT_NE(error("hidden=4096,colour=3").find("unknown key 'colour'"), std::string::npos);
  EXPECT_NE(error("hidden=4096,hidden=4096").find("given twice"), std::string::npos);
  EXPECT_NE(error("hidden=-1").find("not a positive integer"), std::string::npos);
  EXPECT_NE(error("hidden").find("expected key=value"), std::string::npos);
  EXPECT_NE(error("hidden=4096,heads=32,kv_heads=5,head_dim=128,intermediate=14336,vocab=1")
                .find("multiple of kv_heads"),
            std::string::npos);
  EXPECT_NE(error("hidden=4096,heads=32,kv_heads=8,head_dim=96,intermediate=14336,vocab=1")
                .find("head_dim must be 64 or 128"),
            std::string::npos);
}

}  // namespace
}  // namespace gpuplan::calibrate
