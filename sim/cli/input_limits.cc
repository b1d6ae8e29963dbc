#include "sim/cli/input_limits.h"

#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "sim/catalog/specs.h"
#include "sim/config/autoscaler_spec.h"
#include "sim/config/plan_spec.h"
#include "sim/config/yaml_document.h"
#include "sim/core/error.h"
#include "sim/core/sim_time.h"
#include "sim/engine/kv_cache.h"
#include "sim/util/json_value.h"
#include "sim/util/text_file.h"
#include "sim/workload/civil_time.h"
#include "sim/workload/length_dist.h"
#include "sim/workload/trace_workload.h"

namespace gpuplan {
namespace {

struct Limit {
  std::string input;   // what the user controls
  std::string limit;   // the accepted range, from the constant
  std::string beyond;  // what gpuplan does beyond it
  std::string_view constant;
};

// 1234567 -> "1,234,567": the table is read by people.
std::string Grouped(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<size_t>(i), ",");
  }
  return n < 0 ? "-" + digits : digits;
}

std::vector<Limit> FileLimits() {
  return {
      {"a file read whole (scenario, plan, catalog entry, calibration bundle, summary.json, "
       "plan.json, a benchmark result, serving.csv)",
       fmt::format("at most {} bytes (1 GiB); a regular file", Grouped(kMaxWholeFileBytes)),
       "refused before it is read, with its size; a folder, FIFO, device or socket is refused "
       "by name",
       "kMaxWholeFileBytes (sim/util/text_file.h)"},
      {"a trace file", "any size; a regular file",
       "streamed; with `max_requests` it is read only up to the last replayed row",
       "TraceReadLimit (sim/workload/trace_workload.h)"},
      {"YAML nesting (maps and lists)", fmt::format("at most {} levels", kMaxYamlDepth),
       "a located error", "kMaxYamlDepth (sim/config/yaml_document.h)"},
      {"JSON nesting (summary.json, plan.json, bundles)",
       fmt::format("at most {} levels", kMaxJsonDepth), "an error naming the column",
       "kMaxJsonDepth (sim/util/json_value.h)"},
  };
}

std::vector<Limit> TimeLimits() {
  return {
      {"a time in a scenario: `simulation.duration_s`, `warmup_s`, `timeseries_interval_s`, a "
       "trace's `start_s`, the span of `num_requests` open-loop arrivals",
       fmt::format("at most {} s (about 3.2 years)",
                   Grouped(static_cast<long long>(kMaxSimSeconds))),
       "a located error at the value (simulated time is int64 nanoseconds)",
       "kMaxSimSeconds (sim/core/sim_time.h)"},
      {"time-series rows (the run's span / `timeseries_interval_s`)",
       fmt::format("at most {}", Grouped(kMaxTimeseriesRows)),
       "a located error at the arrival rate or the interval",
       "kMaxTimeseriesRows (sim/core/sim_time.h)"},
      {"`autoscaler.sync_period_s` (scenario and plan)",
       fmt::format("{} s to {} s", kMinSyncPeriodS,
                   Grouped(static_cast<long long>(kMaxSimSeconds))),
       "a located error (each period is one controller event)",
       "kMinSyncPeriodS (sim/config/autoscaler_spec.h)"},
      {"a CSV trace's time column",
       fmt::format("at most {} s either side of 0",
                   Grouped(static_cast<long long>(kMaxTraceSeconds))),
       "an error at the row and column", "kMaxTraceSeconds (sim/workload/trace_workload.h)"},
      {"an Azure trace's `TIMESTAMP` (YYYY-MM-DD HH:MM:SS.fffffff)",
       fmt::format("the years {} to {}", detail::kMinTimestampYear, detail::kMaxTimestampYear),
       "an error at the row and column (nanoseconds since 1970 in int64 end in 1677 and 2262)",
       "kMinTimestampYear, kMaxTimestampYear (sim/workload/civil_time.h)"},
      {"a Mooncake trace's `timestamp`",
       fmt::format("at most {} ms either side of 0",
                   Grouped(static_cast<long long>(kMaxTraceTimestampMs))),
       "an error at the line and column", "kMaxTraceTimestampMs (sim/workload/trace_workload.h)"},
  };
}

std::vector<Limit> SizeLimits() {
  return {
      {"`deployment.replicas`", fmt::format("1 to {}", Grouped(kMaxReplicas)), "a located error",
       "kMaxReplicas (sim/catalog/specs.h)"},
      {"`candidates.replicas.max` of a plan", fmt::format("at most {}", Grouped(kMaxPlanReplicas)),
       "a located error", "kMaxPlanReplicas (sim/config/plan_spec.h)"},
      {"`autoscaler.min_replicas`, `max_replicas` (scenario and plan)",
       fmt::format("0 (min) or 1 (max) to {}", Grouped(kMaxReplicas)), "a located error",
       "kMaxReplicas (sim/catalog/specs.h)"},
      {"`deployment.tensor_parallel`, `pipeline_parallel`",
       fmt::format("1 to {} each", kMaxParallelism), "a located error",
       "kMaxParallelism (sim/catalog/specs.h)"},
      {"`deployment.gpus_per_node`", fmt::format("1 to {}", kMaxGpusPerNode), "a located error",
       "kMaxGpusPerNode (sim/catalog/specs.h)"},
      {"KV-cache blocks per replica (from the GPU's memory)",
       fmt::format("at most {}", Grouped(kMaxKvBlocksPerReplica)), "a located error at `gpu`",
       "kMaxKvBlocksPerReplica (sim/engine/kv_cache.h)"},
      {"a prompt or output length (distributions, trace rows)",
       fmt::format("at most {} tokens", Grouped(static_cast<long long>(kMaxTokenCount))),
       "a located error", "kMaxTokenCount (sim/workload/length_dist.h)"},
  };
}

std::vector<Limit> MessageLimits() {
  return {
      {"problems printed for one input", fmt::format("the first {}", kMaxShownDiagnostics),
       "the rest are counted in one line", "kMaxShownDiagnostics (sim/core/error.h)"},
      {"a value echoed in a message", fmt::format("words of up to {} characters", kMaxEchoedWord),
       "a longer word is cut to its first 40 characters and its length",
       "kMaxEchoedWord (sim/core/error.h)"},
  };
}

void Table(std::string& out, std::string_view title, const std::vector<Limit>& limits) {
  out += fmt::format("\n## {}\n\n| input | accepted | beyond it | constant |\n|---|---|---|---|\n",
                     title);
  for (const Limit& l : limits) {
    out += fmt::format("| {} | {} | {} | `{}` |\n", l.input, l.limit, l.beyond, l.constant);
  }
}

}  // namespace

std::string InputLimitsMarkdown() {
  std::string out =
      "# Input limits\n\n"
      "<!-- Generated by `gpuplan list --limits`; do not edit by hand. -->\n\n"
      "Every size and time a user controls has a limit, checked before anything is allocated or\n"
      "run; beyond it gpuplan answers with an error (exit code 2), never a crash, a hang or a\n"
      "silently different run. The values come from the constants named in the last column.\n"
      "Option ranges of each policy (arrival processes, length distributions, schedulers,\n"
      "routers, latency models, traces) are in [config-reference.md](config-reference.md).\n";
  Table(out, "Files", FileLimits());
  Table(out, "Times", TimeLimits());
  Table(out, "Sizes", SizeLimits());
  Table(out, "Messages", MessageLimits());
  return out;
}

}  // namespace gpuplan
