// The engine knobs picked from the GPU, on both sides of each engine's thresholds.
#include "sim/catalog/engine_defaults.h"

#include <gtest/gtest.h>

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
  e.sources = {{"max_num_seqs", "preset"}, {"max_num_batched_tokens", "preset"}};
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
    ApplyGpuDefaults(e, preset, gpu);
    return std::pair(e.max_num_seqs, e.max_num_batched_tokens);
  };
  EXPECT_EQ(applied(Gpu("h100_sxm", 80)), std::pair(1024, 8192));
  EXPECT_EQ(applied(Gpu("big", 70)), std::pair(1024, 8192));  // at the threshold
  EXPECT_EQ(applied(Gpu("l40s", 48)), std::pair(256, 2048));   // below it
  EXPECT_EQ(applied(Gpu("small", 69.9)), std::pair(256, 2048));
  EXPECT_EQ(applied(Gpu("a100_80gb_sxm", 80)), std::pair(256, 2048));  // an A100 never
  EngineSpec l40s = preset;
  ApplyGpuDefaults(l40s, preset, Gpu("l40s", 48));
  EXPECT_NE(l40s.sources.at("max_num_seqs").find("get_batch_defaults"), std::string::npos);
}

TEST(EngineDefaultsTest, WhatTheUserSetIsKept) {
  const EngineSpec preset = Preset("vllm");
  EngineSpec e = preset;
  e.max_num_seqs = 64;
  e.sources["max_num_seqs"] = "override at s.yaml:3:5";
  e.sources["max_num_batched_tokens"] = "override at s.yaml:3:9";  // set to the preset's value
  ApplyGpuDefaults(e, preset, Gpu("l40s", 48));
  EXPECT_EQ(e.max_num_seqs, 64);
  EXPECT_EQ(e.max_num_batched_tokens, 8192);
}

TEST(EngineDefaultsTest, SglangPicksItsChunkFromTheGpuMemory) {
  const EngineSpec preset = Preset("sglang");
  auto chunk = [&](double gib) {
    EngineSpec e = preset;
    ApplyGpuDefaults(e, preset, Gpu("g", gib));
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
  ApplyGpuDefaults(none, Preset("none"), Gpu("g", 24));
  EXPECT_EQ(none.max_num_batched_tokens, 8192);
}

}  // namespace
}  // namespace gpuplan
