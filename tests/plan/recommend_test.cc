// Choosing among feasible candidates, by hand: the cheaper fleet; at equal cost the larger margin,
// then fewer GPUs; and the statement says why the winner beat the runner-up.
#include <gtest/gtest.h>

#include "sim/plan/tradeoff.h"

namespace gpuplan {
namespace {

struct Option {
  std::string label;
  double usd_per_month;
  int gpus;
  double margin;
};

// Feasible candidates at 2 replicas with the given costs and margins.
std::optional<Recommendation> RecommendAmong(const std::vector<Option>& options,
                                             std::optional<double> cap = std::nullopt) {
  CandidateSet set;
  std::vector<CandidateOutcome> outcomes;
  for (size_t i = 0; i < options.size(); ++i) {
    Candidate c;
    c.id = static_cast<int>(i);
    c.label = options[i].label;
    set.all.push_back(c);
    CandidateOutcome o;
    o.status = CandidateStatus::kFeasible;
    o.replicas = 2;
    ProbeResult probe;
    probe.replicas = 2;
    probe.passed = true;
    probe.margin = options[i].margin;
    o.search.probes.push_back(probe);
    o.search.min_replicas = 2;
    o.cost = FleetCost{.gpus = options[i].gpus, .usd_per_month = options[i].usd_per_month};
    outcomes.push_back(o);
  }
  return Recommend(set, outcomes, 95, cap);
}

TEST(RecommendTest, TheCheapestWins) {
  const auto r = RecommendAmong({{"a", 2000, 4, 0.5}, {"b", 1500, 8, 0.01}});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->candidate, 1);
  EXPECT_NE(r->statement.find("It is $500/month cheaper than the runner-up, 2 x a."),
            std::string::npos)
      << r->statement;
}

TEST(RecommendTest, AtEqualCostTheLargerMarginWins) {
  // Listed first, fewer GPUs, but a thinner margin: not chosen.
  const auto r = RecommendAmong({{"thin", 1000, 2, 0.02}, {"wide", 1000, 4, 0.30}});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->candidate, 1);
  EXPECT_NE(r->statement.find("costs the same as the runner-up, 2 x thin, with the larger margin "
                              "(30% against 2%)"),
            std::string::npos)
      << r->statement;
}

TEST(RecommendTest, AtEqualCostAndMarginFewerGpusWin) {
  const auto r = RecommendAmong({{"many", 1000, 8, 0.1}, {"few", 1000, 4, 0.1}});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->candidate, 1);
  EXPECT_NE(r->statement.find("the same margin and fewer GPUs (4 against 8)"), std::string::npos)
      << r->statement;
  const auto tie = RecommendAmong({{"first", 1000, 4, 0.1}, {"second", 1000, 4, 0.1}});
  EXPECT_EQ(tie->candidate, 0);
  EXPECT_NE(tie->statement.find("the candidate listed first is recommended"), std::string::npos);
}

// A cost cap leaves fleets above it out of the recommendation and of the runner-ups: the
// cheapest, a, is still chosen; c ($1,900) is over the $1,800 cap, so b is the only runner-up.
TEST(RecommendTest, ACapLeavesOutFleetsAboveIt) {
  const std::vector<Option> options = {
      {"a", 1000, 2, 0.1}, {"b", 1800, 4, 0.1}, {"c", 1900, 4, 0.1}};
  const auto free = RecommendAmong(options);
  EXPECT_EQ(free->runner_ups, (std::vector<int>{1, 2}));
  const auto capped = RecommendAmong(options, 1800);
  ASSERT_TRUE(capped.has_value());
  EXPECT_EQ(capped->candidate, 0);
  EXPECT_EQ(capped->runner_ups, (std::vector<int>{1}));
  EXPECT_FALSE(RecommendAmong(options, 999).has_value());
}

}  // namespace
}  // namespace gpuplan
