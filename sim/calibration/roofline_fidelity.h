// The roofline model against Vidur's measurements: per-op errors for a set of efficiency
// factors, and the grid-search fit of those factors on the fit half of the rows (the
// `gpuplan calibration fit` command). The fit's objective for a group of ops is the mean of two
// medians of |pred - real| / real over the fit half: over all rows, and over the rows of at most
// 256 tokens, because the profiles space num_tokens evenly up to 4096 (or 32768) while most
// steps of a serving run are decode-sized.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "sim/calibration/vidur_dataset.h"
#include "sim/latency/error_stats.h"
#include "sim/latency/roofline_options.h"

namespace gpuplan {

inline constexpr int kDecodeSizedTokens = 256;
inline constexpr size_t kNumVidurMatches = std::size(kVidurOpMatches);

// Error accumulators per Vidur op (kVidurOpMatches order) over one selection of rows.
using VidurOpErrors = std::array<ErrorAccumulator, kNumVidurMatches>;

struct RooflineVidurErrors {
  VidurOpErrors all, h100, a100;  // every row
  VidurOpErrors held_out;         // rows of the held-out half
  VidurOpErrors fit, fit_small;   // fit half: all rows, rows of <= 256 tokens
};

RooflineVidurErrors RooflineErrorsOnVidur(const VidurDataset& data, const RooflineOptions& options);

// Ring-model errors on the single-node rows (all GPUs of the collective in one node) of one
// network set, split by half.
struct CollectiveErrors {
  ErrorAccumulator all, fit, held_out;
  size_t cross_node_rows = 0;  // not predicted: GpuSpec has no inter-node link
};
CollectiveErrors RooflineErrorsOnNetwork(const VidurNetworkSet& set, double bus_efficiency);

// The fit, with a log of what was searched and found.
struct RooflineFit {
  RooflineOptions options;  // defaults with the fitted factors replaced
  double gemm_objective = 0;
  double memory_objective = 0;  // summed over the memory-bound families
  double allreduce_median = 0;
  std::vector<std::string> log;  // one line per fitted group
};
RooflineFit FitRooflineOnVidur(const VidurDataset& data);

}  // namespace gpuplan
