// Router: the cluster-level policy that sends each new request to one replica. Policies are
// selected by name through RouterRegistry:
//   round_robin                 replicas in turn
//   least_outstanding_requests  fewest requests waiting + running
//   least_kv_usage              lowest used / total KV blocks
// Contract: Route() is deterministic (same state, same choice) and breaks ties by the lowest
// replica index. Threads: a router is built for one run and used by that run's thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "sim/engine/replica.h"
#include "sim/util/registry.h"

namespace gpuplan {

class Router {
 public:
  virtual ~Router() = default;
  virtual std::string_view name() const = 0;
  // Picks the index (into `replicas`, non-empty) of the replica that receives `request`.
  virtual int32_t Route(const RoutedRequest& request, std::span<const Replica* const> replicas) = 0;
};

using RouterRegistry = Registry<std::unique_ptr<Router>>;

// Registers round_robin, least_outstanding_requests and least_kv_usage.
void RegisterBuiltinRouters(RouterRegistry& registry);

std::unique_ptr<Router> MakeRoundRobinRouter();
std::unique_ptr<Router> MakeLeastOutstandingRouter();
std::unique_ptr<Router> MakeLeastKvUsageRouter();

}  // namespace gpuplan
