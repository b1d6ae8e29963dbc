// Readers for the published measurements gpuplan is calibrated and validated against (the
// shared traces folder, schemas in its README, "profiling" section):
//   - Vidur per-operator times on one GPU: compute/<gpu>/meta-llama/<model>/mlp.csv, one row per
//     (num_tokens, TP shard), min/max/mean/median/std of each op in ms;
//   - Vidur NCCL times: network/<gpu>_dgx/{all_reduce,send_recv}.csv, per message size in bytes;
//   - Splitwise end-to-end step times: splitwise-sim/perf_model.csv (prefill of a batch of
//     prompts, one decode iteration), in ms, repeated about 5 times per configuration.
// Malformed files throw ConfigError at file:line.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/bundle/bundle.h"

namespace gpuplan {

// Vidur's per-layer operators (its OperationMetrics names), in mlp.csv column order.
inline constexpr std::array<std::string_view, 10> kVidurOps = {
    "emb",         "input_layernorm", "attn_pre_proj",
    "attn_rope",   "attn_post_proj",  "post_attention_layernorm",
    "mlp_up_proj", "mlp_act",         "mlp_down_proj",
    "add"};
size_t VidurOpIndex(std::string_view op);  // position in kVidurOps; a bug when unknown

// One op's statistics in milliseconds, as Vidur publishes them.
struct VidurStats {
  double min_ms = 0, max_ms = 0, mean_ms = 0, median_ms = 0, std_ms = 0;
};

struct VidurMlpRow {
  int line = 0;
  int64_t num_tokens = 0;
  int tp = 0;
  std::array<VidurStats, kVidurOps.size()> ops;
};

struct VidurMlpProfile {
  std::string path;
  BundleModel shape;  // name: the model folder; source: the path
  bool gated_mlp = true;
  std::vector<VidurMlpRow> rows;
};

struct VidurNetworkRow {
  int line = 0;
  int64_t bytes = 0;
  int num_gpus = 0;
  int gpus_per_node = 0;
  int rank = 0;
  VidurStats stats;
};

// `path` is an mlp.csv; `model_name` names the profile (e.g. "Llama-2-70b-hf").
VidurMlpProfile ReadVidurMlp(const std::string& path, const std::string& model_name);
// `collective` is "all_reduce" or "send_recv".
std::vector<VidurNetworkRow> ReadVidurNetwork(const std::string& path,
                                              const std::string& collective);

// One Splitwise configuration, with the median over its repeats.
struct SplitwiseRow {
  std::string model;     // "llama2-70b", "bloom-176b"
  std::string hardware;  // "a100-80gb", "h100-80gb", "h100-80gb-pcap"
  int tp = 0, prompt = 0, batch = 0, output = 0;
  double prefill_ms = 0;  // prompt_time: prefill of all `batch` prompts in one step
  double decode_ms = 0;   // token_time: one decode iteration of the batch
  int repeats = 0;
};

// Grouped by (model, hardware, tp, prompt, batch, output), in that sort order.
std::vector<SplitwiseRow> ReadSplitwise(const std::string& path);

}  // namespace gpuplan
