// The scenarios shipped in configs/scenarios/, which the docs tell users to run.
#include <gtest/gtest.h>

#include <filesystem>

#include "sim/runner/scenario_run.h"
#include "tests/runner/runner_test_util.h"

namespace gpuplan {
namespace {

// Every shipped scenario loads, builds and fits (the docs tell users to run them).
TEST(ShippedScenariosTest, EveryScenarioLoadsAndBuilds) {
  const std::filesystem::path dir = std::filesystem::path(GPUPLAN_SOURCE_DIR) / "configs/scenarios";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().string());
    const Scenario s = LoadScenario(entry.path().string(), {}, testing::ShippedCatalog(),
                                    testing::SharedBuiltins().MakeLoaderOptions());
    EXPECT_NO_THROW(PreparedScenario(s, testing::SharedBuiltins()));
    ++count;
  }
  EXPECT_GE(count, 2);
}

}  // namespace
}  // namespace gpuplan
