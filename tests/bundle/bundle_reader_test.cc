// ReadBundle against docs/calibration-format.md, section 5: what it accepts, and the
// `file:line:col: column: what; expected` message for each thing it must refuse.
#include <gtest/gtest.h>

#include <string>

#include "sim/bundle/bundle.h"
#include "sim/core/error.h"
#include "tests/bundle/bundle_fixtures.h"

namespace gpuplan {
namespace {

using testing::kStatsHeader;
using testing::kValidMeta;
using testing::TempDir;

std::string GemmCsv(const std::string& rows) {
  return std::string("m,n,k,dtype,op,") + kStatsHeader + ",tflops,fraction_of_peak\n" + rows;
}

// The text of the error ReadBundle throws, or "" when it reads the bundle.
std::string ErrorOf(const TempDir& dir) {
  try {
    ReadBundle(dir.path());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(BundleReader, ReadsMetaModelsAndRows) {
  TempDir dir;
  dir.Write("meta.txt", std::string("# comment\n\n") + kValidMeta + "extra.key=a=b, c\n");
  dir.Write("gemm.csv", GemmCsv("1,3072,1024,bf16,qkv,5,6,6.5,7,8,0.5,100,0.1,0.01\n"
                                "16,3072,1024,bf16,qkv,7,8,8,9,9,0.4,120,1.2,0.1\n"));
  dir.Write("notes.txt", "unknown files are ignored");
  const Bundle b = ReadBundle(dir.path());
  EXPECT_EQ(b.Meta("schema_version"), "1");
  EXPECT_EQ(b.Meta("extra.key"), "a=b, c");  // the value is everything after the first '='
  ASSERT_EQ(b.models.size(), 1u);
  EXPECT_EQ(b.models[0].name, "tiny");
  EXPECT_EQ(b.models[0].kv_heads, 2);
  EXPECT_EQ(b.models[0].source, "hand-written");
  const BundleTable* gemm = b.Find(BundleFamily::kGemm);
  ASSERT_NE(gemm, nullptr);
  ASSERT_EQ(gemm->rows.size(), 2u);
  EXPECT_EQ(gemm->rows[1].line, 3);
  EXPECT_EQ(gemm->rows[1].numbers[gemm->KeyIndex("m")], 16);
  EXPECT_EQ(gemm->rows[1].key[gemm->KeyIndex("dtype")], "bf16");
  EXPECT_EQ(gemm->rows[0].stats.median_us, 6);
  EXPECT_EQ(gemm->rows[0].stats.p90_us, 7);
  EXPECT_EQ(gemm->rows[0].stats.repeats, 100);
  EXPECT_EQ(b.Find(BundleFamily::kMlpOps), nullptr);
}

TEST(BundleReader, ImporterFamiliesMayLeaveP90StdAndRepeatsEmpty) {
  TempDir dir;
  dir.Write("meta.txt", kValidMeta);
  dir.Write("mlp_ops.csv", std::string("model,op,num_tokens,tp,dtype,") + kStatsHeader + "\n" +
                               "tiny,attn_pre_proj,8,1,bf16,5,6,6,,7,,\n"
                               "tiny,\"new,op\",8,1,bf16,5,6,6,,7,,\n");  // unknown op: ignored
  const Bundle b = ReadBundle(dir.path());
  const BundleTable* t = b.Find(BundleFamily::kMlpOps);
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->ignored_rows, 1u);
  EXPECT_TRUE(std::isnan(t->rows[0].stats.p90_us));
  EXPECT_EQ(t->rows[0].stats.repeats, 0);
}

TEST(BundleReader, RefusesUnknownSchemaVersion) {
  TempDir dir;
  std::string meta = kValidMeta;
  meta.replace(meta.find("schema_version=1"), 16, "schema_version=2");
  dir.Write("meta.txt", meta);
  EXPECT_NE(ErrorOf(dir).find("meta.txt:1:1: schema_version: unknown schema version '2'; "
                              "expected 1"),
            std::string::npos)
      << ErrorOf(dir);
}

TEST(BundleReader, RefusesIncompleteBundlesAndMissingKeys) {
  TempDir dir;
  std::string meta = kValidMeta;
  meta.replace(meta.find("status=complete"), 15, "status=incomplete");
  meta.erase(meta.find("gpu.name="), std::string("gpu.name=Test GPU\n").size());
  dir.Write("meta.txt", meta);
  const std::string error = ErrorOf(dir);
  EXPECT_NE(error.find("meta.txt:2:1: status: 'incomplete'; expected complete"), std::string::npos)
      << error;
  EXPECT_NE(error.find("gpu.name: missing"), std::string::npos) << error;
}

TEST(BundleReader, RefusesMalformedAndRepeatedMetaLines) {
  TempDir dir;
  dir.Write("meta.txt", std::string(kValidMeta) + "no equals sign\nBad-Key=1\ntool=again\n");
  const std::string error = ErrorOf(dir);
  EXPECT_NE(error.find("meta.txt:8:1: malformed line 'no equals sign'; expected key=value"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("meta.txt:9:1: malformed line 'Bad-Key=1'"), std::string::npos) << error;
  EXPECT_NE(error.find("meta.txt:10:1: tool: repeated key (first at line 3)"), std::string::npos)
      << error;
}

TEST(BundleReader, RefusesMissingMeta) {
  TempDir dir;
  dir.Write("gemm.csv", GemmCsv(""));
  EXPECT_NE(ErrorOf(dir).find("meta.txt: cannot read"), std::string::npos) << ErrorOf(dir);
}

TEST(BundleReader, RefusesMissingAndRepeatedColumns) {
  TempDir dir;
  dir.Write("meta.txt", kValidMeta);
  dir.Write("gemm.csv", "m,n,k,dtype,min_us,mean_us,p90_us,max_us,std_us,repeats\n");
  dir.Write("launch.csv", "op,op,min_us\n");
  const std::string error = ErrorOf(dir);
  EXPECT_NE(error.find("gemm.csv:1:1: median_us: missing column; expected gemm.csv to have it"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("launch.csv:1:4: op: repeated column"), std::string::npos) << error;
}

TEST(BundleReader, RefusesMalformedRowsWithTheirPosition) {
  TempDir dir;
  dir.Write("meta.txt", kValidMeta);
  dir.Write("gemm.csv", GemmCsv("1,3072,1024,bf16,qkv,5,6,6,7,8,0.5,10,0,0\n"    // line 2: fine
                                "2,3072,1024,bf16,qkv,5,abc,6,7,8,0.5,10,0,0\n"  // 3: not a number
                                "4,3072,1024,bf16,qkv,5,6,6,7,8,0.5,0,0,0\n"     // 4: repeats 0
                                "8,3072,1024,bf16,qkv,5,9,6,7,8,0.5,10,0,0\n"    // 5: median > p90
                                "16,3072,1024,int4,qkv,5,6,6,7,8,0.5,10,0,0\n"   // 6: dtype
                                "1,3072,1024,bf16,qkv,5,6,6,7,8,0.5,10,0,0\n"    // 7: repeated key
                                "32,3072,1024,bf16,qkv,5,6,6,7,8\n"              // 8: short row
                                "64,3072,1024,bf16,qkv,5,-6,6,7,8,0.5,10,0,0\n"  // 9: negative
                                "x,3072,1024,bf16,qkv,5,6,6,7,8,0.5,10,0,0\n"    // 10: key
                                "128,3072,1024,bf16,qkv,5,6,6,,8,,,0,0\n"));     // 11: empty stats
  const std::string e = ErrorOf(dir);
  const std::string file = (dir.dir() / "gemm.csv").string();
  for (const std::string& expected : std::vector<std::string>{
           file + ":3:24: median_us: 'abc' is not a non-negative number; expected microseconds",
           file + ":4:36: repeats: '0'; expected an integer >= 1",
           file + ":5:24: median_us: statistics out of order",
           file + ":6:14: dtype: 'int4'; expected bf16 or fp8",
           file + ":7:1: repeated key (first at line 2); expected one row per key",
           file + ":8:1: 10 cells; expected 14 as in the header",
           file + ":9:25: median_us: '-6' is not a non-negative number",
           file + ":10:1: m: 'x'; expected a non-negative integer",
           file + ":11:30: p90_us: '' is not a non-negative number",
       }) {
    EXPECT_NE(e.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n" << e;
  }
  EXPECT_EQ(e.find(file + ":2:"), std::string::npos) << e;
}

TEST(BundleReader, RefusesUnterminatedQuotes) {
  TempDir dir;
  dir.Write("meta.txt", kValidMeta);
  dir.Write("launch.csv", std::string("op,kernels_per_sample,") + kStatsHeader +
                              ",us_per_kernel\n\"host_launch,100,1,1,1,1,1,0,5,0.01\n");
  EXPECT_NE(ErrorOf(dir).find("launch.csv:2:1: unterminated quoted cell"), std::string::npos)
      << ErrorOf(dir);
}

TEST(BundleReader, AcceptsExponentsQuotesAndCrLf) {
  TempDir dir;
  dir.Write("meta.txt", kValidMeta);
  dir.Write("launch.csv", std::string("op,kernels_per_sample,") + kStatsHeader +
                              ",us_per_kernel\r\n\"host_launch\",100,1e2,1.5e2,2e2,2e2,3e2,0,5,"
                              "1.5\r\n");
  const Bundle b = ReadBundle(dir.path());
  ASSERT_EQ(b.Find(BundleFamily::kLaunch)->rows.size(), 1u);
  EXPECT_EQ(b.Find(BundleFamily::kLaunch)->rows[0].stats.median_us, 150);
}

TEST(BundleReader, RefusesAFolderThatIsNotThere) {
  EXPECT_THROW(ReadBundle("/nonexistent/bundle"), ConfigError);
}

}  // namespace
}  // namespace gpuplan
