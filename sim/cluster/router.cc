#include "sim/cluster/router.h"

namespace gpuplan {

void RegisterBuiltinRouters(RouterRegistry& registry) {
  registry.Add({.name = "round_robin",
                .summary = "Send requests to replicas in turn, ignoring load",
                .options = {},
                .make = [](OptionReader&) { return MakeRoundRobinRouter(); }});
  registry.Add({.name = "least_outstanding_requests",
                .summary = "Send each request to the replica with the fewest requests waiting "
                           "or running (ties: lowest index)",
                .options = {},
                .make = [](OptionReader&) { return MakeLeastOutstandingRouter(); }});
  registry.Add({.name = "least_kv_usage",
                .summary = "Send each request to the replica with the lowest fraction of KV "
                           "blocks in use (ties: lowest index)",
                .options = {},
                .make = [](OptionReader&) { return MakeLeastKvUsageRouter(); }});
}

}  // namespace gpuplan
