#include "calibrate/harness/meta.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "calibrate/errors.h"

namespace gpuplan::calibrate {
namespace {

TEST(MetaTest, FormatsKeyValueLinesInOrder) {
  Meta meta;
  meta.Set("schema_version", 1);
  meta.Set("gpu_name", "NVIDIA H100 80GB HBM3");
  meta.Set("ceiling.copy_gbps", 3012.3456, 1);
  meta.Set("schema_version", 2);  // replaced in place
  EXPECT_EQ(meta.Format(),
            "# gpuplan calibration bundle metadata (docs/calibration-format.md)\n"
            "schema_version=2\n"
            "gpu_name=NVIDIA H100 80GB HBM3\n"
            "ceiling.copy_gbps=3012.3\n");
}

TEST(MetaTest, ControlCharactersBecomeSpaces) {
  Meta meta;
  meta.Set("command_line", "a\nb\tc");
  EXPECT_EQ(meta.Get("command_line"), "a b c");
}

TEST(MetaTest, RejectsBadKeys) {
  Meta meta;
  EXPECT_THROW(meta.Set("GPU", "x"), CalibrateError);
  EXPECT_THROW(meta.Set("a b", "x"), CalibrateError);
  EXPECT_THROW(meta.Set("", "x"), CalibrateError);
  EXPECT_TRUE(IsValidMetaKey("ceiling.gemm_tflops.bf16"));
}

TEST(MetaTest, ParseRoundTripsAndKeepsEqualsInValues) {
  Meta meta;
  meta.Set("command_line", "--shape hidden=4096,heads=32");
  meta.Set("empty", "");
  const Meta parsed = Meta::Parse(meta.Format() + "\n# comment\n");
  EXPECT_EQ(parsed.entries(), meta.entries());
  EXPECT_EQ(parsed.Get("command_line"), "--shape hidden=4096,heads=32");
  EXPECT_FALSE(parsed.Get("missing").has_value());
}

TEST(MetaTest, ParseRejectsMalformedLines) {
  EXPECT_THROW(Meta::Parse("no_equals\n"), CalibrateError);
  EXPECT_THROW(Meta::Parse("a=1\na=2\n"), CalibrateError);
  EXPECT_THROW(Meta::Parse("Bad=1\n"), CalibrateError);
  try {
    Meta::Parse("a=1\n\nb\n");
    FAIL();
  } catch (const CalibrateError& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
  }
}

TEST(MetaTest, WriteMetaFileReplacesAtomically) {
  const auto path = std::filesystem::temp_directory_path() / "gpuplan_calibrate_meta_test.txt";
  Meta meta;
  meta.Set("status", "complete");
  WriteMetaFile(path, meta);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(Meta::Parse(text.str()).Get("status"), "complete");
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace gpuplan::calibrate
