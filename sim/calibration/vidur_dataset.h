// The Vidur profiles the fidelity report and the roofline fit use, with each row assigned to a
// fit half or a held-out half: by the parity of its size's rank among the distinct sizes of its
// file (num_tokens for compute, message bytes for collectives), so both halves span the whole
// range. Efficiency factors are fitted on the fit half only; errors are reported on the other.
#pragma once

#include <string>
#include <vector>

#include "sim/calibration/reference_data.h"
#include "sim/catalog/specs.h"
#include "sim/latency/latency_model.h"

namespace gpuplan {

// The profiles gpuplan checks against: (Vidur GPU folder, model folder).
struct VidurProfileId {
  const char* gpu;
  const char* model;
};
inline constexpr VidurProfileId kVidurProfiles[] = {{"h100", "Llama-2-7b-hf"},
                                                    {"h100", "Llama-2-70b-hf"},
                                                    {"a100", "Llama-2-7b-hf"},
                                                    {"a100", "Meta-Llama-3-8B"}};

// How a Vidur op compares with a gpuplan op: a step of a one-layer model runs `kernels` kernels
// of that op (norms: input + post-attention + final; residual adds: two).
struct VidurOpMatch {
  std::string_view vidur;
  OpKind op;
  double kernels;
};
inline constexpr VidurOpMatch kVidurOpMatches[] = {
    {"attn_pre_proj", OpKind::kQkvProj, 1}, {"attn_post_proj", OpKind::kOutProj, 1},
    {"mlp_up_proj", OpKind::kMlpUpGate, 1}, {"mlp_down_proj", OpKind::kMlpDown, 1},
    {"mlp_act", OpKind::kActivation, 1},    {"attn_rope", OpKind::kRope, 1},
    {"input_layernorm", OpKind::kNorm, 3},  {"post_attention_layernorm", OpKind::kNorm, 3},
    {"add", OpKind::kResidualAdd, 2},       {"emb", OpKind::kEmbedding, 1}};

struct VidurComputeSet {
  std::string gpu_key;  // "h100", "a100"
  GpuSpec gpu;
  VidurMlpProfile profile;
  ModelSpec one_layer;    // the profile's shapes with one layer: op times are per layer
  std::vector<bool> fit;  // per profile row
};

struct VidurNetworkSet {
  std::string gpu_key;
  GpuSpec gpu;
  std::string collective;             // "all_reduce", "send_recv"
  std::vector<VidurNetworkRow> rows;  // rank 0 only
  std::vector<bool> fit;
};

struct VidurDataset {
  std::vector<VidurComputeSet> compute;
  std::vector<VidurNetworkSet> network;
};

// Reads every profile of kVidurProfiles and both GPUs' network files under `vidur_dir`;
// `h100` and `a100` are the catalog's specs of the GPUs Vidur measured (DGX H100 and A100 80GB).
VidurDataset LoadVidurDataset(const std::string& vidur_dir, const GpuSpec& h100,
                              const GpuSpec& a100);

// Marks the fit half: even rank of each value among the distinct values.
std::vector<bool> FitHalfBySize(const std::vector<double>& sizes);

// A model with `profile`'s shapes and `layers` layers.
ModelSpec ModelFromProfile(const VidurMlpProfile& profile, int layers);

}  // namespace gpuplan
