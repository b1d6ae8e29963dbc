#include "sim/plan/replica_distribution.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "sim/plan/derivation.h"

namespace gpuplan {
namespace {

// Per count probed, which seeds passed.
using SeedVerdictsByCount = std::map<int, std::vector<bool>>;

// One seed's state: the smallest count known to pass and the largest known to fail below it.
struct SeedBracket {
  int lo = 0;
  std::optional<int> hi;
};

SeedBracket BracketOf(const SeedVerdictsByCount& known, size_t seed, int min_replicas) {
  SeedBracket b;
  b.lo = min_replicas - 1;
  for (const auto& [count, passed] : known) {
    if (passed[seed]) {
      b.hi = count;
      break;
    }
  }
  for (const auto& [count, passed] : known) {
    if (b.hi && count >= *b.hi) break;
    if (!passed[seed]) b.lo = std::max(b.lo, count);
  }
  return b;
}

// The next count this seed needs, the search's own steps: double until a pass, then bisect.
std::optional<int> NextCount(const SearchTarget& t, const SeedVerdictsByCount& known,
                             const SeedBracket& b) {
  if (!b.hi) {
    const int top = known.empty() ? t.min_replicas - 1 : known.rbegin()->first;
    if (top >= t.max_replicas) return std::nullopt;  // fails at the cap
    if (top < t.min_replicas) return t.min_replicas;
    return std::min(t.max_replicas, std::max(top + 1, top * 2));
  }
  if (*b.hi - b.lo <= 1) return std::nullopt;
  return b.lo + (*b.hi - b.lo) / 2;
}

void Remember(const ProbeResult& p, size_t seeds, SeedVerdictsByCount& known) {
  if (p.seed_passed.size() == seeds) known[p.replicas] = p.seed_passed;
}

}  // namespace

ReplicaDistribution SummarizeSeedReplicas(std::vector<uint64_t> seeds,
                                          std::vector<std::optional<int>> replicas,
                                          int recommended) {
  ReplicaDistribution d;
  d.seeds = std::move(seeds);
  d.replicas = std::move(replicas);
  d.recommended = recommended;
  if (d.replicas.empty()) return d;
  // A seed not met sorts after every count.
  constexpr int kNotMet = std::numeric_limits<int>::max();
  std::vector<int> sorted;
  for (const std::optional<int>& r : d.replicas) {
    sorted.push_back(r.value_or(kNotMet));
    if (r && *r <= recommended) ++d.covered_seeds;
  }
  std::sort(sorted.begin(), sorted.end());
  const auto known = [&](int v) { return v == kNotMet ? std::nullopt : std::optional<int>(v); };
  d.min = known(sorted.front());
  d.max = known(sorted.back());
  const size_t n = sorted.size();
  const int low = sorted[(n - 1) / 2];
  const int high = sorted[n / 2];
  if (high != kNotMet) d.median = 0.5 * (low + high);
  d.covered_share = static_cast<double>(d.covered_seeds) / static_cast<double>(n);
  return d;
}

std::string ReplicaDistributionText(const ReplicaDistribution& d) {
  std::string counts;
  for (const std::optional<int>& r : d.replicas) {
    counts += counts.empty() ? "" : " ";
    counts += r ? std::to_string(*r) : "not met";
  }
  const auto text = [](const auto& v) { return v ? FormatNumber(*v) : std::string("not met"); };
  return fmt::format(
      "replicas by seed: {} (min {}, median {}, max {} over {} seeds); the recommended count, {}, "
      "covers "
      "{} of {} seeds ({:.0f}%)",
      counts, text(d.min), text(d.median), text(d.max), d.replicas.size(), d.recommended,
      d.covered_seeds, d.replicas.size(), d.covered_share * 100);
}

ReplicaDistribution SeedReplicaDistribution(const SearchTarget& target, const SearchResult& search,
                                            int recommended, ProbeRunner& runner) {
  const std::vector<uint64_t>& seeds = runner.settings().seeds;
  SeedVerdictsByCount known;
  for (const ProbeResult& p : search.probes) Remember(p, seeds.size(), known);
  int extra = 0;
  std::set<int> asked;  // a runner that gives no per-seed verdicts must not loop forever
  for (;;) {
    std::set<int> next;
    for (size_t s = 0; s < seeds.size(); ++s) {
      const std::optional<int> count =
          NextCount(target, known, BracketOf(known, s, target.min_replicas));
      if (count && asked.insert(*count).second) next.insert(*count);
    }
    if (next.empty()) break;
    std::vector<ProbeSpec> specs;
    for (int count : next) specs.push_back({target.scenario, count, target.rate_per_s});
    for (const ProbeResult& p : runner.Run(specs)) Remember(p, seeds.size(), known);
    extra += static_cast<int>(specs.size());
  }
  std::vector<std::optional<int>> counts;
  for (size_t s = 0; s < seeds.size(); ++s) {
    counts.push_back(BracketOf(known, s, target.min_replicas).hi);
  }
  ReplicaDistribution d = SummarizeSeedReplicas(seeds, std::move(counts), recommended);
  d.extra_probes = extra;
  return d;
}

}  // namespace gpuplan
