// Helpers for the bundle, calibrated-model and calibration tests: bundle folders written from text
// into a scratch folder, small bundles built in memory with hand-picked times, and the model, GPU
// and engine they were "measured" for.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "sim/bundle/bundle.h"
#include "sim/catalog/specs.h"
#include "tests/common/temp_dir.h"

namespace gpuplan::testing {

inline const char* kValidMeta =
    "schema_version=1\n"
    "status=complete\n"
    "tool=test-writer\n"
    "tool_version=0.1\n"
    "created_utc=2026-11-21T10:00:00Z\n"
    "gpu.name=Test GPU\n"
    "model.tiny=hidden=1024,heads=8,kv_heads=2,head_dim=128,intermediate=4096,vocab=32000,"
    "source=hand-written\n";

inline const char* kStatsHeader = "min_us,median_us,mean_us,p90_us,max_us,std_us,repeats";

// A bundle-level row with every statistic equal to `us` (min = median = mean = p90 = max).
inline BundleRow TimedRow(std::vector<std::string> key, std::vector<int64_t> numbers, double us) {
  BundleRow row;
  row.key = std::move(key);
  row.numbers = std::move(numbers);
  row.stats = {us, us, us, us, us, 0, 1};
  return row;
}

// A model with the shapes of `model.tiny` in kValidMeta.
inline ModelSpec TinyModel(int layers) {
  ModelSpec m;
  m.name = "tiny";
  m.display_name = "Tiny";
  m.num_layers = layers;
  m.hidden_size = 1024;
  m.num_attention_heads = 8;
  m.num_kv_heads = 2;
  m.head_dim = 128;
  m.intermediate_size = 4096;
  m.vocab_size = 32000;
  m.max_context_tokens = 8192;
  m.gated_mlp = true;
  return m;
}

inline BundleModel TinyBundleModel() {
  BundleModel m;
  m.name = "tiny";
  m.hidden = 1024;
  m.heads = 8;
  m.kv_heads = 2;
  m.head_dim = 128;
  m.intermediate = 4096;
  m.vocab = 32000;
  return m;
}

// mlp_ops rows of model "tiny" at `tp`: every op gets `us_by_tokens` (num_tokens -> us).
inline BundleTable MlpOpsTable(int tp, const std::map<int64_t, double>& us_by_tokens,
                               const std::vector<std::string>& ops) {
  BundleTable t;
  t.family = BundleFamily::kMlpOps;
  for (const std::string& op : ops) {
    for (const auto& [tokens, us] : us_by_tokens) {
      t.rows.push_back(TimedRow({"tiny", op, std::to_string(tokens), std::to_string(tp), "bf16"},
                                {0, 0, tokens, tp, 0}, us));
    }
  }
  return t;
}

inline BundleTable CollectiveTable(BundleFamily family, int gpus, int per_node,
                                   const std::map<int64_t, double>& us_by_bytes) {
  BundleTable t;
  t.family = family;
  for (const auto& [bytes, us] : us_by_bytes) {
    t.rows.push_back(TimedRow(
        {std::to_string(bytes), std::to_string(gpus), std::to_string(per_node), "test_link"},
        {bytes, gpus, per_node, 0}, us));
  }
  return t;
}

inline GpuSpec TestGpu() {
  GpuSpec g;
  g.name = "test_gpu";
  g.display_name = "Test GPU";
  g.memory_gib = 80;
  g.hbm_tbps = 3.35;
  g.bf16_tflops = 989.5;
  g.fp16_tflops = 989.5;
  g.fp8_tflops = 1979;
  g.int8_tops = 1979;
  g.interconnect = "nvlink4";
  g.interconnect_gbps = 450;
  g.interconnect_latency_us = 5;
  g.sm_count = 132;
  return g;
}

inline EngineSpec NoCpuEngine() {
  EngineSpec e;
  e.name = "test";
  e.block_size = 16;
  return e;
}

}  // namespace gpuplan::testing
