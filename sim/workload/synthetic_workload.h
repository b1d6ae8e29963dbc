// SyntheticWorkload: an arrival process x a prompt-length distribution x an output-length
// distribution. Each part draws from its own Rng stream of the run's seed (kArrivals /
// kThinkTime, kPromptLengths, kOutputLengths), so changing one part never shifts the numbers of
// another: swapping the output distribution keeps every arrival time and prompt length.
// Memory is O(1) in the number of requests (O(concurrency) for closed loop).
#pragma once

#include <memory>
#include <string>

#include "sim/workload/arrival.h"
#include "sim/workload/length_dist.h"
#include "sim/workload/workload.h"

namespace gpuplan {

class SyntheticWorkload final : public Workload {
 public:
  SyntheticWorkload(std::shared_ptr<const ArrivalProcess> arrivals,
                    std::shared_ptr<const LengthDistribution> prompt_tokens,
                    std::shared_ptr<const LengthDistribution> output_tokens);

  // Throws ConfigError when the arrival process needs a request limit and `limits` has none.
  std::unique_ptr<RequestSource> Open(uint64_t seed, WorkloadLimits limits) const override;
  // "poisson 5.50 req/s x lognormal(median 1020, sigma 0.8) x fixed(128)"
  std::string Describe() const override;

  const ArrivalProcess& arrivals() const { return *arrivals_; }
  const LengthDistribution& prompt_tokens() const { return *prompt_tokens_; }
  const LengthDistribution& output_tokens() const { return *output_tokens_; }

 private:
  std::shared_ptr<const ArrivalProcess> arrivals_;
  std::shared_ptr<const LengthDistribution> prompt_tokens_;
  std::shared_ptr<const LengthDistribution> output_tokens_;
};

}  // namespace gpuplan
