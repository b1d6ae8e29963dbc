// Turns Vidur's published profiling data (microsoft/vidur, data/profiling, MIT license; copied
// into the shared traces folder) into a calibration bundle: per-op times of one model on one
// GPU (mlp.csv -> mlp_ops.csv) plus the GPU's NCCL profiles (all_reduce.csv, send_recv.csv), with
// milliseconds converted to microseconds and the provenance in meta.txt.
#pragma once

#include <string>
#include <vector>

#include "sim/bundle/bundle.h"
#include "sim/calibration/reference_data.h"

namespace gpuplan {

// Where the copied data came from (the shared traces README, "profiling/vidur").
inline constexpr const char* kVidurRepo = "microsoft/vidur";
inline constexpr const char* kVidurCommit = "7d475133";
inline constexpr const char* kVidurLicense = "MIT (Copyright (c) Microsoft Corporation)";

struct VidurImportRequest {
  std::string vidur_dir;  // the folder holding compute/ and network/
  std::string gpu;        // Vidur's GPU folder: "h100" or "a100"
  std::string model;      // "meta-llama/Meta-Llama-3-8B": compute/<gpu>/<model>/mlp.csv
  std::string tool_version;
  std::string created_utc;  // ISO 8601; "" for now
};

// Builds the bundle in memory. Repeated keys in the source (a few sizes were measured twice)
// keep their first row; meta.txt notes how many were dropped. Throws ConfigError for unreadable
// or malformed source files.
Bundle ImportVidur(const VidurImportRequest& request);

// mlp_ops.csv rows of `profile` under the bundle model name `model` (only rows i with
// (*keep)[i] when `keep` is given). A repeated (num_tokens, tp) keeps its first row and counts
// in *dropped.
BundleTable VidurMlpTable(const VidurMlpProfile& profile, const std::string& model,
                          const std::vector<bool>* keep, size_t* dropped);
// all_reduce.csv or send_recv.csv rows (rank 0) of Vidur network rows, on link `link`.
BundleTable VidurNetworkTable(BundleFamily family, const std::vector<VidurNetworkRow>& rows,
                              const std::string& link, size_t* dropped);

// The bundle's name for a Vidur model folder: lowercase, [a-z0-9_.] ("Llama-2-70b-hf" ->
// "llama_2_70b_hf").
std::string BundleModelName(std::string_view folder);

}  // namespace gpuplan
