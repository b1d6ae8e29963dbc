// Command line of gpuplan-calibrate, parsed without any library so the program needs nothing but
// the CUDA toolkit at run time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "calibrate/dtype.h"
#include "calibrate/models.h"

namespace gpuplan::calibrate {

// The op families a run can measure (the ceilings are always measured: the others' fractions of
// peak need them). Names as on the command line and in the bundle's file names.
enum class Family { kLaunch, kGemm, kPrefillAttention, kDecodeAttention, kElementwise };

std::string_view FamilyName(Family family);  // "launch", "gemm", "prefill_attention", ...
std::vector<Family> AllFamilies();

struct Options {
  std::vector<ModelShape> models;  // --model (built-in names) and --shape, in order given
  std::vector<int> tps = {1};      // --tp 1,2
  std::vector<Dtype> dtypes = {Dtype::kBf16};  // --dtype bf16,fp8
  std::vector<Family> families;                // --families (default: all)
  std::filesystem::path out_dir;               // --out
  bool quick = false;                          // --quick
  bool force = false;                          // --force: write into a non-empty --out
  bool self_test = false;                      // --self-test: check every kernel, time nothing
  bool list_models = false;                    // --list-models
  bool help = false;                           // --help
  int device = 0;                              // --device
  uint64_t seed = 0;                           // --seed (0: draw one from the clock)
  std::string command_line;                    // argv joined by spaces, for the bundle's provenance
};

// Parses argv[1..] (without the program name). Accepts "--flag value" and "--flag=value".
// Throws UsageError on unknown flags, missing or malformed values, unknown models or dtypes,
// repeated TP sizes, a TP that does not split a model, and a missing --out or --model when a
// calibration run is asked for.
Options ParseArgs(std::span<const std::string> args);

std::string UsageText();
std::string ListModelsText();  // the built-in table, one model a line

}  // namespace gpuplan::calibrate
