#include "sim/plan/search.h"

#include <algorithm>

namespace gpuplan {
namespace {

// One target's search: the largest failing and smallest passing count seen so far.
struct SearchState {
  int lo = 0;               // largest count known to fail (min - 1 before any failure)
  std::optional<int> hi;    // smallest count known to pass
  std::optional<int> next;  // the count to probe next; nullopt when done
};

std::optional<int> NextCount(const SearchTarget& t, const SearchState& s, int probed) {
  if (!s.hi) {
    if (probed >= t.max_replicas) return std::nullopt;  // failed at the cap
    return std::min(t.max_replicas, std::max(probed + 1, probed * 2));
  }
  if (*s.hi - s.lo <= 1) return std::nullopt;
  return s.lo + (*s.hi - s.lo) / 2;
}

}  // namespace

const ProbeResult* SearchResult::At(int replicas) const {
  for (const ProbeResult& p : probes) {
    if (p.replicas == replicas) return &p;
  }
  return nullptr;
}

std::vector<SearchResult> SearchMinReplicas(const std::vector<SearchTarget>& targets,
                                            ProbeRunner& runner) {
  std::vector<SearchResult> results(targets.size());
  std::vector<SearchState> states(targets.size());
  for (size_t i = 0; i < targets.size(); ++i) {
    const SearchTarget& t = targets[i];
    states[i].lo = t.min_replicas - 1;
    states[i].next = std::clamp(t.start, t.min_replicas, t.max_replicas);
  }
  for (;;) {
    std::vector<ProbeSpec> specs;
    std::vector<size_t> owners;
    for (size_t i = 0; i < targets.size(); ++i) {
      if (!states[i].next) continue;
      specs.push_back({targets[i].scenario, *states[i].next, targets[i].rate_per_s});
      owners.push_back(i);
    }
    if (specs.empty()) break;
    const std::vector<ProbeResult> round = runner.Run(specs);
    for (size_t k = 0; k < round.size(); ++k) {
      SearchState& s = states[owners[k]];
      const int probed = *s.next;
      if (round[k].passed) {
        s.hi = probed;
      } else {
        s.lo = std::max(s.lo, probed);
      }
      results[owners[k]].probes.push_back(round[k]);
      s.next = NextCount(targets[owners[k]], s, probed);
    }
  }
  for (size_t i = 0; i < targets.size(); ++i) results[i].min_replicas = states[i].hi;
  return results;
}

}  // namespace gpuplan
