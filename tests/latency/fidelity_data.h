// Measured reference data for the fidelity checks, read from the shared traces folder
// (GPUPLAN_TRACES_DIR/profiling; schemas in its README):
//  - Vidur per-operator times on one GPU (compute/<gpu>/meta-llama/<model>/mlp.csv), one row per
//    (num_tokens, TP shard) with the median time of each op in ms;
//  - Vidur NCCL all_reduce / send_recv times (network/<gpu>_dgx/*.csv);
//  - Splitwise end-to-end prefill and decode step times (splitwise-sim/perf_model.csv).
// Rows are split into a fit half and a held-out half by the parity of their position in the
// sorted list of distinct sizes (num_tokens, message size), so both halves span the whole range.
#pragma once

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "sim/latency/latency_model.h"
#include "tests/latency/csv_table.h"
#include "tests/latency/latency_fixtures.h"

namespace gpuplan::testing {

struct VidurOp {
  const char* column;  // time_stats.<column>.median
  OpKind op;           // the predicted op it is compared with
  double kernels;      // kernels of that op in a 1-layer step (norm: 2 + final; residual: 2)
};

inline constexpr std::array<VidurOp, 10> kVidurOps = {{
    {"attn_pre_proj", OpKind::kQkvProj, 1},
    {"attn_post_proj", OpKind::kOutProj, 1},
    {"mlp_up_proj", OpKind::kMlpUpGate, 1},
    {"mlp_down_proj", OpKind::kMlpDown, 1},
    {"mlp_act", OpKind::kActivation, 1},
    {"attn_rope", OpKind::kRope, 1},
    {"input_layernorm", OpKind::kNorm, 3},
    {"post_attention_layernorm", OpKind::kNorm, 3},
    {"add", OpKind::kResidualAdd, 2},
    {"emb", OpKind::kEmbedding, 1},
}};

struct VidurRow {
  std::string gpu_key;  // "h100" or "a100"
  std::string model_dir;
  ModelSpec model;  // one layer with the row's shapes, so op times are per layer
  GpuSpec gpu;
  int tp = 1;
  int tokens = 0;
  bool fit_half = false;
  std::array<double, kVidurOps.size()> measured_s{};
};

// Vidur profiled DGX nodes: H100 SXM and A100 SXM 80GB.
inline GpuSpec GpuForKey(const std::string& key) { return key == "h100" ? H100Sxm() : A100Sxm80(); }

// "" when the build has no traces folder (the tests then skip).
inline std::string ProfilingDir() {
#ifdef GPUPLAN_TRACES_DIR
  return std::string(GPUPLAN_TRACES_DIR) + "/profiling";
#else
  return "";
#endif
}

// Marks each row's half by the parity of its size's rank among the distinct sizes.
template <class Row, class SizeOf>
void SplitHalves(std::vector<Row>& rows, SizeOf size_of) {
  std::vector<double> sizes;
  for (const Row& r : rows) sizes.push_back(size_of(r));
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  for (Row& r : rows) {
    const auto rank = std::lower_bound(sizes.begin(), sizes.end(), size_of(r)) - sizes.begin();
    r.fit_half = rank % 2 == 0;
  }
}

inline ModelSpec OneLayerModel(const CsvTable& t, size_t row, const std::string& name) {
  ModelSpec m;
  m.name = name;
  m.num_layers = 1;
  m.hidden_size = static_cast<int>(t.Number(row, t.Column("n_embd")));
  m.num_attention_heads = static_cast<int>(t.Number(row, t.Column("n_head")));
  m.num_kv_heads = static_cast<int>(t.Number(row, t.Column("n_kv_head")));
  m.head_dim = m.hidden_size / m.num_attention_heads;
  m.intermediate_size = static_cast<int>(t.Number(row, t.Column("n_expanded_embd")));
  m.vocab_size = static_cast<int>(t.Number(row, t.Column("vocab_size")));
  m.gated_mlp = t.Text(row, t.Column("use_gated_mlp")) == "True";
  return m;
}

// Appends one mlp.csv; returns false when it is missing.
inline bool LoadVidurFile(const std::string& gpu_key, const std::string& model_dir,
                          std::vector<VidurRow>& out) {
  CsvTable t;
  const std::string path =
      ProfilingDir() + "/vidur/compute/" + gpu_key + "/meta-llama/" + model_dir + "/mlp.csv";
  if (!t.Load(path)) return false;
  std::vector<VidurRow> rows;
  for (size_t i = 0; i < t.size(); ++i) {
    VidurRow r{gpu_key, model_dir, OneLayerModel(t, i, model_dir), GpuForKey(gpu_key)};
    r.tp = static_cast<int>(t.Number(i, t.Column("num_tensor_parallel_workers")));
    r.tokens = static_cast<int>(t.Number(i, t.Column("num_tokens")));
    for (size_t k = 0; k < kVidurOps.size(); ++k) {
      const std::string column = std::string("time_stats.") + kVidurOps[k].column + ".median";
      r.measured_s[k] = t.Number(i, t.Column(column)) * 1e-3;
    }
    rows.push_back(std::move(r));
  }
  SplitHalves(rows, [](const VidurRow& r) { return static_cast<double>(r.tokens); });
  out.insert(out.end(), rows.begin(), rows.end());
  return true;
}

// All four Vidur compute profiles; empty when any is missing.
inline std::vector<VidurRow> LoadVidurCompute() {
  std::vector<VidurRow> rows;
  const std::pair<const char*, const char*> files[] = {{"h100", "Llama-2-7b-hf"},
                                                       {"h100", "Llama-2-70b-hf"},
                                                       {"a100", "Llama-2-7b-hf"},
                                                       {"a100", "Meta-Llama-3-8B"}};
  for (const auto& [gpu, model] : files) {
    if (!LoadVidurFile(gpu, model, rows)) return {};
  }
  return rows;
}

struct NetworkRow {
  std::string gpu_key;
  std::string collective;  // "all_reduce" or "send_recv"
  int ranks = 0;
  double bytes = 0;
  double measured_s = 0;
  bool fit_half = false;
};

// Single-node rows (all ranks on one NVLink node) of rank 0; empty when a file is missing.
inline std::vector<NetworkRow> LoadVidurNetwork(const std::string& collective) {
  std::vector<NetworkRow> rows;
  for (const char* gpu : {"h100", "a100"}) {
    CsvTable t;
    const std::string path =
        ProfilingDir() + "/vidur/network/" + gpu + "_dgx/" + collective + ".csv";
    if (!t.Load(path)) return {};
    std::vector<NetworkRow> part;
    const size_t time = t.Column("time_stats." + collective + ".median");
    for (size_t i = 0; i < t.size(); ++i) {
      const int ranks = static_cast<int>(t.Number(i, t.Column("num_workers")));
      if (t.Number(i, t.Column("rank")) != 0) continue;
      if (t.Number(i, t.Column("devices_per_node")) != ranks) continue;  // spans nodes
      part.push_back(
          {gpu, collective, ranks, t.Number(i, t.Column("size")), t.Number(i, time) * 1e-3});
    }
    SplitHalves(part, [](const NetworkRow& r) { return r.bytes; });
    rows.insert(rows.end(), part.begin(), part.end());
  }
  return rows;
}

// Splitwise llama2-70b measurements, grouped by configuration with the median over repeats.
struct SplitwiseRow {
  std::string hardware;  // "a100-80gb" or "h100-80gb"
  int tp = 0, prompt = 0, batch = 0, output = 0;
  double prefill_s = 0;  // prompt_time: prefill of the whole batch
  double decode_s = 0;   // token_time: one decode iteration
  bool fit_half = false;
};

inline double MedianOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[(v.size() - 1) / 2];
}

inline std::vector<SplitwiseRow> LoadSplitwise() {
  CsvTable t;
  if (!t.Load(ProfilingDir() + "/splitwise-sim/perf_model.csv")) return {};
  std::map<std::tuple<std::string, int, int, int, int>,
           std::pair<std::vector<double>, std::vector<double>>>
      groups;
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string hw = t.Text(i, t.Column("hardware"));
    if (t.Text(i, t.Column("model")) != "llama2-70b" || hw == "h100-80gb-pcap") continue;
    auto key = std::make_tuple(hw, static_cast<int>(t.Number(i, t.Column("tensor_parallel"))),
                               static_cast<int>(t.Number(i, t.Column("prompt_size"))),
                               static_cast<int>(t.Number(i, t.Column("batch_size"))),
                               static_cast<int>(t.Number(i, t.Column("token_size"))));
    groups[key].first.push_back(t.Number(i, t.Column("prompt_time")) * 1e-3);
    groups[key].second.push_back(t.Number(i, t.Column("token_time")) * 1e-3);
  }
  std::vector<SplitwiseRow> rows;
  for (const auto& [key, times] : groups) {
    const auto& [hw, tp, prompt, batch, output] = key;
    rows.push_back({hw, tp, prompt, batch, output, MedianOf(times.first), MedianOf(times.second),
                    rows.size() % 2 == 0});
  }
  return rows;
}

}  // namespace gpuplan::testing
