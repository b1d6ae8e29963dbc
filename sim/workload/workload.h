// Workload: where requests come from. A Workload is immutable and built once from config (a
// synthetic arrival x length model, or a trace read into memory); each simulation run opens a
// RequestSource from it, a lazy stream that the simulator pulls one arrival at a time, so a
// synthetic run of any length uses O(1) memory and a trace run O(trace).
// Threads: Open() is const and may be called concurrently on one Workload (a plan's seeds of one
// probe run on several threads); each RequestSource it returns belongs to one run, one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sim/core/sim_time.h"
#include "sim/workload/request_source.h"

namespace gpuplan {

// Caps applied when a workload is opened; both default to unlimited. A request is emitted only
// while fewer than max_requests were emitted and its arrival is <= max_arrival_time.
struct WorkloadLimits {
  static constexpr int64_t kUnlimitedRequests = INT64_MAX;
  int64_t max_requests = kUnlimitedRequests;
  SimTime max_arrival_time = kSimTimeMax;

  bool requests_limited() const { return max_requests != kUnlimitedRequests; }
};

// Counts emitted requests against WorkloadLimits; shared by every RequestSource.
class RequestBudget {
 public:
  explicit RequestBudget(WorkloadLimits limits) : limits_(limits) {}
  // True (and counted) when a request arriving at `arrival` is within the limits.
  bool Take(SimTime arrival) {
    if (issued_ >= limits_.max_requests || arrival > limits_.max_arrival_time) return false;
    ++issued_;
    return true;
  }
  bool exhausted() const { return issued_ >= limits_.max_requests; }
  int64_t issued() const { return issued_; }
  const WorkloadLimits& limits() const { return limits_; }

 private:
  WorkloadLimits limits_;
  int64_t issued_ = 0;
};

class Workload {
 public:
  virtual ~Workload() = default;
  // A fresh, independent stream. The same seed and limits give the same sequence (given the
  // same OnComplete calls). May be called many times, also concurrently (the Workload is const).
  virtual std::unique_ptr<RequestSource> Open(uint64_t seed, WorkloadLimits limits) const = 0;
  // One line for humans, e.g. "poisson 5.50 req/s x lognormal(median 1020, sigma 0.8) x
  // fixed(128)".
  virtual std::string Describe() const = 0;
};

// What workload factories need besides their options.
struct WorkloadContext {
  std::string base_dir;  // relative file paths (traces, length tables) are resolved against it
};

// `path` itself when absolute or when base_dir is empty, else base_dir/path.
std::string ResolvePath(const WorkloadContext& context, const std::string& path);

}  // namespace gpuplan
