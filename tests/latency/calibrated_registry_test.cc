// `latency: {kind: calibrated}`: how `bundle` is resolved, and the diagnostics when it cannot be
// found or is malformed.
#include "sim/latency/calibrated_registry.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "sim/latency/calibrated_model.h"
#include "tests/bundle/bundle_fixtures.h"

namespace gpuplan {
namespace {

using testing::kValidMeta;
using testing::TempDir;

class CalibratedRegistryTest : public ::testing::Test {
 protected:
  CalibratedRegistryTest() { RegisterCalibratedLatencyModel(registry_); }

  // Builds the model with `bundle` written in `file` at line 7.
  std::optional<LatencyModelPtr> Make(const std::string& bundle, const std::string& file,
                                      Diagnostics& diags) {
    ParamTable options;
    options.path = "latency.options";
    options.values["bundle"] = ParamValue{bundle, {}, false, {file, 7, 13}};
    // The scenario's base_dir is its file's folder.
    const LatencyContext context{.model = model_,
                                 .gpu = gpu_,
                                 .deployment = deployment_,
                                 .engine = engine_,
                                 .base_dir = std::filesystem::path(file).parent_path().string()};
    return registry_.Make("calibrated", {file, 5, 7}, "latency.kind", options, diags, context);
  }

  LatencyRegistry registry_{kLatencyRegistryKind};
  ModelSpec model_ = testing::TinyModel(2);
  GpuSpec gpu_ = testing::TestGpu();
  Deployment deployment_;
  EngineSpec engine_ = testing::NoCpuEngine();
};

TEST_F(CalibratedRegistryTest, FindsABareNameUnderConfigsFromAnyFolderBelow) {
  TempDir dir;
  dir.Write("configs/calibration/test_gpu/mine/meta.txt", kValidMeta);
  std::vector<std::string> tried;
  const auto found = ResolveBundleDir("mine", "test_gpu",
                                      {.base_dir = (dir.dir() / "tests/golden").string()}, &tried);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, (dir.dir() / "configs/calibration/test_gpu/mine").string());
  // From configs/scenarios/ the sibling calibration/ folder is found first.
  const auto from_scenarios = ResolveBundleDir(
      "mine", "test_gpu", {.base_dir = (dir.dir() / "configs/scenarios").string()}, &tried);
  EXPECT_EQ(from_scenarios.value_or("none"), *found);
  EXPECT_FALSE(ResolveBundleDir("mine", "other_gpu",
                                {.base_dir = (dir.dir() / "tests/golden").string()}, &tried));
}

// The catalog the scenario was resolved against (--configs) is searched first, so a scenario
// anywhere uses the bundles of the catalog it names; nothing depends on the working directory.
TEST_F(CalibratedRegistryTest, TheCatalogRootComesFirst) {
  TempDir dir;
  dir.Write("mycatalog/calibration/test_gpu/mine/meta.txt", kValidMeta);
  dir.Write("work/configs/calibration/test_gpu/mine/meta.txt", kValidMeta);
  std::vector<std::string> tried;
  const BundleSearch where{.base_dir = (dir.dir() / "work/scenarios").string(),
                           .catalog_root = (dir.dir() / "mycatalog").string()};
  EXPECT_EQ(ResolveBundleDir("mine", "test_gpu", where, &tried).value_or("none"),
            (dir.dir() / "mycatalog/calibration/test_gpu/mine").string());
  // Without it, the search upwards from base_dir finds the other one.
  EXPECT_EQ(
      ResolveBundleDir("mine", "test_gpu", {.base_dir = where.base_dir}, &tried).value_or("none"),
      (dir.dir() / "work/configs/calibration/test_gpu/mine").string());
  // Neither given: nothing is searched.
  tried.clear();
  EXPECT_FALSE(ResolveBundleDir("mine", "test_gpu", {}, &tried).has_value());
  EXPECT_TRUE(tried.empty());
}

TEST_F(CalibratedRegistryTest, ResolvesRelativePathsAgainstTheScenarioFolder) {
  TempDir dir;
  dir.Write("bundles/b1/meta.txt", kValidMeta);
  std::vector<std::string> tried;
  const BundleSearch scenario{.base_dir = (dir.dir() / "scenarios").string()};
  EXPECT_EQ(ResolveBundleDir("../bundles/b1", "any", scenario, &tried).value_or("none"),
            (dir.dir() / "bundles/b1").string());
  EXPECT_EQ(
      ResolveBundleDir((dir.dir() / "bundles/b1").string(), "any", {}, &tried).value_or("none"),
      (dir.dir() / "bundles/b1").string());
  EXPECT_FALSE(ResolveBundleDir("./b1", "any", scenario, &tried).has_value());
}

TEST_F(CalibratedRegistryTest, BuildsTheModelFromAFoundBundle) {
  TempDir dir;
  dir.Write("b/meta.txt", kValidMeta);
  dir.Write("b/mlp_ops.csv",
            "model,op,num_tokens,tp,dtype,min_us,median_us,mean_us,p90_us,max_us,std_us,repeats\n"
            "tiny,attn_pre_proj,1,1,bf16,10,10,10,,10,,\n"
            "tiny,attn_pre_proj,100,1,bf16,100,100,100,,100,,\n");
  Diagnostics diags;
  const auto model = Make("./b", (dir.dir() / "s.yaml").string(), diags);
  ASSERT_TRUE(model.has_value()) << diags.items().front().ToString();
  EXPECT_EQ((*model)->name(), "calibrated");
  BatchShape batch;
  batch.AddPrefill(10, 10);
  const StepTime t = (*model)->Predict(batch);
  EXPECT_NEAR(t.Of(OpKind::kQkvProj), 2 * 55e-6, 1e-15);
  EXPECT_EQ(t.op_source[static_cast<size_t>(OpKind::kQkvProj)], OpSource::kCalibrated);
}

TEST_F(CalibratedRegistryTest, MissingBundleIsReportedAtTheOption) {
  TempDir dir;
  Diagnostics diags;
  EXPECT_FALSE(Make("nowhere", (dir.dir() / "s.yaml").string(), diags).has_value());
  ASSERT_EQ(diags.size(), 1u);
  const std::string text = diags.items()[0].ToString();
  EXPECT_NE(text.find("s.yaml:7:13: latency.options.bundle: calibration bundle 'nowhere' not "
                      "found"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("expected a bundle name under configs/calibration/test_gpu/"),
            std::string::npos);
}

TEST_F(CalibratedRegistryTest, MalformedBundleReportsEachProblemAndTheOption) {
  TempDir dir;
  dir.Write("b/meta.txt", std::string(kValidMeta) + "status=again\n");
  Diagnostics diags;
  EXPECT_FALSE(Make("./b", (dir.dir() / "s.yaml").string(), diags).has_value());
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_NE(diags.items()[0].ToString().find("meta.txt:8:1: status: repeated key"),
            std::string::npos)
      << diags.items()[0].ToString();
  EXPECT_NE(diags.items()[1].ToString().find("latency.options.bundle: calibration bundle './b'"),
            std::string::npos);
}

TEST_F(CalibratedRegistryTest, SharedBundlesAreReadOnceAndAgainAfterAChange) {
  TempDir dir;
  dir.Write("b/meta.txt", kValidMeta);
  const auto first = LoadSharedBundle((dir.dir() / "b").string());
  EXPECT_EQ(first.get(), LoadSharedBundle((dir.dir() / "b").string()).get());
  dir.Write("b/meta.txt", std::string(kValidMeta) + "extra=1\n");
  EXPECT_EQ(LoadSharedBundle((dir.dir() / "b").string())->Meta("extra"), "1");
}

}  // namespace
}  // namespace gpuplan
