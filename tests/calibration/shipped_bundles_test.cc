// The bundles shipped under configs/calibration read, pass every check, and cover the models
// they were imported for.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "sim/calibration/bundle_check.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> ShippedBundles() {
  std::vector<fs::path> bundles;
  const fs::path root = fs::path(GPUPLAN_SOURCE_DIR) / "configs" / "calibration";
  if (!fs::exists(root)) return bundles;
  for (const auto& gpu : fs::directory_iterator(root)) {
    if (!gpu.is_directory()) continue;
    for (const auto& bundle : fs::directory_iterator(gpu.path())) {
      if (fs::exists(bundle.path() / "meta.txt")) bundles.push_back(bundle.path());
    }
  }
  std::sort(bundles.begin(), bundles.end());
  return bundles;
}

TEST(ShippedBundles, ReadAndPassEveryCheck) {
  const std::vector<fs::path> bundles = ShippedBundles();
  ASSERT_GE(bundles.size(), 2u);
  for (const fs::path& dir : bundles) {
    const Bundle b = ReadBundle(dir.string());
    const BundleCheck check = CheckBundle(b, {});
    EXPECT_TRUE(check.ok()) << dir << ": " << (check.errors.empty() ? "" : check.errors[0]);
    EXPECT_EQ(b.Meta("source.license").substr(0, 3), "MIT") << dir;
    EXPECT_FALSE(b.models.empty()) << dir;
  }
}

}  // namespace
}  // namespace gpuplan
