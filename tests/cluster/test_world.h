// Small worlds for cluster tests: request sources over vectors, closed-loop clients, and replica
// builders around the fake latency model of tests/engine/fakes.h.
#pragma once

#include <memory>
#include <vector>

#include "sim/cluster/cluster_simulation.h"
#include "sim/core/rng.h"
#include "sim/engine/continuous_scheduler.h"
#include "sim/engine/static_scheduler.h"
#include "sim/workload/request_source.h"
#include "tests/engine/fakes.h"

namespace gpuplan::test {

// Open loop over a vector (sorted by arrival). Counts how far it was read.
class VectorSource final : public RequestSource {
 public:
  explicit VectorSource(std::vector<RequestSpec> requests) : requests_(std::move(requests)) {}
  bool Next(RequestSpec* out) override {
    if (next_ >= requests_.size()) return false;
    *out = requests_[next_++];
    return true;
  }
  size_t read() const { return next_; }

 private:
  std::vector<RequestSpec> requests_;
  size_t next_ = 0;
};

// Each of `clients` sends `per_client` requests one after another, `think` after the previous
// one left the system. Records completion times to check the loop is closed.
class ClosedLoopSource final : public RequestSource {
 public:
  ClosedLoopSource(int32_t clients, int32_t per_client, SimTime think, RequestSpec shape)
      : clients_(clients),
        per_client_(per_client),
        think_(think),
        shape_(shape),
        sent_(static_cast<size_t>(clients), 0) {}
  bool Next(RequestSpec* out) override {
    if (started_ >= clients_) return false;
    *out = shape_;
    out->arrival = 0;
    out->client = started_++;
    sent_[static_cast<size_t>(out->client)] = 1;
    return true;
  }
  bool OnComplete(int32_t client, SimTime now, RequestSpec* out) override {
    completions.push_back({client, now});
    if (sent_[static_cast<size_t>(client)] >= per_client_) return false;
    ++sent_[static_cast<size_t>(client)];
    *out = shape_;
    out->arrival = now + think_;
    out->client = client;
    return true;
  }
  std::vector<std::pair<int32_t, SimTime>> completions;

 private:
  int32_t clients_, per_client_;
  SimTime think_;
  RequestSpec shape_;
  std::vector<int32_t> sent_;
  int32_t started_ = 0;
};

inline std::unique_ptr<Replica> ContinuousReplica(int32_t index, ContinuousSchedulerOptions o = {},
                                                  KvCacheConfig kv = {.num_blocks = 10000,
                                                                      .block_size = 16,
                                                                      .watermark = 0}) {
  return std::make_unique<Replica>(ReplicaConfig{.index = index, .kv = kv},
                                   MakeContinuousScheduler(o), Fake());
}

inline std::vector<std::unique_ptr<Replica>> Replicas(int32_t n, ContinuousSchedulerOptions o = {},
                                                      KvCacheConfig kv = {.num_blocks = 10000,
                                                                          .block_size = 16,
                                                                          .watermark = 0}) {
  std::vector<std::unique_ptr<Replica>> out;
  for (int32_t i = 0; i < n; ++i) out.push_back(ContinuousReplica(i, o, kv));
  return out;
}

// Poisson-ish open-loop workload with uniform lengths.
inline std::vector<RequestSpec> RandomRequests(uint64_t seed, int n, double rate_per_s,
                                               int32_t max_prompt, int32_t max_output) {
  Rng rng(seed, RngStream::kArrivals);
  std::vector<RequestSpec> out;
  SimTime t = 0;
  for (int i = 0; i < n; ++i) {
    t += ToSimTime(rng.Exponential(rate_per_s));
    out.push_back({.arrival = t,
                   .prompt_tokens = static_cast<int32_t>(rng.UniformInt(1, max_prompt)),
                   .output_tokens = static_cast<int32_t>(rng.UniformInt(1, max_output))});
  }
  return out;
}

}  // namespace gpuplan::test
