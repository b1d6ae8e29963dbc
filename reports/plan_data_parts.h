// Readers of plan.json's repeated pieces (probes, fleet costs, derivations, memory), shared by the
// plan_data*.cc files. Internal to reports/.
#pragma once

#include <vector>

#include "reports/data_files.h"
#include "reports/plan_data.h"

namespace gpuplan::report::detail {

std::vector<DerivationRow> ReadDerivation(const JsonCursor& c);
ProbeRow ReadProbe(const JsonCursor& c);
std::optional<ProbeRow> ReadOptionalProbe(const JsonCursor& c);
FleetCostRow ReadFleetCost(const JsonCursor& c);
std::optional<FleetCostRow> ReadOptionalFleetCost(const JsonCursor& c);
MemoryRow ReadMemory(const JsonCursor& c);
std::optional<int> ReadOptionalCount(const JsonCursor& c);
std::optional<ReplicasBySeedRow> ReadReplicasBySeed(const JsonCursor& c);

}  // namespace gpuplan::report::detail
