// The replica count each seed alone needs (plan.json recommendation.replicas_by_seed) in the
// plan report's executive summary, in English and Japanese; absent from a plan.json written
// before it existed (the fixture without the field), so older plans render as before.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "reports/data_files.h"
#include "reports/plan_report.h"
#include "reports/text.h"
#include "tests/reports/report_checks.h"

namespace gpuplan::report {
namespace {

namespace fs = std::filesystem;

const fs::path kFixture = fs::path(GPUPLAN_SOURCE_DIR) / "tests/reports/testdata/plan_small";

// Five seeds against the fixture's recommended 3 replicas: one needs 2, three need 3, one is not
// met within the range.
constexpr const char* kReplicasBySeed =
    R"({"seeds": [1, 2, 3, 4, 5], "replicas": [3, 2, 3, null, 3], )"
    R"("min": 2, "median": 3, "max": null, "recommended": 3, "covered_seeds": 4, )"
    R"("covered_share": 0.8, "extra_probes": 1})";

enum class Field { kFixtures, kFiveSeeds, kNone };

std::string Markdown(Lang lang, Field field) {
  std::string text = ReadTextFile(kFixture / "plan.json");
  if (field == Field::kFiveSeeds) {
    text = testing::WithJsonMember(text, "replicas_by_seed", kReplicasBySeed);
  }
  if (field == Field::kNone) text = testing::WithoutJsonMember(text, "replicas_by_seed");
  const PlanDocument plan = ParsePlanDocument(text, "plan.json");
  const Document doc = BuildPlanReport(plan, nullptr, lang, {"9.9.9"});
  return RenderMarkdown(doc).markdown;
}

TEST(ReplicasBySeedReportTest, EnglishSummaryStatesTheCountsAndTheShareCovered) {
  const std::string md = Markdown(Lang::kEn, Field::kFiveSeeds);
  EXPECT_NE(md.find("Replicas each seed alone needs"), std::string::npos) << md;
  EXPECT_NE(md.find("3, 2, 3, not met, 3 (min 2, median 3, max not met). The recommended 3 "
                    "replicas meet every SLO in 4 of 5 seeds (80%)."),
            std::string::npos)
      << md;
}

TEST(ReplicasBySeedReportTest, JapaneseSummaryStatesTheSame) {
  const std::string md = Markdown(Lang::kJa, Field::kFiveSeeds);
  EXPECT_NE(md.find("シード単独で必要なレプリカ数"), std::string::npos) << md;
  EXPECT_NE(
      md.find("3、2、3、未達、3(最小2、中央値3、最大未達)。推奨の3レプリカは5シード中4シード(80%)で"
              "すべてのSLOを満たす。"),
      std::string::npos)
      << md;
}

// The fixture's own field: with 2 seeds each seed alone meets the SLO with 2 replicas (the two
// seeds pooled need 3, the recommendation), so the recommended 3 cover 2 of 2 seeds.
TEST(ReplicasBySeedReportTest, TheFixturesOwnCounts) {
  EXPECT_NE(Markdown(Lang::kEn, Field::kFixtures)
                .find("2, 2 (min 2, median 2, max 2). The recommended 3 replicas meet every SLO in "
                      "2 of 2 seeds (100%)."),
            std::string::npos)
      << Markdown(Lang::kEn, Field::kFixtures);
}

TEST(ReplicasBySeedReportTest, AnOlderPlanJsonHasNoSuchRow) {
  EXPECT_EQ(Markdown(Lang::kEn, Field::kNone).find("Replicas each seed alone needs"),
            std::string::npos);
  EXPECT_EQ(Markdown(Lang::kJa, Field::kNone).find("シード単独で必要なレプリカ数"),
            std::string::npos);
}

}  // namespace
}  // namespace gpuplan::report
