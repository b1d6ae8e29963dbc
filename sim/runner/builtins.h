// Builtins: every built-in policy registry, filled once by the Register... functions of each
// folder (no static self-registration). The composition root (cli/) and plan/ build one and pass
// it down; `gpuplan list` and docs/config-reference.md are generated from it.
// Threads: built once and then shared read-only by every worker thread of a plan or a validation
// (see registry.h).
#pragma once

#include "sim/cluster/router.h"
#include "sim/config/scenario.h"
#include "sim/engine/batch_scheduler.h"
#include "sim/latency/latency_registry.h"
#include "sim/workload/arrival.h"
#include "sim/workload/length_dist.h"
#include "sim/workload/trace_workload.h"

namespace gpuplan {

struct Builtins {
  Builtins();
  Builtins(const Builtins&) = delete;
  Builtins& operator=(const Builtins&) = delete;

  ArrivalRegistry arrivals{"arrival process"};
  LengthRegistry lengths{"length distribution"};
  TraceRegistry traces{"trace format"};
  SchedulerRegistry schedulers{"scheduler"};
  RouterRegistry routers{"router"};
  LatencyRegistry latency_models{kLatencyRegistryKind};

  // Loader options that check every policy slot against these registries and add the
  // whole-scenario checks that need the latency folder (the memory-fit check). The returned
  // options refer to this object, which must outlive them.
  LoaderOptions MakeLoaderOptions() const;
};

// What a scenario's latency model is built from (the scenario must outlive it).
LatencyContext LatencyContextOf(const Scenario& scenario);

// The loader's build check (LoaderOptions::build_check): builds every policy of `scenario` whose
// own options and context (the engine for the scheduler; model, GPU, deployment and engine for
// the latency model) had no error in `so_far`, adding what the factories report to `out`.
void CheckPoliciesBuild(const Builtins& builtins, const Scenario& scenario,
                        const Diagnostics& so_far, Diagnostics& out);

// Whole-scenario check: the model's weights and at least one KV block fit on the GPU, and the
// longest context the engine may schedule fits in the KV cache. Errors carry the numbers.
void CheckMemoryFits(const Scenario& scenario, Diagnostics& diags);

}  // namespace gpuplan
