// Policy slots are validated by the composition root's validators; their errors join the list.
#include <gtest/gtest.h>

#include "sim/config/policy_choice.h"
#include "sim/config/scenario.h"
#include "tests/config/config_test_util.h"

namespace gpuplan {
namespace {

using ::gpuplan::testing::ErrorsOf;
using ::gpuplan::testing::FakeRegistry;
using ::gpuplan::testing::Lines;
using ::gpuplan::testing::LoadText;
using ::gpuplan::testing::Opt;
using ::gpuplan::testing::TestCatalog;
using ::gpuplan::testing::ValidScenarioText;

using Errors = std::vector<std::string>;

TEST(PolicyValidatorsTest, ValidatorErrorsMergeWithFieldErrorsInFileOrder) {
  const std::string text = Lines({
      "model: llama-3.1-8b",                                               // 1
      "gpu: h100_sxm",                                                     // 2
      "engine: {preset: vllm, scheduler: {kind: static, batch_size: 0}}",  // 3
      "router: round_robbin",                                              // 4
      "deployment: {replicas: -1}",                                        // 5
      "workload:",                                                         // 6
      "  arrival: {kind: poisson, rate_per_s: -2, burst: 3}",              // 7
      "  prompt_tokens: {kind: fixed}",                                    // 8
      "  output_tokens: fixed",                                            // 9
      "simulation: {num_requests: 10}",                                    // 10
  });
  EXPECT_EQ(ErrorsOf([&] { LoadText(text); }),
            (Errors{
                "scn.yaml:3:62: engine.scheduler.batch_size: 0 is out of range; expected a value "
                ">= 1",
                "scn.yaml:4:9: router: unknown router 'round_robbin'; did you mean "
                "'round_robin'?; expected one of: round_robin, least_loaded",
                "scn.yaml:5:24: deployment.replicas: -1 is out of range; expected an integer >= 1 "
                "and <= 10000",
                "scn.yaml:7:40: workload.arrival.rate_per_s: -2 is out of range; expected a value "
                "> 0",
                "scn.yaml:7:51: workload.arrival.burst: unknown option; valid options: "
                "rate_per_s",
                "scn.yaml:8:18: workload.prompt_tokens.tokens: missing required option; expected "
                "a int: ",
                "scn.yaml:9:18: workload.output_tokens.tokens: missing required option; expected "
                "a int: ",
            }));
}

TEST(PolicyValidatorsTest, MissingValidatorAcceptsAnyKind) {
  const Scenario s = LoadScenarioFromString(ValidScenarioText(), "scn.yaml",
                                            {"router={kind: anything, weight: 3}"}, TestCatalog(),
                                            PolicyValidators{});
  EXPECT_EQ(s.router.kind, "anything");
  EXPECT_EQ(s.router.options.values.at("weight").text, "3");
}

TEST(PolicyValidatorsTest, UnknownSlotIsABug) {
  PolicyValidators validators;
  EXPECT_THROW(validators.Set("schedular", [](const PolicyChoice&, Diagnostics&) {}),
               InternalError);
  validators.Set("scheduler", [](const PolicyChoice&, Diagnostics&) {});
  EXPECT_TRUE(validators.Has("scheduler"));
  EXPECT_FALSE(validators.Has("router"));
}

TEST(PolicyValidatorsTest, ValidatorsSeeTheChoiceAsWritten) {
  std::vector<std::string> seen;
  PolicyValidators validators;
  for (std::string_view slot : kPolicySlots) {
    validators.Set(slot, [&seen, slot](const PolicyChoice& c, Diagnostics&) {
      seen.push_back(std::string(slot) + "=" + c.kind + "@" + c.path);
    });
  }
  LoadScenarioFromString(ValidScenarioText(), "scn.yaml", {}, TestCatalog(), validators);
  EXPECT_EQ(seen, (std::vector<std::string>{"scheduler=continuous@engine.scheduler",
                                            "router=round_robin@router", "latency=roofline@latency",
                                            "arrival=poisson@workload.arrival",
                                            "prompt_tokens=lognormal@workload.prompt_tokens",
                                            "output_tokens=fixed@workload.output_tokens"}));
}

// BuildValidator runs the factory, so checks between options made there are reported too.
TEST(PolicyValidatorsTest, BuildValidatorReportsFactoryChecks) {
  FakeRegistry lengths("length distribution");
  lengths.Add({"uniform",
               "between min and max",
               {Opt("min", OptionType::kInt, "1", 1), Opt("max", OptionType::kInt, "", 1)},
               [](OptionReader& r) {
                 if (r.Int("min") > r.Int("max"))
                   r.Fail("min", "is above max; expected min <= max");
                 return 0;
               }});
  PolicyValidators validators;
  validators.Set("prompt_tokens", BuildValidator(lengths));
  EXPECT_EQ(ErrorsOf([&] {
              LoadScenarioFromString(ValidScenarioText(), "scn.yaml",
                                     {"workload.prompt_tokens={kind: uniform, min: 9, max: 3}"},
                                     TestCatalog(), validators);
            }),
            Errors{"--set:1:1: workload.prompt_tokens.min: is above max; expected min <= max"});
}

TEST(PolicyValidatorsTest, OptionsMustBeFlat) {
  EXPECT_EQ(ErrorsOf([] {
              LoadScenarioFromString(ValidScenarioText(), "scn.yaml",
                                     {"router={kind: x, nested: {a: 1}, list: [1, {b: 2}]}"},
                                     TestCatalog(), PolicyValidators{});
            }),
            (Errors{"--set:1:1: router.nested: got a map; expected a scalar or a list of scalars "
                    "(policy options are flat)",
                    "--set:1:1: router.list[1]: got a map; expected a scalar (policy options are "
                    "flat)"}));
}

TEST(PolicyValidatorsTest, KindIsRequired) {
  EXPECT_EQ(ErrorsOf([] { LoadText(ValidScenarioText(), {"latency={efficiency: 0.5}"}); }),
            Errors{"--set:1:1: latency.kind: missing required key; expected the name of a "
                   "policy"});
}

}  // namespace
}  // namespace gpuplan
