// Runs the mapped rows of a validation (each row's scenario once, with its seed) and gathers what
// the simulation predicts for every statistic a row can have, in the row's own definitions, plus
// the load the simulation saw (KV use, queueing, preemptions), without which an error near
// saturation cannot be read.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/metrics/run_result.h"
#include "sim/runner/builtins.h"
#include "sim/validation/row_scenario.h"

namespace gpuplan {

enum class RowStatus : uint8_t { kNotCovered, kFailed, kSimulated };
std::string_view RowStatusName(RowStatus status);  // "not_covered", "failed", "simulated"

// The load a simulated row ran under.
struct RowLoad {
  double kv_used_mean = 0;  // fraction of KV blocks in use, mean over snapshots
  double kv_used_max = 0;
  double queue_delay_mean_ms = 0;  // arrival -> first scheduled
  double ttft_mean_ms = 0;
  double batch_size_mean = 0;
  double gpu_busy = 0;  // fraction of time a step was in flight
  uint64_t preemptions = 0;
  uint64_t dropped = 0;
  uint64_t completed = 0;
  // Share of the mean TTFT spent waiting to be scheduled.
  double QueueShareOfTtft() const {
    return ttft_mean_ms > 0 ? queue_delay_mean_ms / ttft_mean_ms : 0;
  }
};

struct RowOutcome {
  RowPlan plan;
  RowStatus status = RowStatus::kNotCovered;
  std::string reason;  // not covered / failed: why
  std::map<ServingMetric, double> predicted;
  RowLoad load;
};

// What a run predicts for every statistic a row can have, in the row's definitions (the client's
// token counts: RowPlan::client_output_ratio, client_tpot_factor); only finite values.
std::map<ServingMetric, double> PredictedStatistics(const RunResult& result, const RowPlan& plan);

// Every row's outcome, in the order of `plans`, computed on up to `threads` threads; the result
// does not depend on the thread count.
std::vector<RowOutcome> RunRows(std::vector<RowPlan> plans, const Builtins& builtins, int threads);

}  // namespace gpuplan
