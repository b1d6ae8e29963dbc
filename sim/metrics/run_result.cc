#include "sim/metrics/run_result.h"

#include <cmath>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

// Dollars per million tokens when serving `tokens_per_s` at `usd_per_hour`; NaN when nothing
// was served (the cost per token is unbounded, and 0 or inf would read as a real number).
double UsdPerMillion(double usd_per_hour, double tokens_per_s) {
  if (!(tokens_per_s > 0)) return kNoValue;
  return usd_per_hour / (tokens_per_s * 3600.0 / 1e6);
}

}  // namespace

void ApplyGpuPrice(RunResult& result, double usd_per_gpu_hour) {
  GPUPLAN_CHECK(std::isfinite(usd_per_gpu_hour) && usd_per_gpu_hour >= 0,
                "GPU price must be finite and >= 0, got {}", usd_per_gpu_hour);
  CostResult& cost = result.cost;
  cost.priced = true;
  cost.price_usd_per_gpu_hour = usd_per_gpu_hour;
  cost.usd_per_hour = usd_per_gpu_hour * result.gpus;
  cost.usd_per_million_tokens = UsdPerMillion(cost.usd_per_hour, result.output_throughput);
  cost.usd_per_million_total_tokens =
      UsdPerMillion(cost.usd_per_hour, result.total_token_throughput);
}

}  // namespace gpuplan
