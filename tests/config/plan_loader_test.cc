#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/config/plan_spec.h"
#include "tests/config/config_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::ErrorsOf;
using ::gpuplan::testing::FakeValidators;
using ::gpuplan::testing::Lines;
using ::gpuplan::testing::TestCatalog;
using ::gpuplan::testing::TestdataDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Errors = std::vector<std::string>;

LoaderOptions Options() { return LoaderOptions{FakeValidators(), {}}; }

PlanSpec Load(const std::string& text, const std::vector<std::string>& sets = {},
              const std::string& file = "plan.yaml") {
  return LoadPlanFromString(text, file, sets, TestCatalog(), Options());
}

// A valid plan, one key per line so tests can count lines; the scenario is inline.
std::string ValidPlan() {
  return Lines({
      "name: test-plan",                                     // 1
      "scenario:",                                           // 2
      "  model: llama-3.1-8b",                               // 3
      "  gpu: h100_sxm",                                     // 4
      "  engine: {preset: vllm}",                            // 5
      "  workload:",                                         // 6
      "    prompt_tokens: {kind: fixed, tokens: 100}",       // 7
      "    output_tokens: {kind: fixed, tokens: 10}",        // 8
      "traffic:",                                            // 9
      "  concurrency_at_peak: 40",                           // 10
      "  time_in_system_s: 8",                               // 11
      "slo: {preset: chatbot, speed_tokens_per_s: 25}",      // 12
      "candidates:",                                         // 13
      "  gpus: [a100_sxm, h100_sxm]",                        // 14
      "  tensor_parallel: [1, 2]",                           // 15
      "  engines: [vllm, sglang]",                           // 16
      "  knobs: {max_num_seqs: [128, 256]}",                 // 17
      "  replicas: {min: 1, max: 8}",                        // 18
      "cost: {cloud: {usd_per_gpu_hour: {h100_sxm: 2.5}}}",  // 19
      "search: {seeds: 3, requests_per_probe: 500}",         // 20
      "autoscaler: {metric: queue_length, target: auto}",    // 21
  });
}

// ValidPlan with line `n` (1-based) replaced.
std::string WithLine(int n, const std::string& line) {
  std::string text = ValidPlan();
  size_t start = 0;
  for (int i = 1; i < n; ++i) start = text.find('\n', start) + 1;
  return text.replace(start, text.find('\n', start) - start, line);
}

TEST(PlanLoaderTest, ValidPlanReadsEverySection) {
  const PlanSpec p = Load(ValidPlan());
  EXPECT_EQ(p.name, "test-plan");
  EXPECT_EQ(p.base_source, "inline");
  EXPECT_EQ(p.base.model.name, "llama-3.1-8b");
  EXPECT_EQ(p.base.engine.name, "vllm");
  // The plan sets arrivals and request counts per probe, so the inline scenario may omit them.
  ASSERT_TRUE(p.base.workload.arrival.has_value());
  EXPECT_EQ(p.base.workload.arrival->kind, "poisson");
  EXPECT_EQ(p.traffic.mode, TrafficMode::kConcurrency);
  EXPECT_EQ(p.traffic.concurrency_at_peak, 40);
  EXPECT_EQ(p.traffic.time_in_system_s, 8);
  EXPECT_EQ(p.slo.preset, "chatbot");
  EXPECT_EQ(p.slo.speed_tokens_per_s, 25);
  EXPECT_EQ(p.candidates.gpus, (std::vector<std::string>{"a100_sxm", "h100_sxm"}));
  EXPECT_EQ(p.candidates.tensor_parallel, (std::vector<int>{1, 2}));
  EXPECT_EQ(p.candidates.engines, (std::vector<std::string>{"vllm", "sglang"}));
  ASSERT_EQ(p.candidates.knobs.size(), 1u);
  EXPECT_EQ(p.candidates.knobs[0].name, "max_num_seqs");
  EXPECT_EQ(p.candidates.knobs[0].values, (std::vector<std::string>{"128", "256"}));
  EXPECT_EQ(p.candidates.replicas_max, 8);
  EXPECT_EQ(p.cost.usd_per_gpu_hour.at("h100_sxm"), 2.5);
  EXPECT_EQ(p.search.seeds, 3);
  EXPECT_EQ(p.search.requests_per_probe, 500);
  ASSERT_TRUE(p.autoscaler.has_value());
  EXPECT_FALSE(p.autoscaler->target.has_value());  // auto
  EXPECT_EQ(p.LocOf("traffic.concurrency_at_peak").line, 10);
}

TEST(PlanLoaderTest, InlineScenarioErrorsPointIntoThePlanFile) {
  const Errors errors =
      ErrorsOf([] { Load(WithLine(5, "  engine: {preset: vllm, max_num_seq: 8}")); });
  EXPECT_THAT(errors, ElementsAre("plan.yaml:5:26: scenario.engine.max_num_seq: unknown key "
                                  "'max_num_seq'; did you mean 'max_num_seqs'?"));
}

TEST(PlanLoaderTest, EveryErrorIsReportedAtOnceWithPositions) {
  std::string text = WithLine(14, "  gpus: [a100_sxm, h100_sx]");
  text += "serach: {seeds: 2}\n";  // line 22
  const Errors errors = ErrorsOf([&] { Load(text, {"search.seeds=1"}); });
  EXPECT_THAT(errors,
              ElementsAre("plan.yaml:14:20: candidates.gpus[1]: unknown gpu 'h100_sx'; did you "
                          "mean 'h100_sxm'?; expected one of: a100_sxm, h100_sxm",
                          "plan.yaml:22:1: serach: unknown key 'serach'; did you mean 'search'?",
                          "--set:1:1: search.seeds: 1 is out of range; expected an integer "
                          ">= 2"));
}

TEST(PlanLoaderTest, TrafficNeedsExactlyOnePeakLoad) {
  const Errors errors = ErrorsOf([] { Load(WithLine(11, "  peak_rate_per_s: 5")); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("plan.yaml:10:3: traffic: both concurrency_at_peak, "
                                   "peak_rate_per_s given; expected exactly one of dau"));
}

TEST(PlanLoaderTest, ReplicaRangeIsBounded) {
  // 10,000 is the largest fleet searched; one more is refused at its position.
  EXPECT_EQ(Load(WithLine(18, "  replicas: {min: 1, max: 10000}")).candidates.replicas_max, 10000);
  EXPECT_THAT(ErrorsOf([] { Load(WithLine(18, "  replicas: {min: 1, max: 10001}")); }),
              ElementsAre(HasSubstr("plan.yaml:18:27: candidates.replicas.max: 10001 is out of "
                                    "range; expected")));
  EXPECT_THAT(ErrorsOf([] { Load(WithLine(18, "  replicas: {min: 1, max: 1000000}")); }),
              ElementsAre(HasSubstr("<= 10000")));
}

// The autoscaler's replica counts stay within a fleet's limit, its times within simulated time,
// and its sync period at 0.1 s or more (a day at 1 ns would be 10^14 controller events).
TEST(PlanLoaderTest, AutoscalerInputsAreBounded) {
  const PlanSpec ok = Load(WithLine(
      21, "autoscaler: {target: auto, max_replicas: 10000, sync_period_s: 0.1, startup_s: 1e8}"));
  EXPECT_EQ(*ok.autoscaler->max_replicas, 10000);
  EXPECT_EQ(ok.autoscaler->sync_period_s, 0.1);
  EXPECT_THAT(
      ErrorsOf([] {
        Load(WithLine(21,
                      "autoscaler: {target: auto, max_replicas: 10001, sync_period_s: 0.09, "
                      "startup_s: 1.1e8}"));
      }),
      ElementsAre(HasSubstr("autoscaler.max_replicas: 10001 is out of range; expected an integer "
                            ">= 1 and <= 10000"),
                  HasSubstr("autoscaler.sync_period_s: 0.09 is out of range; expected a number "
                            ">= 0.1 and <= 100000000"),
                  HasSubstr("autoscaler.startup_s: 1.1e8 is out of range")));
}

TEST(PlanLoaderTest, DeadlineReadsRequestsOrOutputTokensAndHours) {
  PlanSpec p = Load(WithLine(10, "  deadline: {requests: 1000000, hours: 8}"));
  EXPECT_EQ(p.traffic.mode, TrafficMode::kDeadline);
  EXPECT_EQ(p.traffic.deadline_requests, 1000000);
  EXPECT_FALSE(p.traffic.deadline_output_tokens.has_value());
  EXPECT_EQ(p.traffic.deadline_hours, 8);
  p = Load(WithLine(10, "  deadline: {output_tokens: 2.0e8, hours: 0.5}"));
  EXPECT_EQ(p.traffic.deadline_output_tokens, 2.0e8);
  EXPECT_EQ(p.traffic.deadline_hours, 0.5);
}

TEST(PlanLoaderTest, DeadlineErrorsAreLocated) {
  auto errors_of = [](const std::string& line) {
    return ErrorsOf([&] { Load(WithLine(10, line)); });
  };
  EXPECT_THAT(errors_of("  deadline: {requests: 10, output_tokens: 20, hours: 1}"),
              ElementsAre(HasSubstr("plan.yaml:10:13: traffic.deadline: both requests and "
                                    "output_tokens given; expected exactly one")));
  EXPECT_THAT(errors_of("  deadline: {hours: 1}"),
              ElementsAre(HasSubstr("traffic.deadline: neither requests nor output_tokens")));
  EXPECT_THAT(errors_of("  deadline: {requests: 10, hours: 0}"),
              ElementsAre(HasSubstr("traffic.deadline.hours: 0 is out of range")));
  EXPECT_THAT(errors_of("  deadline: {requests: 10}"),
              ElementsAre(HasSubstr("traffic.deadline.hours: missing required key")));
  EXPECT_THAT(errors_of("  deadline: 8"),
              ElementsAre(HasSubstr("plan.yaml:10:13: traffic.deadline: got '8'; expected a map "
                                    "with requests (or output_tokens) and hours")));
  // With another peak load beside it (line 11 replaced): exactly one is expected.
  std::string text = WithLine(10, "  deadline: {requests: 10, hours: 1}");
  text = text.replace(text.find("  time_in_system_s: 8"), 21, "  peak_rate_per_s: 3");
  EXPECT_THAT(ErrorsOf([&] { Load(text); }),
              ElementsAre(HasSubstr("plan.yaml:10:3: traffic: both peak_rate_per_s, deadline "
                                    "given; expected exactly one of dau")));
}

TEST(PlanLoaderTest, DeadlineRejectsADayShape) {
  std::string text = WithLine(10, "  deadline: {requests: 10, hours: 1}");
  text = text.replace(text.find("  time_in_system_s: 8"), 21,
                      "  diurnal_curve: [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]");
  const Errors errors = ErrorsOf([&] { Load(text); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("plan.yaml:11:18: traffic.diurnal_curve: a day shape does not "
                                   "apply to traffic.deadline"));
}

TEST(PlanLoaderTest, DauOnlyKeysAreRejectedWithTheReason) {
  const Errors errors = ErrorsOf([] { Load(WithLine(11, "  burst_factor: 1.5")); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("plan.yaml:11:17: traffic.burst_factor: only used with "
                                   "traffic.dau"));
}

TEST(PlanLoaderTest, DauInputsNeedADayShape) {
  std::string text = WithLine(10, "  dau: 50000");
  text = text.replace(text.find("  time_in_system_s: 8"), 20,
                      "  sessions_per_user_per_day: 2\n  requests_per_session: 5");
  const Errors errors = ErrorsOf([&] { Load(text); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("traffic: no day shape; expected peak_hour_share, "
                                   "diurnal_curve or servegen"));
  const PlanSpec p = Load(text, {"traffic.peak_hour_share=0.12"});
  EXPECT_EQ(p.traffic.mode, TrafficMode::kDau);
  EXPECT_EQ(p.traffic.dau, 50000);
  EXPECT_EQ(p.traffic.peak_hour_share, 0.12);
}

TEST(PlanLoaderTest, DiurnalCurveNeeds24Weights) {
  const Errors errors = ErrorsOf([] { Load(WithLine(11, "  diurnal_curve: [1, 2, 3]")); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("plan.yaml:11:18: traffic.diurnal_curve: 3 values; expected "
                                   "24 hourly weights"));
}

TEST(PlanLoaderTest, KnobsAreEngineFieldsWithTheirTypes) {
  const Errors errors =
      ErrorsOf([] { Load(WithLine(17, "  knobs: {max_num_seq: [1], block_size: [16, big]}")); });
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors[0], HasSubstr("plan.yaml:17:11: candidates.knobs.max_num_seq: unknown engine "
                                   "knob 'max_num_seq'; did you mean 'max_num_seqs'?"));
  EXPECT_THAT(errors[1], HasSubstr("plan.yaml:17:46: candidates.knobs.block_size[1]: 'big' is not "
                                   "an integer"));
}

TEST(PlanLoaderTest, TooManyCombinationsIsAnError) {
  const Errors errors = ErrorsOf([] { Load(ValidPlan(), {"candidates.max_candidates=10"}); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("candidates: 16 combinations of gpus x tensor_parallel x "
                                   "engines x knobs; expected at most max_candidates = 10"));
}

TEST(PlanLoaderTest, SetOverridesReachThePlanAndTheScenario) {
  const PlanSpec p = Load(ValidPlan(), {"search.seeds=5", "scenario.engine.max_num_seqs=64"});
  EXPECT_EQ(p.search.seeds, 5);
  EXPECT_EQ(p.base.engine.max_num_seqs, 64);
}

TEST(PlanLoaderTest, ScenarioFileIsResolvedAgainstThePlanFolder) {
  std::string text = ValidPlan();
  const size_t begin = text.find("scenario:");
  const size_t end = text.find("traffic:");
  text.replace(begin, end - begin, "scenario: ../scenarios/chatbot.yaml\n");
  const PlanSpec p = Load(text, {}, TestdataDir() + "/plans/plan.yaml");
  EXPECT_EQ(p.base.name, "chatbot-8b-h100");
  EXPECT_EQ(p.base_source, "../scenarios/chatbot.yaml");

  text.replace(text.find("chatbot.yaml"), 12, "chatbot2.yaml");
  const Errors errors = ErrorsOf([&] { Load(text, {}, "plans/plan.yaml"); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("plans/plan.yaml:2:11: scenario: scenario file "
                                   "scenarios/chatbot2.yaml not found"));
}

TEST(PlanLoaderTest, ATraceIsTheLoadSoTrafficIsRefused) {
  std::string text = ValidPlan();
  const size_t lengths = text.find("    prompt_tokens");
  text.replace(lengths, text.find("traffic:") - lengths,
               "    trace: {kind: azure_llm_2023, path: t.csv}\n");
  const Errors errors = ErrorsOf([&] { Load(text); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("plan.yaml:9:3: traffic: the base scenario replays a trace"));
}

TEST(PlanLoaderTest, SloSpeedAndTpotExcludeEachOther) {
  const Errors errors =
      ErrorsOf([] { Load(WithLine(12, "slo: {tpot_ms: 40, speed_grade: reading}")); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("plan.yaml:12:6: slo: tpot_ms and a speed target are both "
                                   "given; expected one"));
}

TEST(PlanLoaderTest, CostPricesNameCatalogGpus) {
  const Errors errors =
      ErrorsOf([] { Load(WithLine(19, "cost: {cloud: {usd_per_gpu_hour: {h100: 2.5}}}")); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("plan.yaml:19:41: cost.cloud.usd_per_gpu_hour.h100: unknown "
                                   "gpu 'h100'"));
}

// cost.currency: every key required, the code an ISO 4217 code other than USD, the date a day.
TEST(PlanLoaderTest, ACurrencyIsReadWithItsDatedRate) {
  const std::string rate =
      "cost: {cloud: {usd_per_gpu_hour: {h100_sxm: 2.5}}, currency: {code: JPY, per_usd: 155.2, "
      "date: \"2026-12-01\", source: MUFG TTM}}";
  const PlanSpec p = Load(WithLine(19, rate));
  ASSERT_TRUE(p.cost.currency.has_value());
  EXPECT_EQ(p.cost.currency->code, "JPY");
  EXPECT_EQ(p.cost.currency->per_usd, 155.2);
  EXPECT_EQ(p.cost.currency->date, "2026-12-01");
  EXPECT_EQ(p.cost.currency->source, "MUFG TTM");
  EXPECT_FALSE(Load(ValidPlan()).cost.currency.has_value());
  auto errors_of = [](const std::string& currency) {
    return ErrorsOf([&] { Load(WithLine(19, "cost: {currency: " + currency + "}")); });
  };
  EXPECT_THAT(errors_of("{code: yen, per_usd: 155, date: 2026-12-01, source: x}"),
              ElementsAre(HasSubstr("cost.currency.code: 'yen' is not a currency code; expected "
                                    "an ISO 4217 code of three capital letters other than USD")));
  EXPECT_THAT(errors_of("{code: USD, per_usd: 1, date: 2026-12-01, source: x}"),
              ElementsAre(HasSubstr("'USD' is the cost model's own currency")));
  EXPECT_THAT(errors_of("{code: JPY, per_usd: 0, date: 2026-12-01, source: x}"),
              ElementsAre(HasSubstr("cost.currency.per_usd: 0 is out of range")));
  EXPECT_THAT(errors_of("{code: JPY, per_usd: 155, date: 2026-02-30, source: x}"),
              ElementsAre(HasSubstr("cost.currency.date: '2026-02-30' is not a date; expected "
                                    "YYYY-MM-DD")));
  EXPECT_THAT(errors_of("{code: JPY, per_usd: 155, date: 2026-02-29, source: x}"),
              ElementsAre(HasSubstr("'2026-02-29' is not a date")));
  EXPECT_EQ(Load(WithLine(19,
                          "cost: {currency: {code: JPY, per_usd: 155, date: 2028-02-29, "
                          "source: x}}"))
                .cost.currency->date,
            "2028-02-29");
  EXPECT_THAT(errors_of("{code: JPY, per_usd: 155, date: 2026-13-01, source: x}"),
              ElementsAre(HasSubstr("'2026-13-01' is not a date")));
  EXPECT_THAT(errors_of("{code: JPY, per_usd: 155, date: 2026-12-01}"),
              ElementsAre(HasSubstr("cost.currency.source: missing required key")));
}

// cost.cloud.normalise: a target tier, a factor per other tier, a source; not with a tier filter.
TEST(PlanLoaderTest, NormalisationToOneTierIsReadWithItsFactors) {
  const PlanSpec p = Load(
      WithLine(19,
               "cost: {cloud: {normalise: {to: hyperscaler_on_demand, factors: {community: 2.5, "
               "gpu_cloud_on_demand: 1.8}, source: our quotes}}}"));
  ASSERT_TRUE(p.cost.normalise.has_value());
  EXPECT_EQ(p.cost.normalise->to, "hyperscaler_on_demand");
  EXPECT_EQ(p.cost.normalise->factors,
            (std::map<std::string, double>{{"community", 2.5}, {"gpu_cloud_on_demand", 1.8}}));
  EXPECT_EQ(p.cost.normalise->source, "our quotes");
  auto errors_of = [](const std::string& cloud) {
    return ErrorsOf([&] { Load(WithLine(19, "cost: {cloud: " + cloud + "}")); });
  };
  EXPECT_THAT(errors_of("{tier: spot, normalise: {to: spot, factors: {community: 1}, source: x}}"),
              ElementsAre(HasSubstr("cost.cloud.tier and cost.cloud.normalise both given")));
  EXPECT_THAT(errors_of("{normalise: {to: spot, factors: {spot: 1}, source: x}}"),
              ElementsAre(HasSubstr("cost.cloud.normalise.factors.spot: 'spot' is the tier "
                                    "prices are normalised to")));
  EXPECT_THAT(errors_of("{normalise: {to: spot, factors: {reserved: 1}, source: x}}"),
              ElementsAre(HasSubstr("'reserved' is not a tier")));
  EXPECT_THAT(errors_of("{normalise: {to: spot, factors: {community: 0}, source: x}}"),
              ElementsAre(HasSubstr("cost.cloud.normalise.factors.community: 0 is out of range")));
  EXPECT_THAT(errors_of("{normalise: {to: spot, factors: {community: 1}}}"),
              ElementsAre(HasSubstr("cost.cloud.normalise.source: missing required key")));
  EXPECT_THAT(errors_of("{normalise: {to: spot, source: x}}"),
              ElementsAre(HasSubstr("cost.cloud.normalise.factors: missing required key")));
}

TEST(PlanLoaderTest, ConstraintsAndTheSafetyFactorAreRead) {
  PlanSpec p = Load(ValidPlan());
  EXPECT_FALSE(p.constraints.max_monthly_cost.has_value());  // no cap unless asked for
  EXPECT_EQ(p.search.latency_safety_factor, 1);
  std::string text = WithLine(20, "search: {seeds: 3, latency_safety_factor: 1.25}");
  text += "constraints: {max_monthly_cost: 12500.5}\n";  // line 22
  p = Load(text);
  EXPECT_EQ(p.constraints.max_monthly_cost, 12500.5);
  EXPECT_EQ(p.search.latency_safety_factor, 1.25);
  EXPECT_EQ(p.LocOf("constraints.max_monthly_cost").line, 22);
  // --set reaches both, as it does every plan key.
  p = Load(ValidPlan(), {"constraints={max_monthly_cost: 900}", "search.latency_safety_factor=2"});
  EXPECT_EQ(p.constraints.max_monthly_cost, 900);
  EXPECT_EQ(p.search.latency_safety_factor, 2);
}

TEST(PlanLoaderTest, ConstraintsErrorsAreLocated) {
  auto errors_of = [](const std::string& line) {
    return ErrorsOf([&] { Load(ValidPlan() + line + "\n"); });  // line 22
  };
  EXPECT_THAT(errors_of("constraints: {max_monthly_cost: -5}"),
              ElementsAre("plan.yaml:22:33: constraints.max_monthly_cost: -5 is out of range; "
                          "expected a number > 0"));
  EXPECT_THAT(errors_of("constraints: {max_monthly_cost: 0}"),
              ElementsAre("plan.yaml:22:33: constraints.max_monthly_cost: 0 is out of range; "
                          "expected a number > 0"));
  EXPECT_THAT(errors_of("constraints: {max_monthly_cost: lots}"),
              ElementsAre("plan.yaml:22:33: constraints.max_monthly_cost: 'lots' is not a "
                          "number; expected a number > 0"));
  EXPECT_THAT(errors_of("constraints: {max_monthly_cots: 5000}"),
              ElementsAre("plan.yaml:22:15: constraints.max_monthly_cots: unknown key "
                          "'max_monthly_cots'; did you mean 'max_monthly_cost'?"));
  EXPECT_THAT(errors_of("constraint: {max_monthly_cost: 5000}"),
              ElementsAre("plan.yaml:22:1: constraint: unknown key 'constraint'; did you mean "
                          "'constraints'?"));
  EXPECT_THAT(errors_of("constraints: 5000"),
              ElementsAre("plan.yaml:22:14: constraints: got '5000'; expected a map of "
                          "constraints"));
}

TEST(PlanLoaderTest, SafetyFactorBelowOneIsAnError) {
  const Errors errors =
      ErrorsOf([] { Load(WithLine(20, "search: {seeds: 3, latency_safety_factor: 0.8}")); });
  EXPECT_THAT(errors, ElementsAre("plan.yaml:20:43: search.latency_safety_factor: 0.8 is out of "
                                  "range; expected a number >= 1"));
}

}  // namespace
}  // namespace gpuplan
