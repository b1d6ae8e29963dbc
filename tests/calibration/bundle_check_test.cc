// CheckBundle: units that look like milliseconds, times that fall as sizes grow, models that
// meta.txt does not describe, and coverage of a model at a TP size.
#include "sim/calibration/bundle_check.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/bundle/bundle_fixtures.h"

namespace gpuplan {
namespace {

using testing::MlpOpsTable;
using testing::TinyBundleModel;

Bundle WithMlp(const std::map<int64_t, double>& us_by_tokens) {
  Bundle b;
  b.models.push_back(TinyBundleModel());
  b.tables.push_back(MlpOpsTable(1, us_by_tokens, {"attn_pre_proj", "mlp_up_proj"}));
  return b;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  return text;
}

TEST(BundleCheck, AcceptsAPlausibleBundle) {
  const BundleCheck check = CheckBundle(WithMlp({{1, 10}, {8, 9}, {64, 20}}), {});
  EXPECT_TRUE(check.ok()) << Joined(check.errors);  // 9 < 10 is within the 20% slack
}

TEST(BundleCheck, FlagsTimesThatLookLikeMilliseconds) {
  const BundleCheck check = CheckBundle(WithMlp({{1, 0.01}, {8, 0.02}}), {});
  ASSERT_FALSE(check.ok());
  EXPECT_NE(Joined(check.errors).find("4 rows take less than 0.5 us"), std::string::npos)
      << Joined(check.errors);
  EXPECT_NE(Joined(check.errors).find("was the source in milliseconds?"), std::string::npos);
}

// A time may fall 20% + 1 us below the next smaller size's. 8 tokens at 6.9 us is 3.1 us (31%)
// below the 10 us of 1 token: beyond 20% + 1 us = 3 us, within 25% + 1 us = 3.5 us. One drop in
// 3 steps is a warning; two drops in 3 steps (67% > 10%) make the series an error.
TEST(BundleCheck, WarnsAboutDropsAndFailsSeriesThatKeepFalling) {
  const BundleCheck one = CheckBundle(WithMlp({{1, 10}, {8, 6.9}, {64, 20}, {512, 40}}), {});
  EXPECT_TRUE(one.ok()) << Joined(one.errors);
  EXPECT_NE(Joined(one.warnings).find("2 times are more than 20% + 1 us below"), std::string::npos)
      << Joined(one.warnings);  // one drop in each of the two ops' series
  EXPECT_NE(Joined(one.warnings).find("6.9 us at num_tokens=8 after 10 us at num_tokens=1"),
            std::string::npos)
      << Joined(one.warnings);
  BundleCheckOptions loose;
  loose.monotonic_slack = 0.25;
  EXPECT_TRUE(CheckBundle(WithMlp({{1, 10}, {8, 6.9}, {64, 20}}), loose).warnings.empty());
  const BundleCheck shuffled = CheckBundle(WithMlp({{1, 10}, {8, 6.9}, {64, 20}, {512, 9}}), {});
  ASSERT_FALSE(shuffled.ok());
  EXPECT_NE(Joined(shuffled.errors).find("2 series fall at more than 10% of their steps"),
            std::string::npos)
      << Joined(shuffled.errors);
  EXPECT_NE(Joined(shuffled.errors).find("op=attn_pre_proj tp=1 dtype=bf16 : 2 of 3 steps fall"),
            std::string::npos)
      << Joined(shuffled.errors);
}

TEST(BundleCheck, FlagsModelsMetaDoesNotDescribe) {
  Bundle b = WithMlp({{1, 10}});
  b.models.clear();
  const BundleCheck check = CheckBundle(b, {});
  EXPECT_NE(Joined(check.errors).find("rows of model 'tiny', which meta.txt does not describe"),
            std::string::npos);
}

TEST(BundleCheck, ReportsCoverageOfAModelPerTp) {
  const Bundle b = WithMlp({{1, 10}, {64, 20}});
  const ModelSpec tiny = testing::TinyModel(2);
  BundleCheckOptions options;
  options.model = &tiny;
  options.tps = {1, 2};
  const BundleCheck check = CheckBundle(b, options);
  const std::string coverage = Joined(check.coverage);
  EXPECT_NE(coverage.find("tp 1 qkv_proj           mlp_ops.csv model=tiny op=attn_pre_proj tp=1 "
                          "dtype=bf16 (2 points, tokens 1..64)"),
            std::string::npos)
      << coverage;
  EXPECT_NE(coverage.find("tp 1 out_proj           roofline (not in the bundle)"),
            std::string::npos);
  // At TP 2 nothing matches: an error, since the GEMMs are most of a step.
  ASSERT_EQ(check.errors.size(), 1u);
  EXPECT_NE(check.errors[0].find("no GEMM of tiny at tp 2"), std::string::npos);
}

TEST(BundleCheck, SummaryShowsProvenanceAndSeries) {
  Bundle b = WithMlp({{1, 10}, {64, 20}});
  b.dir = "some/bundle";
  b.meta.push_back({"gpu.name", "Test GPU", 1});
  std::ostringstream out;
  PrintBundleSummary(b, out);
  EXPECT_NE(out.str().find("gpu.name = Test GPU"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("mlp_ops.csv: 4 rows"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("model=tiny op=attn_pre_proj tp=1 dtype=bf16 : num_tokens 1..64 "
                           "(2 points, 10.0..20.0 us)"),
            std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace gpuplan
