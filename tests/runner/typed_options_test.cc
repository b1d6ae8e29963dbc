// Typed policy options end to end (ADR 0012): a registry entry reads its options once, when the
// scenario is loaded, and each run builds from the typed value; and a new policy is one class
// plus one registration line (the router below).
#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "sim/runner/scenario_run.h"
#include "tests/runner/runner_test_util.h"

namespace gpuplan {
namespace {

using testing::ShippedCatalog;

std::atomic<int> reads{0};
std::atomic<int> builds{0};
std::atomic<int> routed{0};

struct PinnedOptions {
  int64_t replica = 0;
};

// A new router: every request to the replica the scenario names (`replica:`), counted.
class PinnedRouter final : public Router {
 public:
  explicit PinnedRouter(const PinnedOptions& options) : replica_(options.replica) {}
  std::string_view name() const override { return "pinned"; }
  int32_t Route(const RoutedRequest&, std::span<const Replica* const> replicas) override {
    ++routed;
    return static_cast<int32_t>(std::min<int64_t>(replica_, replicas.size() - 1));
  }

 private:
  int64_t replica_;
};

PinnedOptions ReadPinned(OptionReader& reader) {
  ++reads;
  return {.replica = reader.Int("replica")};
}

std::unique_ptr<Router> BuildPinned(const PinnedOptions& options) {
  ++builds;
  return std::make_unique<PinnedRouter>(options);
}

void RegisterPinnedRouter(Builtins& builtins) {
  // The one line a new router takes:
  builtins.routers.Add("pinned", "every request to one replica",
                       {{.name = "replica", .type = OptionType::kInt, .required = true, .min = 0}},
                       ReadPinned, BuildPinned);
}

// Two replicas of Llama-3.1-8B on H100s with a fixed latency model, 20 short requests.
std::string PinnedScenario(const std::string& router) {
  return R"(
model: llama-3.1-8b
gpu: h100_sxm
deployment: {replicas: 2}
engine: {preset: vllm}
latency: {kind: fixed, prefill_ms_per_token: 0.01, decode_ms_per_step: 5, step_overhead_ms: 1}
router: )" +
         router + R"(
workload:
  arrival: {kind: constant, rate_per_s: 10}
  prompt_tokens: {kind: fixed, tokens: 100}
  output_tokens: {kind: fixed, tokens: 10}
simulation: {num_requests: 20}
)";
}

TEST(TypedOptionsTest, OptionsAreReadOnceAtLoadAndEachRunBuildsFromThem) {
  Builtins builtins;
  RegisterPinnedRouter(builtins);
  reads = builds = routed = 0;
  Scenario scenario =
      LoadScenarioFromString(PinnedScenario("{kind: pinned, replica: 1}"), "pinned.yaml", {},
                             ShippedCatalog(), builtins.MakeLoaderOptions());
  // The validator read the options; the loader's build check built the router once.
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(builds, 1);
  const PreparedScenario prepared(scenario, builtins);
  const ScenarioRun first = prepared.Run({.seed = 1});
  const ScenarioRun second = prepared.Run({.seed = 2});
  EXPECT_EQ(reads, 1);  // never again, whatever runs
  EXPECT_GE(builds, 3);
  EXPECT_EQ(routed, 40);  // 20 requests per run
  EXPECT_EQ(first.result.counts.completed, 20);
  EXPECT_EQ(second.result.counts.completed, 20);
}

// Code that edits a loaded choice as text gets its edit read, never the stale typed value.
TEST(TypedOptionsTest, AChoiceEditedAsTextIsReadAgain) {
  Builtins builtins;
  RegisterPinnedRouter(builtins);
  Scenario scenario =
      LoadScenarioFromString(PinnedScenario("{kind: pinned, replica: 1}"), "pinned.yaml", {},
                             ShippedCatalog(), builtins.MakeLoaderOptions());
  ASSERT_NE(scenario.router.TypedIfCurrent(), nullptr);
  EXPECT_EQ(scenario.router.TypedIfCurrent()->As<PinnedOptions>().replica, 1);
  scenario.router.options.values["replica"].text = "0";
  EXPECT_EQ(scenario.router.TypedIfCurrent(), nullptr);
  reads = 0;
  const PreparedScenario prepared(scenario, builtins);
  prepared.Run({.seed = 1});
  EXPECT_GE(reads, 1);
}

TEST(TypedOptionsTest, BadOptionsOfANewPolicyAreReportedLikeAnyOther) {
  Builtins builtins;
  RegisterPinnedRouter(builtins);
  try {
    LoadScenarioFromString(PinnedScenario("{kind: pinned, replica: -1}"), "pinned.yaml", {},
                           ShippedCatalog(), builtins.MakeLoaderOptions());
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].path, "router.replica");
    EXPECT_EQ(e.diagnostics()[0].message, "-1 is out of range; expected a value >= 0");
  }
}

}  // namespace
}  // namespace gpuplan
