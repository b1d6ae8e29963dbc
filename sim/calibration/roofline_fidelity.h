// The roofline model against Vidur's measurements: per-op errors for a set of efficiency
// factors, and the grid-search fit of those factors on the fit half of the rows (the
// `gpuplan calibration fit` command). The fit's objective for a group of ops is the mean of two
// medians of |pred - real| / real over the fit half: over all rows, and over the rows of at most
// 256 tokens, because the profiles space num_tokens evenly up to 4096 (or 32768) while most
// steps of a serving run are decode-sized.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "sim/calibration/vidur_dataset.h"
#include "sim/latency/error_stats.h"
#include "sim/latency/roofline_options.h"

namespace gpuplan {

inline constexpr int kDecodeSizedTokens = 256;
// The collectives' counterpart: the all-reduce of 256 tokens of Llama-2-70B's 8192-wide 16-bit
// activations, 4 MiB. Decode steps all-reduce less than this.
inline constexpr double kDecodeSizedBytes = 256.0 * 8192 * 2;
inline constexpr size_t kNumVidurMatches = std::size(kVidurOpMatches);

// Error accumulators per Vidur op (kVidurOpMatches order) over one selection of rows.
using VidurOpErrors = std::array<ErrorAccumulator, kNumVidurMatches>;

struct RooflineVidurErrors {
  VidurOpErrors all, h100, a100;  // every row
  VidurOpErrors held_out;         // rows of the held-out half
  VidurOpErrors fit, fit_small;   // fit half: all rows, rows of <= 256 tokens
};

RooflineVidurErrors RooflineErrorsOnVidur(const VidurDataset& data, const RooflineOptions& options);

// Collective-model errors (sim/latency/collective_model.h) on the single-node rows (all GPUs of
// the collective in one node) of one network set, split by half and by size.
struct CollectiveErrors {
  ErrorAccumulator all, small;  // every row; rows of at most kDecodeSizedBytes
  ErrorAccumulator fit, held_out;
  // Held-out rows per number of GPUs and size band: <= 1 MiB, 1-16 MiB, > 16 MiB.
  std::map<int, std::array<ErrorAccumulator, 3>> held_out_by_ranks;
  size_t cross_node_rows = 0;  // not predicted: GpuSpec has no inter-node link
};
CollectiveErrors RooflineErrorsOnNetwork(const VidurNetworkSet& set,
                                         const RooflineOptions& options);

// The fit, with a log of what was searched and found.
struct RooflineFit {
  RooflineOptions options;  // defaults with the fitted factors replaced
  double gemm_objective = 0;
  double memory_objective = 0;      // summed over the memory-bound families
  double collective_objective = 0;  // the worst (collective, GPU) group
  std::vector<std::string> log;     // one line per fitted group
};
RooflineFit FitRooflineOnVidur(const VidurDataset& data);

// The collective costs alone (the last step of FitRooflineOnVidur; the other factors of
// `fit.options` do not matter to it). `starts` pseudo-random starting points of the coordinate
// descent; the fit uses kCollectiveFitStarts.
inline constexpr int kCollectiveFitStarts = 128;
void FitCollectivesOnVidur(const VidurDataset& data, RooflineFit& fit,
                           int starts = kCollectiveFitStarts);

}  // namespace gpuplan
