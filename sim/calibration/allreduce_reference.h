// Engine all-reduce kernels against published measurements: the H100 rows of
// configs/calibration/reference/allreduce_h100.csv (vLLM's custom one-shot and two-shot kernels
// and NCCL, each inside a CUDA graph), the fit of the collective model's engine-kernel costs on
// half of them (by size rank, as for Vidur), and the error on the other half.
#pragma once

#include <string>
#include <vector>

#include "sim/catalog/specs.h"
#include "sim/latency/roofline_options.h"

namespace gpuplan {

struct AllReducePoint {
  int world_size = 0;
  double bytes = 0;
  std::string kernel;  // ca_1stage (one-shot), ca_2stage (two-shot), pynccl (NCCL)
  double latency_us = 0;
  bool fit_half = false;  // even rank of its size among the file's distinct sizes
};

// Reads the reference file; ConfigError (file:line:column) for malformed rows.
std::vector<AllReducePoint> ReadAllReduceReference(const std::string& path);

// The model's time for one point with `options` on `gpu`'s link.
double PredictAllReduceUs(const AllReducePoint& point, const GpuSpec& gpu,
                          const RooflineOptions& options);

struct AllReduceFit {
  RooflineOptions options;  // the defaults with the five engine-kernel costs fitted
  std::vector<std::string> log;
};
// Grid search per kernel on the fit half: the base in 0.25 us steps and the bus efficiency in
// 0.01 steps, minimising the median relative error (NCCL's bandwidth stays NVLS's).
AllReduceFit FitEngineAllReduce(const std::vector<AllReducePoint>& points, const GpuSpec& gpu);

// Markdown: per kernel and world size, rows and median / max error on each half.
std::string EngineAllReduceTable(const std::vector<AllReducePoint>& points, const GpuSpec& gpu,
                                 const RooflineOptions& options);

// Whether `defaults` are within one grid step of `fit`; lines name the ones that are not.
bool EngineAllReduceDefaultsMatch(const RooflineOptions& fit, const RooflineOptions& defaults,
                                  std::vector<std::string>* lines);

}  // namespace gpuplan
