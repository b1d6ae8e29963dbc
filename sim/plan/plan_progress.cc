#include "sim/plan/plan_progress.h"

#include <algorithm>
#include <vector>

#include "sim/plan/search.h"

namespace gpuplan {
namespace {

// A world where a probe passes exactly when it has `need` replicas or more: what the search
// does for each possible answer, without simulating anything.
class ThresholdRunner final : public ProbeRunner {
 public:
  explicit ThresholdRunner(int need) : need_(need) { settings_.seeds = {1, 2}; }
  std::vector<ProbeResult> Run(const std::vector<ProbeSpec>& specs) override {
    std::vector<ProbeResult> results(specs.size());
    for (size_t i = 0; i < specs.size(); ++i) {
      results[i].replicas = specs[i].replicas;
      results[i].passed = specs[i].replicas >= need_;
    }
    return results;
  }
  const ProbeSettings& settings() const override { return settings_; }

 private:
  int need_;
  ProbeSettings settings_;
};

}  // namespace

void PlanProgress::Simulated(int64_t requests) {
  std::lock_guard lock(mutex_);
  done_ += requests;
  total_ = std::max(total_, done_);  // an estimate that was too low grows with the work
  ReportLocked();
}

void PlanProgress::ExpectAtMost(int64_t remaining) {
  std::lock_guard lock(mutex_);
  total_ = done_ + std::max<int64_t>(remaining, 0);
  ReportLocked();
}

SimulatedRequestsCallback PlanProgress::Callback() {
  if (!report_) return nullptr;
  return [this](int64_t requests) { Simulated(requests); };
}

void PlanProgress::ReportLocked() const {
  if (report_) report_(done_, total_);
}

int SearchProbesAtMost(int min_replicas, int max_replicas, std::optional<int> start) {
  const int lo = std::max(1, min_replicas);
  const int hi = std::max(lo, max_replicas);
  const Scenario scenario;
  int most = 0;
  // The search itself, against every answer it could meet (one more than max: never met).
  for (int need = lo; need <= hi + 1; ++need) {
    ThresholdRunner runner(need);
    const SearchTarget target{&scenario, 1.0, lo, hi, start.value_or(lo)};
    most = std::max(most, static_cast<int>(SearchMinReplicas({target}, runner)[0].probes.size()));
  }
  return most;
}

int64_t IsolatedRequestsAtMost(int candidates, const ProbeSettings& settings) {
  return static_cast<int64_t>(candidates) * static_cast<int64_t>(settings.seeds.size()) *
         settings.isolated_requests;
}

int64_t SearchRequestsAtMost(int candidates, const PlanSpec& plan, const ProbeSettings& settings) {
  const int probes = SearchProbesAtMost(plan.candidates.replicas_min, plan.candidates.replicas_max);
  return static_cast<int64_t>(candidates) * probes * static_cast<int64_t>(settings.seeds.size()) *
         settings.requests;
}

int64_t RobustnessRequestsAtMost(const PlanSpec& plan, const ProbeSettings& settings,
                                 std::optional<int> recommended_replicas) {
  const auto seeds = static_cast<int64_t>(settings.seeds.size());
  const int probes = SearchProbesAtMost(plan.candidates.replicas_min, plan.candidates.replicas_max,
                                        recommended_replicas);
  int64_t total =
      static_cast<int64_t>(plan.search.sensitivity.size()) * probes * seeds * settings.requests;
  total += seeds * settings.requests;  // N+1
  // The day's continuous replays (autoscaler.h) run outside the probe runner and are not counted.
  return total;
}

}  // namespace gpuplan
