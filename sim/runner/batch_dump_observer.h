// BatchDumpObserver: writes every step the simulator forms as a batch-dump record
// (docs/replay-format.md), so the schedule can be replayed on a real GPU.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <unordered_set>
#include <vector>

#include "sim/replay/batch_dump.h"
#include "sim/runner/step_observer.h"

namespace gpuplan {

class BatchDumpObserver final : public StepObserver {
 public:
  // Writes the meta line at once. `out` must outlive the observer.
  BatchDumpObserver(std::ostream& out, const std::map<std::string, std::string>& meta);
  void OnStepFormed(const Replica& replica, SimTime start, SimTime end,
                    const StepTime& step) override;

 private:
  BatchDumpWriter writer_;
  std::unordered_set<uint64_t> seen_;  // requests whose record was written
  std::vector<int64_t> next_step_;     // per replica
  DumpedStep step_;                    // reused
};

}  // namespace gpuplan
