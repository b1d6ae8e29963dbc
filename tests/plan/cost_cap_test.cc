// constraints.max_monthly_cost, by hand. In the fixed world of plan_test_util.h the SLO needs
// exactly 5 replicas of one H100 (TP 1) at 430 req/s, and a replica costs 1 GPU x $6.88/GPU-h (the
// catalog's cloud price) x 730 h = $5,022.40 a month: 5 replicas are $25,112, 4 are $20,089.60
// and 3 are $15,067.20.
#include "sim/plan/cost_cap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/plan/plan_output.h"
#include "sim/plan/planner.h"
#include "sim/util/json_value.h"
#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using ::testing::ElementsAre;
using testing::FixedWorldPlan;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;

constexpr double kReplicaMonth = 6.88 * 730;  // $5,022.40

std::vector<int> Counts(const SearchResult& r) {
  std::vector<int> counts;
  for (const ProbeResult& p : r.probes) counts.push_back(p.replicas);
  return counts;
}

PlanResult RunFixedWorld(const std::string& cap, int threads = 2) {
  const PlanSpec plan = PlanFromYaml(
      FixedWorldPlan(std::string("constraints: {max_monthly_cost: ").append(cap).append("}\n")));
  return RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = threads});
}

// $22,000 buys floor(22,000 / 5,022.40) = 4 replicas: one short of the SLO. The recommendation is
// those 4, with the TTFT (and E2E) they miss and the $25,112 that 5 would cost.
TEST(CostCapTest, ACapThatBindsRecommendsTheLargestAffordableFleetAndWhatItGivesUp) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan("constraints: {max_monthly_cost: 22000}\n"));
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  ASSERT_TRUE(r.recommendation.has_value()) << r.no_recommendation;
  EXPECT_EQ(r.recommendation->replicas, 4);
  EXPECT_NEAR(r.recommendation->cost.usd_per_month, 4 * kReplicaMonth, 1e-6);
  EXPECT_FALSE(r.recommendation->probe.passed);
  ASSERT_TRUE(r.cap.has_value());
  const CostCapOutcome& cap = *r.cap;
  EXPECT_EQ(cap.status, CapStatus::kBinds);
  EXPECT_FALSE(cap.meets_slo);
  ASSERT_TRUE(cap.cheapest_meeting_slo.has_value());
  EXPECT_EQ(cap.cheapest_meeting_slo->replicas, 5);
  EXPECT_NEAR(cap.cheapest_meeting_slo->cost.usd_per_month, 25112, 1e-6);
  // The search probed 1, 2, 4, 8, 6, 5: the cap's 4 is among them, so nothing more was run.
  EXPECT_EQ(cap.extra_probes, 0);
  EXPECT_THAT(Counts(r.outcomes[0].search), ElementsAre(1, 2, 4, 8, 6, 5));
  // What is given up, from the search's own probe at 4: a backlog (4 replicas serve 400 req/s)
  // pushes TTFT and E2E far over 15 ms.
  const ProbeResult* at4 = r.outcomes[0].search.At(4);
  ASSERT_NE(at4, nullptr);
  ASSERT_EQ(cap.given_up.size(), 3u);
  const GivenUp& ttft = cap.given_up[0];
  EXPECT_EQ(ttft.metric, "ttft");
  EXPECT_EQ(ttft.threshold_ms, 15);
  EXPECT_EQ(ttft.ci.upper, at4->metrics[SloMetric::kTtft].ci.upper);
  EXPECT_GT(ttft.ci.upper, 15);
  EXPECT_DOUBLE_EQ(ttft.over_by_ms, at4->metrics[SloMetric::kTtft].ci.upper - 15);
  EXPECT_DOUBLE_EQ(ttft.over_by_fraction, (at4->metrics[SloMetric::kTtft].ci.upper - 15) / 15);
  EXPECT_EQ(cap.given_up[1].metric, "e2e");
  EXPECT_EQ(cap.given_up[2].metric, "sustained");
  EXPECT_EQ(cap.given_up[2].overloaded_seeds, 2);
  ASSERT_EQ(cap.considered.size(), 1u);
  EXPECT_TRUE(cap.considered[0].from_search);
  // The statement says what was given up and what the SLO would cost instead.
  const std::string& s = r.recommendation->statement;
  EXPECT_THAT(s, HasSubstr("No fleet that meets every SLO fits under the $22,000/month cost cap: "
                           "the cheapest, 5 x h100_sxm x TP1 vllm (5 GPUs), costs $25,112/month, "
                           "$3,112/month over it."));
  EXPECT_THAT(s, HasSubstr("Best under the cap: 4 x h100_sxm x TP1 vllm (4 GPUs) at $20,090/month "
                           "($1,910/month under the cap)"));
  EXPECT_THAT(s, HasSubstr("It gives up p95 TTFT ("));
  // A fleet that misses the SLO with every replica up has no N+1 headroom to check.
  EXPECT_FALSE(r.n_plus_one.has_value());

  const JsonValue json = JsonValue::Parse(PlanJson(plan, r, "test"));
  const JsonValue& j = json.At("recommendation").At("cap");
  EXPECT_EQ(j.At("max_monthly_cost").AsDouble(), 22000);
  EXPECT_EQ(j.At("status").AsString(), "binds");
  EXPECT_FALSE(j.At("within_cap").AsBool());
  EXPECT_DOUBLE_EQ(j.At("cheapest_meeting_slo_usd_per_month").AsDouble(), 25112);
  EXPECT_EQ(j.At("given_up").AsArray().at(0).At("metric").AsString(), "ttft");
  EXPECT_EQ(j.At("given_up").AsArray().at(0).At("ci").At("upper").AsDouble(),
            at4->metrics[SloMetric::kTtft].ci.upper);
  EXPECT_EQ(json.At("cost_cap").At("status").AsString(), "binds");
  EXPECT_EQ(json.At("recommendation").At("replicas").AsInt(), 4);

  const std::string console = FormatPlanSummary(plan, r);
  EXPECT_THAT(console, HasSubstr("   Cost cap $22,000/month: binds, no fleet meeting every SLO "
                                 "fits; the cheapest that does: 5 x h100_sxm x TP1 vllm "
                                 "($25,112/month), $3,112/month over the cap\n"));
  EXPECT_THAT(console, HasSubstr("     gives up: p95 TTFT "));
  EXPECT_THAT(console, HasSubstr("against 15 ms: over by "));
}

// $16,000 buys 3 replicas, a count the search never probed: one more probe runs, in one batch, and
// the result is the same at any thread count.
TEST(CostCapTest, ACountTheSearchSkippedIsProbedOnceMore) {
  const PlanResult one = RunFixedWorld("16000", 1);
  const PlanResult four = RunFixedWorld("16000", 4);
  ASSERT_TRUE(one.recommendation.has_value());
  EXPECT_EQ(one.recommendation->replicas, 3);
  EXPECT_NEAR(one.recommendation->cost.usd_per_month, 3 * kReplicaMonth, 1e-6);
  EXPECT_EQ(one.cap->extra_probes, 1);
  EXPECT_FALSE(one.cap->considered[0].from_search);
  EXPECT_THAT(Counts(one.outcomes[0].search), ElementsAre(1, 2, 4, 8, 6, 5, 3));
  EXPECT_EQ(one.outcomes[0].replicas, 5);  // the SLO-meeting minimum is still 5
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan("constraints: {max_monthly_cost: 16000}\n"));
  EXPECT_EQ(PlanJson(plan, one, "test"), PlanJson(plan, four, "test"));
  EXPECT_EQ(FormatPlanSummary(plan, one), FormatPlanSummary(plan, four));
}

// $30,000 affords the 5 replicas the SLO needs: the usual recommendation, $4,888 under the cap.
TEST(CostCapTest, ACapThatDoesNotBindLeavesTheRecommendationAsItIs) {
  const PlanResult capped = RunFixedWorld("30000");
  const PlanResult free =
      RunPlan(PlanFromYaml(FixedWorldPlan()), ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  ASSERT_TRUE(capped.recommendation.has_value());
  EXPECT_EQ(capped.recommendation->candidate, free.recommendation->candidate);
  EXPECT_EQ(capped.recommendation->replicas, 5);
  EXPECT_EQ(capped.recommendation->cost.usd_per_month, free.recommendation->cost.usd_per_month);
  EXPECT_EQ(capped.cap->status, CapStatus::kWithinCap);
  EXPECT_TRUE(capped.cap->meets_slo);
  EXPECT_TRUE(capped.cap->given_up.empty());
  EXPECT_EQ(capped.cap->extra_probes, 0);
  EXPECT_THAT(capped.recommendation->statement,
              HasSubstr("It respects the $30,000/month cost cap with $4,888/month to spare."));
  EXPECT_TRUE(capped.n_plus_one.has_value());
  EXPECT_FALSE(free.cap.has_value());
}

// $4,000 does not buy even one replica ($5,022.40): nothing is recommended.
TEST(CostCapTest, ACapBelowOneReplicaRecommendsNothing) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan("constraints: {max_monthly_cost: 4000}\n"));
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  EXPECT_FALSE(r.recommendation.has_value());
  ASSERT_TRUE(r.cap.has_value());
  EXPECT_EQ(r.cap->status, CapStatus::kNothingAffordable);
  ASSERT_TRUE(r.cap->cheapest_fleet.has_value());
  EXPECT_EQ(r.cap->cheapest_fleet->replicas, 1);
  EXPECT_NEAR(r.cap->cheapest_fleet->cost.usd_per_month, kReplicaMonth, 1e-6);
  EXPECT_EQ(r.no_recommendation,
            "nothing fits under the $4,000/month cost cap: the smallest fleet the plan searched, "
            "1 x h100_sxm x TP1 vllm (1 GPU), costs $5,022/month, and the cheapest fleet that "
            "meets every SLO, 5 x h100_sxm x TP1 vllm (5 GPUs), costs $25,112/month");
  EXPECT_FALSE(r.deployment.has_value());
  const JsonValue json = JsonValue::Parse(PlanJson(plan, r, "test"));
  EXPECT_TRUE(json.At("recommendation").IsNull());
  EXPECT_EQ(json.At("cost_cap").At("status").AsString(), "nothing_affordable");
  EXPECT_THAT(FormatPlanSummary(plan, r), HasSubstr("6. Recommendation\n   none: nothing fits"));
}

// The rule for the best fleet under the cap, on probes set by hand: every searched candidate at
// the largest count the cap affords; one that keeps up with its arrivals beats one with a larger
// margin that falls behind.
class ScriptedRunner final : public ProbeRunner {
 public:
  std::vector<ProbeResult> Run(const std::vector<ProbeSpec>& specs) override {
    std::vector<ProbeResult> out;
    for (const ProbeSpec& s : specs) {
      ProbeResult p = next;
      p.replicas = s.replicas;
      out.push_back(p);
      asked.push_back(s.replicas);
    }
    return out;
  }
  const ProbeSettings& settings() const override { return settings_; }
  ProbeResult next;
  std::vector<int> asked;

 private:
  ProbeSettings settings_;
};

ProbeResult Probe(int replicas, bool passed, double margin, int overloaded_seeds) {
  ProbeResult p;
  p.replicas = replicas;
  p.passed = passed;
  p.margin = margin;
  p.overloaded_seeds = overloaded_seeds;
  return p;
}

TEST(CostCapTest, TheBestFleetUnderTheCapKeepsUpFirstThenHasTheLargestMargin) {
  PlanSpec plan;
  plan.candidates.replicas_min = 1;
  plan.candidates.replicas_max = 8;
  plan.constraints.max_monthly_cost = 15100;  // 3 replicas ($15,067.20), not 4
  CandidateSet set;
  std::vector<CandidateOutcome> outcomes(3);
  for (int i = 0; i < 3; ++i) {
    Candidate c;
    c.id = i;
    c.label = std::string("c").append(std::to_string(i));
    c.scenario.gpu = ShippedCatalog().gpus.at("h100_sxm");
    set.all.push_back(c);
  }
  // c0: meets the SLO at 4 ($20,089.60); at 3 it falls behind, margin -50%.
  outcomes[0].status = CandidateStatus::kFeasible;
  outcomes[0].search.probes = {Probe(1, false, -3, 2), Probe(2, false, -1, 2),
                               Probe(4, true, 0.1, 0), Probe(3, false, -0.5, 2)};
  outcomes[0].replicas = 4;
  outcomes[0].search.min_replicas = 4;
  outcomes[0].cost = CandidateFleetCost(plan.cost, set.all[0], 4, 0);
  // c1: misses the SLO even at 8 and never ran 3: the cap's probe (margin -20%, keeps up).
  outcomes[1].status = CandidateStatus::kNotMet;
  outcomes[1].search.probes = {Probe(1, false, -2, 2), Probe(2, false, -1, 2),
                               Probe(4, false, -0.1, 0), Probe(8, false, -0.05, 0)};
  // c2: meets the SLO at 5; at 3 its margin is the largest (-10%) but it falls behind.
  outcomes[2].status = CandidateStatus::kFeasible;
  outcomes[2].search.probes = {Probe(1, false, -3, 2),    Probe(2, false, -1, 2),
                               Probe(4, false, -0.05, 1), Probe(8, true, 0.3, 0),
                               Probe(6, true, 0.2, 0),    Probe(5, true, 0.1, 0),
                               Probe(3, false, -0.1, 2)};
  outcomes[2].replicas = 5;
  outcomes[2].search.min_replicas = 5;
  outcomes[2].cost = CandidateFleetCost(plan.cost, set.all[2], 5, 0);
  ScriptedRunner runner;
  runner.next = Probe(0, false, -0.2, 0);
  const CostCapDecision d = RecommendUnderCap(plan, set, outcomes, 1.0, 0, 95, runner);
  EXPECT_THAT(runner.asked, ElementsAre(3));  // only c1 lacked a probe at 3
  EXPECT_EQ(d.cap.extra_probes, 1);
  ASSERT_TRUE(d.recommendation.has_value());
  EXPECT_EQ(d.recommendation->candidate, 1);
  EXPECT_EQ(d.recommendation->replicas, 3);
  ASSERT_EQ(d.cap.considered.size(), 3u);
  EXPECT_EQ(d.cap.considered[1].candidate, 2);  // margin -10% beats -50% among those behind
  EXPECT_EQ(d.cap.considered[2].candidate, 0);
  EXPECT_EQ(d.cap.cheapest_meeting_slo->candidate, 0);      // 4 x c0 ($20,089.60) before 5 x c2
  EXPECT_EQ(outcomes[1].search.probes.back().replicas, 3);  // the cap's probe is kept
}

// The cap's rule, inclusive: a fleet costing exactly the cap is within it.
TEST(CostCapTest, ACostEqualToTheCapFitsUnderIt) {
  EXPECT_TRUE(FitsUnderCap(30000, 30000));
  EXPECT_TRUE(FitsUnderCap(29999, 30000));
  EXPECT_FALSE(FitsUnderCap(30001, 30000));
  EXPECT_FALSE(FitsUnderCap(30000.01, 30000));
}

// N+1 against the cap, on a probe set by hand: 5 replicas of one H100 whose 4 miss the SLO, so
// the N+1 fleet is 6 replicas, 6 x $5,022.40 = $30,134.40 a month. A cap of exactly that is
// within it; a dollar less ($30,133.40) is not, and the statement says by how much ($1).
NPlusOneCheck NPlusOneUnder(std::optional<double> cap) {
  PlanSpec plan;
  plan.candidates.replicas_min = 1;
  plan.candidates.replicas_max = 16;
  plan.constraints.max_monthly_cost = cap;
  Candidate c;
  c.label = "h100";
  c.scenario.gpu = ShippedCatalog().gpus.at("h100_sxm");
  ScriptedRunner runner;
  runner.next = Probe(0, false, -0.5, 2);
  return CheckNPlusOne(plan, c, 5, 430.0, 0, runner);
}

TEST(CostCapTest, TheNPlusOneFleetIsJudgedAgainstTheCapAsTheCapJudgesEveryFleet) {
  const NPlusOneCheck free = NPlusOneUnder(std::nullopt);
  EXPECT_EQ(free.n_plus_one_replicas, 6);
  EXPECT_NEAR(free.cost.usd_per_month, 30134.4, 1e-6);
  EXPECT_FALSE(free.within_cap.has_value());
  EXPECT_EQ(free.cap_statement, "");

  const double n1 = free.cost.usd_per_month;
  const NPlusOneCheck at = NPlusOneUnder(n1);
  ASSERT_TRUE(at.within_cap.has_value());
  EXPECT_TRUE(*at.within_cap);
  EXPECT_EQ(at.cap_statement, "");

  const NPlusOneCheck over = NPlusOneUnder(n1 - 1);
  ASSERT_TRUE(over.within_cap.has_value());
  EXPECT_FALSE(*over.within_cap);
  EXPECT_EQ(over.cap_statement,
            "the N+1 fleet, 6 replicas at $30,134/month, is $1/month over the $30,133/month cost "
            "cap, which the peak fleet of 5 replicas ($25,112/month) fits: surviving the loss of a "
            "replica needs a larger budget");
}

// The N+1 statements count replicas in English: 2 replicas with 1 left, 3 with 2 left.
NPlusOneCheck NPlusOneOf(int replicas, bool one_down_passes) {
  PlanSpec plan;
  Candidate c;
  c.scenario.gpu = ShippedCatalog().gpus.at("h100_sxm");
  ScriptedRunner runner;
  runner.next = Probe(0, one_down_passes, one_down_passes ? 0.1 : -0.5, 0);
  runner.next.reason = "p95 TTFT too high";
  return CheckNPlusOne(plan, c, replicas, 430.0, 0, runner);
}

TEST(CostCapTest, NPlusOneStatementsCountReplicasInEnglish) {
  EXPECT_EQ(NPlusOneOf(2, true).statement,
            "with one of 2 replicas down the other 1 still meets the SLO");
  EXPECT_EQ(NPlusOneOf(3, true).statement,
            "with one of 3 replicas down the other 2 still meet the SLO");
  EXPECT_EQ(NPlusOneOf(2, false).statement,
            "with one of 2 replicas down the SLO is missed: p95 TTFT too high. An N+1 fleet is 3 "
            "replicas at $15,067/month");
}

// The same in a whole plan: a cap of $30,000 affords the 5 replicas the SLO needs but not the 6 of
// N+1 ($134.40 over). plan.json says so in n_plus_one, and the console in a line of its own.
TEST(CostCapTest, APlanSaysWhenTheNPlusOneFleetIsOverTheCap) {
  const PlanSpec plan = PlanFromYaml(FixedWorldPlan("constraints: {max_monthly_cost: 30000}\n"));
  const PlanResult r = RunPlan(plan, ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  ASSERT_TRUE(r.n_plus_one.has_value());
  EXPECT_EQ(r.n_plus_one->within_cap, false);
  const JsonValue json = JsonValue::Parse(PlanJson(plan, r, "test"));
  const JsonValue& n = json.At("n_plus_one");
  EXPECT_FALSE(n.At("within_cap").AsBool());
  EXPECT_THAT(n.At("cap_statement").AsString(),
              HasSubstr("the N+1 fleet, 6 replicas at $30,134/month, is $134/month over the "
                        "$30,000/month cost cap"));
  EXPECT_THAT(FormatPlanSummary(plan, r),
              HasSubstr("   N+1 over the cost cap: the N+1 fleet, 6 replicas at $30,134/month, is "
                        "$134/month over the $30,000/month cost cap, which the peak fleet of 5 "
                        "replicas ($25,112/month) fits"));
  // Without a cap: null, and no such line.
  const PlanSpec uncapped = PlanFromYaml(FixedWorldPlan());
  const PlanResult u = RunPlan(uncapped, ShippedCatalog(), SharedBuiltins(), {.threads = 2});
  EXPECT_TRUE(
      JsonValue::Parse(PlanJson(uncapped, u, "test")).At("n_plus_one").At("within_cap").IsNull());
  EXPECT_THAT(FormatPlanSummary(uncapped, u), Not(HasSubstr("N+1 over the cost cap")));
}

}  // namespace
}  // namespace gpuplan
