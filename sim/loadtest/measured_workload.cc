#include "sim/loadtest/measured_workload.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "sim/core/error.h"
#include "sim/workload/arrival.h"
#include "sim/workload/synthetic_workload.h"

namespace gpuplan {
namespace {

std::shared_ptr<const ArrivalProcess> ArrivalsOf(const BenchRegime& g) {
  if (g.request_rate && g.max_concurrency) {
    throw ConfigError(fmt::format(
        "the run offered {}: a request rate with a concurrency cap is not replayed yet; "
        "expected --request-rate inf with --max-concurrency, or a rate without a cap",
        g.Describe()));
  }
  if (g.max_concurrency) {
    return MakeClosedLoopArrivals({.concurrency = *g.max_concurrency, .think_time_s = 0});
  }
  if (!g.request_rate) return MakeOfflineArrivals({.num_requests = g.num_requests});
  if (g.burstiness == 1) return MakePoissonArrivals({.rate_per_s = *g.request_rate});
  return MakeGammaArrivals({.rate_per_s = *g.request_rate, .cv = 1 / std::sqrt(g.burstiness)});
}

// Requests sent at recorded times (seconds from the run's start, sorted).
class RecordedArrivals final : public ArrivalProcess {
 public:
  explicit RecordedArrivals(std::vector<double> sends_s)
      : sends_(std::make_shared<const std::vector<double>>(std::move(sends_s))) {}
  std::unique_ptr<RequestSource> Open(uint64_t) const override {
    return std::make_unique<Stream>(sends_);
  }
  std::string Describe() const override { return fmt::format("{} recorded sends", sends_->size()); }

 private:
  class Stream final : public RequestSource {
   public:
    explicit Stream(std::shared_ptr<const std::vector<double>> sends) : sends_(std::move(sends)) {}
    bool Next(RequestSpec* out) override {
      if (next_ >= sends_->size()) return false;
      *out = RequestSpec{.arrival = ToSimTime((*sends_)[next_++])};
      return true;
    }

   private:
    std::shared_ptr<const std::vector<double>> sends_;
    size_t next_ = 0;
  };
  std::shared_ptr<const std::vector<double>> sends_;
};

using LengthPairs = std::vector<std::pair<int32_t, int32_t>>;

// The measured requests' lengths in order, emitted with the regime's arrivals.
class PairedSource final : public RequestSource {
 public:
  // Shares the lengths, so a source may outlive its workload.
  PairedSource(std::unique_ptr<RequestSource> arrivals, std::shared_ptr<const LengthPairs> lengths,
               WorkloadLimits limits)
      : arrivals_(std::move(arrivals)), lengths_(std::move(lengths)), budget_(limits) {}

  bool Next(RequestSpec* out) override {
    RequestSpec request;
    if (open_loop_done_ || !Left() || !arrivals_->Next(&request) ||
        !budget_.Take(request.arrival)) {
      open_loop_done_ = true;
      return false;
    }
    *out = WithLengths(request);
    return true;
  }

  bool OnComplete(int32_t client, SimTime now, RequestSpec* out) override {
    RequestSpec request;
    if (client < 0 || !Left() || !arrivals_->OnComplete(client, now, &request) ||
        !budget_.Take(request.arrival)) {
      return false;
    }
    *out = WithLengths(request);
    return true;
  }

 private:
  bool Left() const { return next_ < lengths_->size() && !budget_.exhausted(); }
  RequestSpec WithLengths(RequestSpec request) {
    request.prompt_tokens = (*lengths_)[next_].first;
    request.output_tokens = (*lengths_)[next_].second;
    ++next_;
    return request;
  }

  std::unique_ptr<RequestSource> arrivals_;  // an ArrivalProcess's: lengths left 0
  std::shared_ptr<const LengthPairs> lengths_;
  RequestBudget budget_;
  size_t next_ = 0;
  bool open_loop_done_ = false;
};

class PairedWorkload final : public Workload {
 public:
  PairedWorkload(std::shared_ptr<const ArrivalProcess> arrivals, LengthPairs lengths)
      : arrivals_(std::move(arrivals)),
        lengths_(std::make_shared<const LengthPairs>(std::move(lengths))) {}

  std::unique_ptr<RequestSource> Open(uint64_t seed, WorkloadLimits limits) const override {
    return std::make_unique<PairedSource>(arrivals_->Open(seed), lengths_, limits);
  }
  std::string Describe() const override {
    return fmt::format("{} x the measured requests' own lengths ({} requests)",
                       arrivals_->Describe(), lengths_->size());
  }

 private:
  std::shared_ptr<const ArrivalProcess> arrivals_;
  std::shared_ptr<const LengthPairs> lengths_;
};

// The requests replayed at their send times, in send order, with their own lengths.
std::shared_ptr<const Workload> RecordedWorkload(const MeasuredRun& run) {
  std::vector<const MeasuredRequest*> sent;
  for (const MeasuredRequest& r : run.requests) {
    if (r.success && r.input_tokens >= 1 && r.output_tokens >= 1) sent.push_back(&r);
  }
  if (sent.empty()) {
    throw ConfigError(
        fmt::format("{}: no successful request with input and output tokens; "
                    "expected at least one to replay",
                    run.source_file));
  }
  std::stable_sort(
      sent.begin(), sent.end(),
      [](const MeasuredRequest* a, const MeasuredRequest* b) { return a->send_s < b->send_s; });
  std::vector<double> sends;
  LengthPairs lengths;
  for (const MeasuredRequest* r : sent) {
    sends.push_back(r->send_s - sent.front()->send_s);
    lengths.emplace_back(r->input_tokens, r->output_tokens);
  }
  return std::make_shared<PairedWorkload>(std::make_shared<RecordedArrivals>(std::move(sends)),
                                          std::move(lengths));
}

}  // namespace

std::shared_ptr<const Workload> MakeMeasuredWorkload(
    const MeasuredRun& run, std::shared_ptr<const LengthDistribution> prompt_lengths,
    std::shared_ptr<const LengthDistribution> output_lengths) {
  if (run.regime.recorded_sends) return RecordedWorkload(run);
  std::shared_ptr<const ArrivalProcess> arrivals = ArrivalsOf(run.regime);
  if (run.requests.empty()) {
    return std::make_shared<SyntheticWorkload>(std::move(arrivals), std::move(prompt_lengths),
                                               std::move(output_lengths));
  }
  LengthPairs lengths;
  for (const MeasuredRequest& r : run.requests) {
    // A failed request produced nothing to compare; one with no output cannot be simulated.
    if (r.success && r.input_tokens >= 1 && r.output_tokens >= 1) {
      lengths.emplace_back(r.input_tokens, r.output_tokens);
    }
  }
  if (lengths.empty()) {
    throw ConfigError(
        fmt::format("{}: no successful request with input and output tokens; expected at least "
                    "one to replay",
                    run.source_file));
  }
  return std::make_shared<PairedWorkload>(std::move(arrivals), std::move(lengths));
}

}  // namespace gpuplan
