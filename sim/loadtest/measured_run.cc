#include "sim/loadtest/measured_run.h"

#include <fmt/format.h>

namespace gpuplan {

std::string BenchRegime::Describe() const {
  if (recorded_sends) return fmt::format("{} requests at their recorded send times", num_requests);
  if (request_rate && max_concurrency) {
    return fmt::format("{} requests at {:.2f} req/s (burstiness {}) capped at {} in flight",
                       num_requests, *request_rate, burstiness, *max_concurrency);
  }
  if (request_rate) {
    return fmt::format(
        "{} requests at {:.2f} req/s ({})", num_requests, *request_rate,
        burstiness == 1 ? std::string("poisson") : fmt::format("gamma, burstiness {}", burstiness));
  }
  if (max_concurrency) {
    return fmt::format("{} requests, closed loop of {} clients (--max-concurrency)", num_requests,
                       *max_concurrency);
  }
  return fmt::format("{} requests all sent at once (request rate inf)", num_requests);
}

const double* MeasuredRun::Stat(const std::string& name) const {
  for (const auto& [key, value] : stats) {
    if (key == name) return &value;
  }
  return nullptr;
}

}  // namespace gpuplan
