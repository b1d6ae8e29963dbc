#include "sim/config/catalog_loader.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/config/config_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::ErrorsOf;
using ::gpuplan::testing::TestCatalog;
using ::gpuplan::testing::TestdataDir;

TEST(CatalogLoaderTest, ListsEntriesSortedByName) {
  const Catalog& catalog = TestCatalog();
  EXPECT_EQ(CatalogNames(catalog.gpus), (std::vector<std::string>{"a100_sxm", "h100_sxm"}));
  EXPECT_EQ(CatalogNames(catalog.models),
            (std::vector<std::string>{"llama-3.1-70b", "llama-3.1-8b"}));
  EXPECT_EQ(CatalogNames(catalog.engines), (std::vector<std::string>{"sglang", "vllm"}));
}

// The fixture sets every field to a distinct value: a field the loader forgets fails here.
TEST(CatalogLoaderTest, ReadsEveryGpuField) {
  const GpuSpec& g = TestCatalog().gpus.at("h100_sxm");
  EXPECT_EQ(g.name, "h100_sxm");
  EXPECT_EQ(g.display_name, "NVIDIA H100 SXM5 80GB");
  EXPECT_EQ(g.memory_gib, 80);
  EXPECT_EQ(g.hbm_tbps, 3.35);
  EXPECT_EQ(g.bf16_tflops, 989);
  EXPECT_EQ(g.fp16_tflops, 989.5);
  EXPECT_EQ(g.fp8_tflops, 1979);
  EXPECT_EQ(g.int8_tops, 1978);
  EXPECT_EQ(g.interconnect, "nvlink4");
  EXPECT_EQ(g.interconnect_gbps, 450);
  EXPECT_EQ(g.interconnect_latency_us, 3.5);
  EXPECT_EQ(g.pcie_gbps, 64);
  EXPECT_EQ(g.sm_count, 132);
  EXPECT_EQ(g.tdp_w, 700);
  EXPECT_EQ(g.price_usd_per_gpu_hour, 3.9);
  EXPECT_EQ(g.price_date, "2025-01-15");
  EXPECT_EQ(g.price_source, "test fixture");
  EXPECT_EQ(g.price_tier, "hyperscaler_on_demand");
  EXPECT_EQ(g.price_region, "test region");
  EXPECT_EQ(g.sources, (SourceMap{{"hbm_tbps", "NVIDIA H100 datasheet"},
                                  {"memory_gib", "NVIDIA H100 datasheet"}}));
}

TEST(CatalogLoaderTest, OptionalFieldsKeepTheStructDefaults) {
  const GpuSpec& a100 = TestCatalog().gpus.at("a100_sxm");
  EXPECT_EQ(a100.fp8_tflops, 0);
  EXPECT_EQ(a100.interconnect, "");
  EXPECT_TRUE(a100.sources.empty());
  const EngineSpec& sglang = TestCatalog().engines.at("sglang");
  EXPECT_EQ(sglang.max_num_seqs, EngineSpec{}.max_num_seqs);
  EXPECT_EQ(sglang.max_num_batched_tokens, 16384);
  EXPECT_EQ(sglang.scheduler, "static");
}

TEST(CatalogLoaderTest, ReadsEveryModelAndEngineField) {
  const ModelSpec& m = TestCatalog().models.at("llama-3.1-8b");
  EXPECT_EQ(m.display_name, "Llama-3.1-8B");
  EXPECT_EQ(m.num_layers, 32);
  EXPECT_EQ(m.hidden_size, 4096);
  EXPECT_EQ(m.num_attention_heads, 32);
  EXPECT_EQ(m.num_kv_heads, 8);
  EXPECT_EQ(m.head_dim, 128);
  EXPECT_EQ(m.intermediate_size, 14336);
  EXPECT_EQ(m.vocab_size, 128256);
  EXPECT_EQ(m.max_context_tokens, 131072);
  EXPECT_TRUE(m.gated_mlp);
  EXPECT_FALSE(m.tie_word_embeddings);
  const EngineSpec& e = TestCatalog().engines.at("vllm");
  EXPECT_EQ(e.display_name, "vLLM");
  EXPECT_EQ(e.version, "0.6.3");
  EXPECT_EQ(e.scheduler, "continuous");
  EXPECT_EQ(e.max_num_seqs, 256);
  EXPECT_EQ(e.max_num_batched_tokens, 4096);
  EXPECT_EQ(e.block_size, 32);
  EXPECT_EQ(e.gpu_memory_utilization, 0.92);
  EXPECT_TRUE(e.enable_chunked_prefill);
  EXPECT_EQ(e.preemption_mode, "swap");
  EXPECT_EQ(e.watermark, 0.02);
  EXPECT_EQ(e.cpu_overhead_per_step_us, 120);
  EXPECT_EQ(e.cpu_overhead_per_request_us, 4.5);
  EXPECT_EQ(e.activation_reserve_gib, 1.25);
  EXPECT_EQ(e.sources.at("max_num_seqs"), "vLLM EngineArgs default");
}

TEST(CatalogLoaderTest, ReportsEveryProblemOfEveryFileTogether) {
  const std::string dir = TestdataDir() + "/bad_catalog";
  EXPECT_EQ(ErrorsOf([&] { LoadCatalog(dir); }),
            (std::vector<std::string>{
                dir + "/gpus/h100_pcie.yaml:1:7: name: 'h100_sxm' does not match the file name "
                      "'h100_pcie.yaml'; expected name: h100_pcie",
                dir + "/gpus/l4.yaml:1:1: memory_gib: missing required key; expected a number > 0",
                dir + "/gpus/l4.yaml:2:1: memry_gib: unknown key 'memry_gib'; did you mean "
                      "'memory_gib'?",
                // Not a link the collective model knows (kInterconnects).
                dir + "/gpus/l4.yaml:5:15: interconnect: 'nvlink9' is not a valid choice; did "
                      "you mean 'nvlink2'?; expected one of: nvlink2, nvlink3, nvlink4, nvlink5, "
                      "pcie3, pcie4, pcie5, pcie6",
                // A price must say what kind it is (kPriceTiers), by a name from the list.
                dir + "/gpus/t4.yaml:5:25: price_tier: a price of 0.35 $/GPU-hour without its "
                      "tier; expected price_tier: one of hyperscaler_on_demand, "
                      "hyperscaler_reserved, gpu_cloud_on_demand, community, spot",
                // A refused tier is one error, not also a missing one.
                dir + "/gpus/v100.yaml:6:13: price_tier: 'reserved' is not a valid choice; "
                      "expected one of: hyperscaler_on_demand, hyperscaler_reserved, "
                      "gpu_cloud_on_demand, community, spot",
                dir + "/models/tiny.yaml:2:13: num_layers: 'abc' is not an integer; expected an "
                      "integer >= 1",
                dir + "/models/tiny.yaml:5:15: num_kv_heads: 3 does not divide "
                      "num_attention_heads 4; expected a divisor of 4 (each KV head serves the "
                      "same number of query heads)",
                dir + "/engines/vllm.yaml:2:25: gpu_memory_utilization: 1.5 is out of range; "
                      "expected a number > 0 and <= 1",
                dir + "/engines/vllm.yaml:4:3: sources.max_num_seq: unknown key 'max_num_seq'; "
                      "did you mean 'max_num_seqs'?",
            }));
}

TEST(CatalogLoaderTest, MissingFolderIsAnError) {
  const std::string dir = TestdataDir() + "/scenarios";  // has no gpus/ models/ engines/
  const auto errors = ErrorsOf([&] { LoadCatalog(dir); });
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], dir + "/gpus: missing catalog folder; expected " + dir +
                           "/gpus/*.yaml with one gpu per file");
}

// The real data in configs/ (written separately) must load cleanly when it is there.
TEST(CatalogLoaderTest, RealCatalogLoadsWhenPresent) {
  const std::string dir = std::string(GPUPLAN_SOURCE_DIR) + "/configs";
  if (!std::filesystem::exists(dir + "/gpus") || std::filesystem::is_empty(dir + "/gpus")) {
    GTEST_SKIP() << "no catalog in " << dir;
  }
  Catalog catalog;
  try {
    catalog = LoadCatalog(dir);
  } catch (const ConfigError& e) {
    FAIL() << e.what();
  }
  EXPECT_FALSE(catalog.gpus.empty());
  for (const auto& [name, gpu] : catalog.gpus) {
    EXPECT_GT(gpu.memory_gib, 0) << name;
    // Every shipped price says where it applies (the reader already requires its tier).
    if (gpu.price_usd_per_gpu_hour > 0) {
      EXPECT_FALSE(gpu.price_region.empty()) << name;
      EXPECT_FALSE(gpu.price_date.empty()) << name;
      EXPECT_FALSE(gpu.price_source.empty()) << name;
    }
  }
}

}  // namespace
}  // namespace gpuplan
