// docs/limits.md is the output of `gpuplan list --limits`, built from the constants the checks
// use; this test fails when a limit changed without the document.
#include <gtest/gtest.h>

#include <filesystem>

#include "sim/cli/input_limits.h"
#include "tests/cli/cli_test_util.h"

namespace gpuplan {
namespace {

TEST(LimitsDocTest, DocsLimitsIsUpToDate) {
  const std::string actual =
      testing::ReadFile(std::filesystem::path(GPUPLAN_SOURCE_DIR) / "docs" / "limits.md");
  EXPECT_EQ(actual, InputLimitsMarkdown())
      << "docs/limits.md is stale: run `gpuplan list --limits > docs/limits.md`";
}

TEST(LimitsDocTest, ListLimitsPrintsTheTableWithTheConstantsValues) {
  const testing::Outcome run = testing::RunGpuplan({"list", "--limits"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out, InputLimitsMarkdown());
  // Spot checks of values written by hand from the constants.
  EXPECT_NE(run.out.find("| `deployment.replicas` | 1 to 10,000 |"), std::string::npos);
  EXPECT_NE(run.out.find("at most 1,073,741,824 bytes (1 GiB)"), std::string::npos);
  EXPECT_NE(run.out.find("at most 2,147,483,647 tokens"), std::string::npos);
  EXPECT_NE(run.out.find("at most 499 levels"), std::string::npos);
}

}  // namespace
}  // namespace gpuplan
