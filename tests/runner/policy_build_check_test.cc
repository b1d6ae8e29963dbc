// ADR 0002: every error of a file in one round, including what only a policy's factory checks
// (relations between its options, the bundle or file it reads, the engine values it takes).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/core/error.h"
#include "tests/runner/runner_test_util.h"

namespace gpuplan {
namespace {

using testing::FixedModelScenario;
using testing::ScenarioFromYaml;

constexpr const char* kWorkload = R"(
workload:
  arrival: {kind: poisson, rate_per_s: 2}
  prompt_tokens: {kind: fixed, tokens: 100}
  output_tokens: {kind: fixed, tokens: 10}
simulation: {num_requests: 10}
)";

std::vector<std::string> Errors(const std::vector<std::string>& sets) {
  try {
    ScenarioFromYaml(FixedModelScenario(kWorkload), sets);
  } catch (const ConfigError& e) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : e.diagnostics()) lines.push_back(d.ToString());
    return lines;
  }
  return {};
}

TEST(PolicyBuildCheckTest, FactoryErrorsComeWithTheOtherErrorsOfTheFile) {
  const std::vector<std::string> errors = Errors(
      {"workload.arrival={kind: staged, rates_per_s: [5, 10], durations_s: [600]}",
       "deployment.tensor_parallel=3", "latency={kind: calibrated, bundle: no-such-bundle}"});
  ASSERT_EQ(errors.size(), 2u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0],
            "--set:1:2: deployment.tensor_parallel: 3 does not divide the 32 attention heads of "
            "model 'llama-3.1-8b'; expected a divisor of 32 (1, 2, 4, 8, 16, 32)");
  EXPECT_EQ(errors[1],
            "--set:1:1: workload.arrival.durations_s: 1 durations for 2 rates; expected one "
            "duration per rate");
  // The latency model is not built while its deployment is wrong: no follow-up noise. Once the
  // deployment is right, the missing bundle is reported in the same round as the stages.
  const std::vector<std::string> next =
      Errors({"workload.arrival={kind: staged, rates_per_s: [5, 10], durations_s: [600]}",
              "latency={kind: calibrated, bundle: no-such-bundle}"});
  ASSERT_EQ(next.size(), 2u) << ::testing::PrintToString(next);
  EXPECT_NE(next[1].find("calibration bundle 'no-such-bundle' not found"), std::string::npos)
      << next[1];
}

// Llama-3.1-8B keeps 128 KiB of KV per token, 2 MiB per 16-token block: 1e6 GiB of GPU memory is
// about 4.6e8 blocks (under the int32 limit of 2,147,483,647), 1e7 GiB about 4.6e9 (over it).
TEST(PolicyBuildCheckTest, AKvCacheOverTheBlockLimitIsALocatedError) {
  EXPECT_TRUE(Errors({"gpu={preset: h100_sxm, memory_gib: 1e6, usable_memory_gib: 1e6}"}).empty());
  const std::vector<std::string> errors =
      Errors({"gpu={preset: h100_sxm, memory_gib: 1e7, usable_memory_gib: 1e7}"});
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("--set:1:1: gpu: the memory left for the KV cache holds "),
            std::string::npos)
      << errors[0];
  EXPECT_NE(errors[0].find("blocks per replica, more than the simulator's limit of 2147483647"),
            std::string::npos)
      << errors[0];
}

TEST(PolicyBuildCheckTest, AValidScenarioStillLoads) { EXPECT_TRUE(Errors({}).empty()); }

}  // namespace
}  // namespace gpuplan
