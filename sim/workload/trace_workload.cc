#include "sim/workload/trace_workload.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "sim/core/error.h"
#include "sim/workload/csv_reader.h"
#include "sim/workload/trace_bootstrap.h"

namespace gpuplan {
namespace {

class TraceSource final : public RequestSource {
 public:
  TraceSource(std::shared_ptr<const std::vector<RequestSpec>> requests, WorkloadLimits limits)
      : requests_(std::move(requests)), budget_(limits) {}

  bool Next(RequestSpec* out) override {
    if (next_ >= requests_->size()) return false;
    const RequestSpec& request = (*requests_)[next_];
    if (!budget_.Take(request.arrival)) {
      next_ = requests_->size();  // sorted by arrival: nothing later can fit either
      return false;
    }
    ++next_;
    *out = request;
    return true;
  }

 private:
  std::shared_ptr<const std::vector<RequestSpec>> requests_;
  RequestBudget budget_;
  size_t next_ = 0;
};

void CheckSorted(const std::vector<TraceRow>& rows, const std::string& path) {
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].time_ns < rows[i - 1].time_ns) {
      detail::ThrowFileError(
          path, rows[i].line, 1,
          fmt::format("arrival is {:.9f} s before the previous row's (line {}); expected rows in "
                      "non-decreasing time order",
                      ToSeconds(rows[i - 1].time_ns - rows[i].time_ns), rows[i - 1].line));
    }
  }
}

// A token count as replayed: 0 becomes 1 (counted), negative or huge is an error.
int32_t ReplayTokens(int64_t tokens, const char* what, const std::string& path, int line,
                     int64_t* adjusted) {
  if (tokens < 0 || tokens > INT32_MAX) {
    detail::ThrowFileError(path, line, 1,
                           fmt::format("{} tokens {} is out of range; expected a count in [0, {}]",
                                       what, tokens, INT32_MAX));
  }
  if (tokens == 0) {
    ++*adjusted;
    return 1;
  }
  return static_cast<int32_t>(tokens);
}

void FillStats(const std::vector<RequestSpec>& requests, TraceStats* stats) {
  stats->requests = static_cast<int64_t>(requests.size());
  stats->span = requests.back().arrival - requests.front().arrival;
  double prompt = 0;
  double output = 0;
  for (const RequestSpec& r : requests) {
    prompt += r.prompt_tokens;
    output += r.output_tokens;
  }
  const auto n = static_cast<double>(requests.size());
  stats->mean_prompt_tokens = prompt / n;
  stats->mean_output_tokens = output / n;
  stats->mean_rate_per_s = stats->span > 0 ? n / ToSeconds(stats->span) : 0.0;
}

}  // namespace

TraceWorkload::TraceWorkload(std::string kind, std::string path, std::vector<RequestSpec> requests,
                             TraceStats stats, double rate_multiplier, SimTime bootstrap_block)
    : kind_(std::move(kind)),
      path_(std::move(path)),
      requests_(std::make_shared<const std::vector<RequestSpec>>(std::move(requests))),
      stats_(stats),
      rate_multiplier_(rate_multiplier),
      bootstrap_block_(bootstrap_block) {}

std::unique_ptr<RequestSource> TraceWorkload::Open(uint64_t seed, WorkloadLimits limits) const {
  if (bootstrap_block_ <= 0) return std::make_unique<TraceSource>(requests_, limits);
  // Each run holds its own resample (O(trace)); the shared original stays untouched.
  return std::make_unique<TraceSource>(
      std::make_shared<const std::vector<RequestSpec>>(
          CircularBlockBootstrap(*requests_, bootstrap_block_, seed)),
      limits);
}

std::string TraceWorkload::Describe() const {
  std::string text = fmt::format(
      "{} {}: {} requests over {:.1f} s ({:.3g} req/s, rate x{:g}), mean prompt {:.0f}, mean "
      "output {:.0f} tokens",
      kind_, std::filesystem::path(path_).filename().string(), stats_.requests,
      ToSeconds(stats_.span), stats_.mean_rate_per_s, rate_multiplier_, stats_.mean_prompt_tokens,
      stats_.mean_output_tokens);
  if (bootstrap_block_ > 0) {
    text += fmt::format("; resampled per seed (circular block bootstrap, {:g} s blocks)",
                        ToSeconds(bootstrap_block_));
  }
  if (stats_.zero_output_adjusted > 0) {
    text += fmt::format("; {} row(s) with 0 output tokens replayed with 1",
                        stats_.zero_output_adjusted);
  }
  if (stats_.zero_prompt_adjusted > 0) {
    text += fmt::format("; {} row(s) with 0 prompt tokens replayed with 1",
                        stats_.zero_prompt_adjusted);
  }
  return text;
}

std::shared_ptr<const TraceWorkload> BuildTraceWorkload(const std::string& kind,
                                                        const std::vector<TraceRow>& rows,
                                                        const TraceOptions& options,
                                                        TraceStats stats) {
  GPUPLAN_CHECK(options.rate_multiplier > 0 && options.start_s >= 0, "trace options {} {}",
                options.rate_multiplier, options.start_s);
  if (rows.empty()) {
    detail::ThrowFileError(options.path, 1, 1, "no data rows; expected at least one request");
  }
  CheckSorted(rows, options.path);
  stats.rows = static_cast<int64_t>(rows.size());
  const int64_t origin = rows.front().time_ns + ToSimTime(options.start_s);
  std::vector<RequestSpec> requests;
  for (const TraceRow& row : rows) {
    const int64_t offset = row.time_ns - origin;
    if (offset < 0) continue;  // before start_s
    if (options.max_requests && static_cast<int64_t>(requests.size()) >= *options.max_requests) {
      break;
    }
    RequestSpec spec;
    // Dividing in double is exact for multiplier 1 (offsets stay far below 2^53 ns).
    spec.arrival = options.rate_multiplier == 1
                       ? offset
                       : std::llround(static_cast<double>(offset) / options.rate_multiplier);
    spec.prompt_tokens = ReplayTokens(row.prompt_tokens, "prompt", options.path, row.line,
                                      &stats.zero_prompt_adjusted);
    spec.output_tokens = ReplayTokens(row.output_tokens, "output", options.path, row.line,
                                      &stats.zero_output_adjusted);
    requests.push_back(spec);
  }
  if (requests.empty()) {
    throw ConfigError(fmt::format(
        "{}: no rows at or after start_s = {} s (the trace spans {:.3f} s); expected a smaller "
        "start_s",
        options.path, options.start_s, ToSeconds(rows.back().time_ns - rows.front().time_ns)));
  }
  FillStats(requests, &stats);
  // Blocks are given on the trace's own clock, like start_s; the replay runs rate_multiplier
  // times faster.
  const SimTime block =
      std::llround(ToSimTime(options.bootstrap_block_s) / options.rate_multiplier);
  return std::make_shared<TraceWorkload>(kind, options.path, std::move(requests), stats,
                                         options.rate_multiplier, std::max<SimTime>(block, 0));
}

}  // namespace gpuplan
