// The replica count each seed alone needs (plan.json recommendation.replicas_by_seed) in the
// plan report's executive summary, in English and Japanese; absent from a plan.json written
// before it existed (the fixture), so older plans render as before.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "reports/data_files.h"
#include "reports/plan_report.h"
#include "reports/text.h"

namespace gpuplan::report {
namespace {

namespace fs = std::filesystem;

const fs::path kFixture = fs::path(GPUPLAN_SOURCE_DIR) / "tests/reports/testdata/plan_small";

// Five seeds against the fixture's recommended 3 replicas: one needs 2, three need 3, one is not
// met within the range.
constexpr const char* kReplicasBySeed =
    R"("replicas_by_seed": {"seeds": [1, 2, 3, 4, 5], "replicas": [3, 2, 3, null, 3], )"
    R"("min": 2, "median": 3, "max": null, "recommended": 3, "covered_seeds": 4, )"
    R"("covered_share": 0.8, "extra_probes": 1}, )";

std::string Markdown(Lang lang, bool with_field) {
  std::string text = ReadTextFile(kFixture / "plan.json");
  if (with_field) text.insert(text.find("\"runner_ups\""), kReplicasBySeed);
  const PlanData plan = ParsePlanData(text, "plan.json");
  const Document doc = BuildPlanReport(plan, nullptr, lang, {"9.9.9"});
  return RenderMarkdown(doc).markdown;
}

TEST(ReplicasBySeedReportTest, EnglishSummaryStatesTheCountsAndTheShareCovered) {
  const std::string md = Markdown(Lang::kEn, true);
  EXPECT_NE(md.find("Replicas each seed alone needs"), std::string::npos) << md;
  EXPECT_NE(md.find("3, 2, 3, not met, 3 (min 2, median 3, max not met). The recommended 3 "
                    "replicas meet every SLO in 4 of 5 seeds (80%)."),
            std::string::npos)
      << md;
}

TEST(ReplicasBySeedReportTest, JapaneseSummaryStatesTheSame) {
  const std::string md = Markdown(Lang::kJa, true);
  EXPECT_NE(md.find("シード単独で必要なレプリカ数"), std::string::npos) << md;
  EXPECT_NE(
      md.find("3、2、3、未達、3(最小2、中央値3、最大未達)。推奨の3レプリカは5シード中4シード(80%)で"
              "すべてのSLOを満たす。"),
      std::string::npos)
      << md;
}

TEST(ReplicasBySeedReportTest, AnOlderPlanJsonHasNoSuchRow) {
  EXPECT_EQ(Markdown(Lang::kEn, false).find("Replicas each seed alone needs"), std::string::npos);
  EXPECT_EQ(Markdown(Lang::kJa, false).find("シード単独で必要なレプリカ数"), std::string::npos);
}

}  // namespace
}  // namespace gpuplan::report
