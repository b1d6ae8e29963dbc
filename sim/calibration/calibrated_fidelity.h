// The calibrated model on shapes it did not see, two ways:
//   - hold-out split: a bundle built from the fit half of each Vidur profile (even-ranked sizes)
//     drives CalibratedLatencyModel, which predicts every held-out row (odd-ranked sizes) through
//     Predict(); rows outside the fit half's range fall back to the roofline and are counted,
//     not scored;
//   - leave-one-out: every interior measured size is predicted from its two neighbours by the
//     same interpolation, per op and TP (the gap is then the profile's own spacing).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "sim/calibration/vidur_dataset.h"
#include "sim/latency/error_stats.h"

namespace gpuplan {

// The ops compared, with what Vidur measured for one layer: norm = 2 input norms (one per layer
// plus the final one) + the post-attention norm; residual = 2 adds.
struct CalibratedOpMatch {
  OpKind op;
  std::string_view vidur;  // the Vidur op(s), for reports
};
inline constexpr CalibratedOpMatch kCalibratedOpMatches[] = {
    {OpKind::kQkvProj, "attn_pre_proj"},
    {OpKind::kOutProj, "attn_post_proj"},
    {OpKind::kMlpUpGate, "mlp_up_proj"},
    {OpKind::kMlpDown, "mlp_down_proj"},
    {OpKind::kActivation, "mlp_act"},
    {OpKind::kRope, "attn_rope"},
    {OpKind::kNorm, "2 x input_layernorm + post_attention_layernorm"},
    {OpKind::kResidualAdd, "2 x add"},
    {OpKind::kEmbedding, "emb"}};
inline constexpr size_t kNumCalibratedMatches = std::size(kCalibratedOpMatches);

struct CalibratedOpErrors {
  std::array<ErrorAccumulator, kNumCalibratedMatches> split, split_h100, split_a100, loo;
  std::array<size_t, kNumCalibratedMatches> fell_back{};  // held-out rows outside the fit range
};

struct CalibratedCollectiveErrors {
  std::string gpu_key, collective;
  ErrorAccumulator split, loo;
  size_t fell_back = 0;
};

struct CalibratedHeldOut {
  CalibratedOpErrors ops;
  std::vector<CalibratedCollectiveErrors> collectives;
};

CalibratedHeldOut CalibratedErrorsOnVidur(const VidurDataset& data);

}  // namespace gpuplan
