#include "sim/latency/host_time.h"

#include <algorithm>

namespace gpuplan {

double HostTimeModel::ExposedSeconds(const BatchShape& batch, double gpu_s, double kernels) const {
  const double prep = per_step_s + static_cast<double>(batch.NumSeqs()) * per_request_s;
  const double launches = Graphed(batch) ? 0.0 : kernels * launch_s;
  const double hidden = std::max(0.0, prep + launches - gpu_s);
  const double serial = prep + std::max(0.0, launches - gpu_s);
  // The pure cases exactly (no rounding from the mix), so a preset's results do not move.
  if (overlap >= 1) return hidden;
  if (overlap <= 0) return serial;
  return overlap * hidden + (1 - overlap) * serial;
}

bool HostTimeModel::Graphed(const BatchShape& batch) const {
  if (graph_mode == CudaGraphMode::kNone) return false;
  if (graph_mode == CudaGraphMode::kFullDecodeOnly && !batch.prefills.empty()) return false;
  return cuda_graph_max_tokens > 0 && batch.NumTokens() <= cuda_graph_max_tokens;
}

std::optional<CudaGraphMode> ParseCudaGraphMode(std::string_view name) {
  if (name == "piecewise") return CudaGraphMode::kPiecewise;
  if (name == "full_decode_only") return CudaGraphMode::kFullDecodeOnly;
  if (name == "none") return CudaGraphMode::kNone;
  return std::nullopt;
}

CudaGraphMode CudaGraphModeOf(const EngineSpec& engine) {
  return ParseCudaGraphMode(engine.cuda_graph_mode).value_or(CudaGraphMode::kPiecewise);
}

double KernelsPerStep(const BatchShape& batch, double layers, int tp, int pp) {
  const double per_layer =
      11 + (batch.prefills.empty() ? 0 : 1) + (batch.num_decodes > 0 ? 1 : 0) + (tp > 1 ? 2 : 0);
  return layers * per_layer + 4 + (tp > 1 ? 2 : 0) + (pp - 1);
}

}  // namespace gpuplan
