#include "sim/workload/synthetic_workload.h"

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/rng.h"

namespace gpuplan {
namespace {

class SyntheticSource final : public RequestSource {
 public:
  SyntheticSource(std::unique_ptr<RequestSource> arrivals,
                  std::shared_ptr<const LengthDistribution> prompt_tokens,
                  std::shared_ptr<const LengthDistribution> output_tokens, uint64_t seed,
                  WorkloadLimits limits)
      : arrivals_(std::move(arrivals)),
        prompt_tokens_(std::move(prompt_tokens)),
        output_tokens_(std::move(output_tokens)),
        prompt_rng_(seed, RngStream::kPromptLengths),
        output_rng_(seed, RngStream::kOutputLengths),
        budget_(limits) {}

  bool Next(RequestSpec* out) override {
    if (open_loop_done_ || budget_.exhausted()) return false;
    RequestSpec request;
    // Open-loop arrivals are non-decreasing, so the first one past the time limit ends them.
    if (!arrivals_->Next(&request) || !budget_.Take(request.arrival)) {
      open_loop_done_ = true;
      return false;
    }
    *out = WithLengths(request);
    return true;
  }

  bool OnComplete(int32_t client, SimTime now, RequestSpec* out) override {
    if (client < 0 || budget_.exhausted()) return false;
    RequestSpec request;
    if (!arrivals_->OnComplete(client, now, &request) || !budget_.Take(request.arrival)) {
      return false;
    }
    *out = WithLengths(request);
    return true;
  }

 private:
  // Lengths are drawn only for emitted requests, in emission order, prompt first.
  RequestSpec WithLengths(RequestSpec request) {
    request.prompt_tokens = prompt_tokens_->Sample(prompt_rng_);
    request.output_tokens = output_tokens_->Sample(output_rng_);
    return request;
  }

  std::unique_ptr<RequestSource> arrivals_;  // the ArrivalProcess's: lengths left 0
  std::shared_ptr<const LengthDistribution> prompt_tokens_;
  std::shared_ptr<const LengthDistribution> output_tokens_;
  Rng prompt_rng_;
  Rng output_rng_;
  RequestBudget budget_;
  bool open_loop_done_ = false;
};

}  // namespace

SyntheticWorkload::SyntheticWorkload(std::shared_ptr<const ArrivalProcess> arrivals,
                                     std::shared_ptr<const LengthDistribution> prompt_tokens,
                                     std::shared_ptr<const LengthDistribution> output_tokens)
    : arrivals_(std::move(arrivals)),
      prompt_tokens_(std::move(prompt_tokens)),
      output_tokens_(std::move(output_tokens)) {
  GPUPLAN_CHECK(arrivals_ && prompt_tokens_ && output_tokens_, "incomplete synthetic workload");
}

std::unique_ptr<RequestSource> SyntheticWorkload::Open(uint64_t seed, WorkloadLimits limits) const {
  if (arrivals_->NeedsRequestLimit() && !limits.requests_limited()) {
    throw ConfigError(fmt::format(
        "workload '{}' never ends: all its requests arrive at t=0; expected a request limit "
        "(num_requests, or the run's max_requests)",
        Describe()));
  }
  return std::make_unique<SyntheticSource>(arrivals_->Open(seed), prompt_tokens_, output_tokens_,
                                           seed, limits);
}

std::string SyntheticWorkload::Describe() const {
  return fmt::format("{} x {} x {}", arrivals_->Describe(), prompt_tokens_->Describe(),
                     output_tokens_->Describe());
}

}  // namespace gpuplan
