// How many replicas each seed alone asks for. The search judges a count on the confidence
// interval over every seed; this asks the same question of each seed on its own: the smallest
// count whose probe, judged by the same rule on that seed's own percentiles
// (ProbeResult::seed_passed), meets every SLO. The spread of those counts is a confidence
// statement on the GPU count itself, not only on a latency: "4 replicas cover 5 of 5 seeds; one
// seed alone would have needed 3".
//
// It reuses the search's probes (a probe runs every seed, so one probe answers for all of them)
// and bisects, per seed, only where the search left a gap: typically 0 to 2 extra probes. The
// same monotonicity the search assumes is assumed per seed; where it fails, a seed's count is
// still one at which it passes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/plan/probe.h"
#include "sim/plan/search.h"

namespace gpuplan {

struct ReplicaDistribution {
  std::vector<uint64_t> seeds;
  // Per seed: the smallest count meeting every SLO with that seed alone; nullopt: not met even
  // at the search's max_replicas.
  std::vector<std::optional<int>> replicas;
  int recommended = 0;
  // Over the seeds, a seed not met counting as more than any count: nullopt when that decides
  // it (min: every seed not met; max: any; median: a middle one).
  std::optional<int> min;
  std::optional<double> median;  // the mean of the two middle counts for an even number of seeds
  std::optional<int> max;
  int covered_seeds = 0;     // seeds whose count is <= recommended
  double covered_share = 0;  // covered_seeds / seeds
  int extra_probes = 0;      // probes run beyond the search's own
};

// The summary of per-seed counts against `recommended` (exposed for tests).
ReplicaDistribution SummarizeSeedReplicas(std::vector<uint64_t> seeds,
                                          std::vector<std::optional<int>> replicas,
                                          int recommended);

// "replicas by seed: 3 4 4 (min 3, median 4, max 4 over 3 seeds); the recommended count, 4,
// covers 3 of 3 seeds (100%)", a seed not met as "not met".
std::string ReplicaDistributionText(const ReplicaDistribution& d);

// Per-seed counts for the search of `target` (whose probes are `search`), with `recommended`
// replicas chosen. Runs the probes the search did not: the runner caches, so a count the search
// probed is not simulated again.
ReplicaDistribution SeedReplicaDistribution(const SearchTarget& target, const SearchResult& search,
                                            int recommended, ProbeRunner& runner);

}  // namespace gpuplan
