// The engine knobs picked from the GPU, on both sides of each engine's thresholds.
#include "sim/catalog/engine_defaults.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>

namespace gpuplan {
namespace {

EngineSpec Preset(const std::string& rule) {
  EngineSpec e;
  e.name = rule;
  e.gpu_defaults = rule;
  e.max_num_seqs = 1024;
  e.max_num_batched_tokens = 8192;
  e.gpu_memory_utilization = 0.835;
  e.enable_chunked_prefill = true;
  e.sources = {{"max_num_seqs", "preset"},
               {"max_num_batched_tokens", "preset"},
               {"gpu_memory_utilization", "preset"}};
  return e;
}

GpuSpec Gpu(const std::string& name, double gib) {
  GpuSpec g;
  g.name = name;
  g.memory_gib = gib;
  return g;
}

TEST(EngineDefaultsTest, VllmPicksItsBatchLimitsFromTheGpu) {
  const EngineSpec preset = Preset("vllm");
  auto applied = [&](const GpuSpec& gpu) {
    EngineSpec e = preset;
    ApplyGpuDefaults(e, preset, gpu, Deployment{});
    return std::pair(e.max_num_seqs, e.max_num_batched_tokens);
  };
  EXPECT_EQ(applied(Gpu("h100_sxm", 80)), std::pair(1024, 8192));
  EXPECT_EQ(applied(Gpu("big", 70)), std::pair(1024, 8192));  // at the threshold
  EXPECT_EQ(applied(Gpu("l40s", 48)), std::pair(256, 2048));  // below it
  EXPECT_EQ(applied(Gpu("small", 69.9)), std::pair(256, 2048));
  EXPECT_EQ(applied(Gpu("a100_80gb_sxm", 80)), std::pair(256, 2048));  // an A100 never
  EngineSpec l40s = preset;
  ApplyGpuDefaults(l40s, preset, Gpu("l40s", 48), Deployment{});
  EXPECT_NE(l40s.sources.at("max_num_seqs").find("get_batch_defaults"), std::string::npos);
}

TEST(EngineDefaultsTest, WhatTheUserSetIsKept) {
  const EngineSpec preset = Preset("vllm");
  EngineSpec e = preset;
  e.max_num_seqs = 64;
  e.sources["max_num_seqs"] = "override at s.yaml:3:5";
  e.sources["max_num_batched_tokens"] = "override at s.yaml:3:9";  // set to the preset's value
  ApplyGpuDefaults(e, preset, Gpu("l40s", 48), Deployment{});
  EXPECT_EQ(e.max_num_seqs, 64);
  EXPECT_EQ(e.max_num_batched_tokens, 8192);
}

TEST(EngineDefaultsTest, SglangPicksItsChunkFromTheGpuMemory) {
  const EngineSpec preset = Preset("sglang");
  auto chunk = [&](double gib) {
    EngineSpec e = preset;
    ApplyGpuDefaults(e, preset, Gpu("g", gib), Deployment{});
    return e.max_num_batched_tokens;
  };
  EXPECT_EQ(chunk(24), 2048);
  EXPECT_EQ(chunk(35), 4096);  // a tier's lower end belongs to it
  EXPECT_EQ(chunk(48), 4096);
  EXPECT_EQ(chunk(60), 8192);
  EXPECT_EQ(chunk(141), 8192);
  EXPECT_EQ(chunk(160), 16384);
  EXPECT_EQ(chunk(180), 16384);
  EngineSpec none = Preset("none");
  ApplyGpuDefaults(none, Preset("none"), Gpu("g", 24), Deployment{});
  EXPECT_EQ(none.max_num_batched_tokens, 8192);
}

// SGLang's reserve, in MiB, worked by hand: 512 + 1.5 x max(chunk, 2048) + 2 x cuda_graph_max_bs
// + TP x PP / 8 x 1024, at least 10240 on a GPU over 60 GiB; fraction = (mem - reserve) / mem.
TEST(EngineDefaultsTest, SglangMemFractionStaticFollowsItsFormula) {
  // H100 as nvidia-smi reports it (81559 MiB), TP1, chunk 8192, graphs to 256: 13440 -> 0.835,
  // the value SGLang logs on an H100.
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(81559, 1, 1, 8192), 0.835);
  // TP4 and TP8 capture graphs to 512 and reserve more for parallelism: 14336 and 14848.
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(81559, 4, 1, 8192), 0.824);
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(81559, 8, 1, 8192), 0.818);
  // TP2 x PP2: the parallelism term counts 4 GPUs (512), the graphs follow TP (256): 13824.
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(81559, 2, 2, 8192), 0.831);
  // H200 (143771 MiB): the same reserve on a larger card.
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(143771, 1, 1, 8192), 0.907);
  // A 180 GiB card: chunk 16384, graphs to 512 at any TP: 512 + 24576 + 1024 + 128 = 26240.
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(184320, 1, 1, 16384), 0.858);
  // 24 GiB, TP1: 512 + 3072 + 48 + 128 = 3760 -> 0.847; TP4 graphs to 80: 512 + 3072 + 160 +
  // 512 = 4256 -> 0.827.
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(24576, 1, 1, 2048), 0.847);
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(24576, 4, 1, 2048), 0.827);
  // A chunk under 2048 counts as 2048; chunked prefill off counts max_prefill_tokens 16384.
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(24576, 1, 1, 1024), 0.847);
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(81559, 1, 1, 0),
                   std::round((81559.0 - 25728) / 81559 * 1000) / 1000);
  // The 10 GiB floor applies only above 60 GiB: 4224 MiB of reserve at 60 GiB, 10240 above.
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(61440, 1, 1, 2048), 0.931);
  EXPECT_DOUBLE_EQ(SglangMemFractionStatic(62464, 1, 1, 2048), 0.836);
}

TEST(EngineDefaultsTest, SglangSetsItsMemoryFractionFromTheGpuAndParallelism) {
  const EngineSpec preset = Preset("sglang");
  GpuSpec h200 = Gpu("h200", 141);
  h200.usable_memory_gib = 139.81;  // 143165 MiB: (143165 - 13440) / 143165 = 0.906
  Deployment tp1;
  EngineSpec e = preset;
  ApplyGpuDefaults(e, preset, h200, tp1);
  EXPECT_DOUBLE_EQ(e.gpu_memory_utilization, 0.906);
  EXPECT_NE(e.sources.at("gpu_memory_utilization").find("mem_fraction_static"), std::string::npos);
  Deployment tp8;
  tp8.tensor_parallel = 8;  // 512 + 12288 + 1024 + 1024 = 14848 -> 0.896
  e = preset;
  ApplyGpuDefaults(e, preset, h200, tp8);
  EXPECT_DOUBLE_EQ(e.gpu_memory_utilization, 0.896);
  // A fraction the user set is kept; a chunk the user set enters the formula.
  e = preset;
  e.gpu_memory_utilization = 0.7;
  e.sources["gpu_memory_utilization"] = "override at s.yaml:4:5";
  ApplyGpuDefaults(e, preset, h200, tp1);
  EXPECT_DOUBLE_EQ(e.gpu_memory_utilization, 0.7);
  e = preset;
  e.max_num_batched_tokens = 2048;
  e.sources["max_num_batched_tokens"] = "override at s.yaml:4:9";
  ApplyGpuDefaults(e, preset, h200, tp1);  // 512 + 3072 + 512 + 128 = 4224 -> floor 10240
  EXPECT_DOUBLE_EQ(e.gpu_memory_utilization, 0.928);
}

}  // namespace
}  // namespace gpuplan
