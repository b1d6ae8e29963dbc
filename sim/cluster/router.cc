#include "sim/cluster/router.h"

namespace gpuplan {

void RegisterBuiltinRouters(RouterRegistry& registry) {
  registry.Add("round_robin", "Send requests to replicas in turn, ignoring load", {}, ReadNoOptions,
               [](const NoOptions&) { return MakeRoundRobinRouter(); });
  registry.Add("least_outstanding_requests",
               "Send each request to the replica with the fewest requests waiting or running "
               "(ties: lowest index)",
               {}, ReadNoOptions, [](const NoOptions&) { return MakeLeastOutstandingRouter(); });
  registry.Add("least_kv_usage",
               "Send each request to the replica with the lowest fraction of KV blocks in use "
               "(ties: lowest index)",
               {}, ReadNoOptions, [](const NoOptions&) { return MakeLeastKvUsageRouter(); });
}

}  // namespace gpuplan
