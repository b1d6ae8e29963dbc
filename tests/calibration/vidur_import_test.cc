// The Vidur importer on a hand-made copy of Vidur's layout: ms -> us, provenance, repeated
// keys, rank filtering, and a bundle that reads back as written.
#include "sim/calibration/vidur_import.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "sim/bundle/bundle_writer.h"
#include "sim/core/error.h"
#include "tests/bundle/bundle_fixtures.h"

namespace gpuplan {
namespace {

using testing::TempDir;

// One mlp.csv row: every op's (min, max, mean, median, std) in ms derived from `median_ms`.
std::string VidurMlpRow(int tokens, int tp, double median_ms) {
  std::string row;
  for (int op = 0; op < 10; ++op) {
    const double m = median_ms * (op + 1);
    row += fmt::format("{},{},{},{},{},", 0.9 * m, 1.2 * m, 1.05 * m, m, 0.01 * m);
  }
  return row + fmt::format("32,8,4096,14336,128256,True,{},{}\n", tokens, tp);
}

std::string VidurMlpHeader() {
  std::string header;
  for (const char* op :
       {"emb", "input_layernorm", "attn_pre_proj", "attn_rope", "attn_post_proj",
        "post_attention_layernorm", "mlp_up_proj", "mlp_act", "mlp_down_proj", "add"}) {
    for (const char* stat : {"min", "max", "mean", "median", "std"}) {
      header += fmt::format("time_stats.{}.{},", op, stat);
    }
  }
  return header +
         "n_head,n_kv_head,n_embd,n_expanded_embd,vocab_size,use_gated_mlp,num_tokens,"
         "num_tensor_parallel_workers\n";
}

std::string NetworkCsv(const std::string& coll) {
  return fmt::format(
             ",time_stats.{0}.min,time_stats.{0}.max,time_stats.{0}.mean,time_stats.{0}.median,"
             "time_stats.{0}.std,rank,num_workers,size,collective,devices_per_node,"
             "max_devices_per_node\n",
             coll) +
         fmt::format(
             "0,0.01,0.03,0.02,0.02,0.001,0,2,2048,{0},2,8\n"
             "1,0.01,0.03,0.02,0.021,0.001,1,2,2048,{0},2,8\n"  // rank 1: skipped
             "2,0.01,0.03,0.02,0.025,0.001,0,2,2048,{0},2,8\n"  // repeated key
             "3,0.1,0.3,0.2,0.2,0.01,0,2,1048576,{0},2,8\n",
             coll);
}

void WriteVidur(const TempDir& dir) {
  dir.Write("vidur/compute/a100/meta-llama/Meta-Llama-3-8B/mlp.csv",
            VidurMlpHeader() + VidurMlpRow(1, 1, 0.01) + VidurMlpRow(8, 1, 0.02) +
                VidurMlpRow(8, 1, 0.03) + VidurMlpRow(8, 2, 0.015));
  dir.Write("vidur/network/a100_dgx/all_reduce.csv", NetworkCsv("all_reduce"));
  dir.Write("vidur/network/a100_dgx/send_recv.csv", NetworkCsv("send_recv"));
}

VidurImportRequest Request(const TempDir& dir) {
  return {(dir.dir() / "vidur").string(), "a100", "meta-llama/Meta-Llama-3-8B", "9.9",
          "2026-11-21T00:00:00Z"};
}

TEST(VidurImport, ConvertsMillisecondsAndKeepsProvenance) {
  TempDir dir;
  WriteVidur(dir);
  const Bundle b = ImportVidur(Request(dir));
  EXPECT_EQ(b.Meta("tool"), "vidur-import");
  EXPECT_EQ(b.Meta("tool_version"), "9.9");
  EXPECT_EQ(b.Meta("source.repo"), "microsoft/vidur");
  EXPECT_EQ(b.Meta("source.commit"), "7d475133");
  EXPECT_NE(b.Meta("source.license").find("MIT"), std::string::npos);
  EXPECT_NE(b.Meta("source.compute").find("compute/a100/meta-llama/Meta-Llama-3-8B/mlp.csv"),
            std::string::npos);
  ASSERT_EQ(b.models.size(), 1u);
  EXPECT_EQ(b.models[0].name, "meta_llama_3_8b");
  EXPECT_EQ(b.models[0].head_dim, 128);  // 4096 / 32
  EXPECT_EQ(b.models[0].intermediate, 14336);
  const BundleTable* mlp = b.Find(BundleFamily::kMlpOps);
  ASSERT_NE(mlp, nullptr);
  // 3 distinct (tokens, tp) pairs x 10 ops; the repeated (8, 1) keeps its first row.
  ASSERT_EQ(mlp->rows.size(), 30u);
  // attn_pre_proj is the third op: median = 0.02 ms x 3 at (8, 1) = 60 us.
  const BundleRow* pre = nullptr;
  for (const BundleRow& r : mlp->rows) {
    if (r.key[1] == "attn_pre_proj" && r.key[2] == "8" && r.key[3] == "1") pre = &r;
  }
  ASSERT_NE(pre, nullptr);
  EXPECT_NEAR(pre->stats.median_us, 60, 1e-9);
  EXPECT_NEAR(pre->stats.max_us, 72, 1e-9);
  EXPECT_TRUE(std::isnan(pre->stats.p90_us));
  EXPECT_EQ(pre->stats.repeats, 0);
  EXPECT_NE(b.Meta("note.1").find("1 (num_tokens, tp) pairs twice"), std::string::npos);
  const BundleTable* ar = b.Find(BundleFamily::kAllReduce);
  ASSERT_NE(ar, nullptr);
  ASSERT_EQ(ar->rows.size(), 2u);  // rank 1 and the repeated key left out
  EXPECT_NEAR(ar->rows[0].stats.median_us, 20, 1e-9);
  EXPECT_EQ(ar->rows[0].key, (std::vector<std::string>{"2048", "2", "2", "a100_dgx"}));
}

TEST(VidurImport, WrittenBundleReadsBack) {
  TempDir dir;
  WriteVidur(dir);
  const Bundle b = ImportVidur(Request(dir));
  const std::string out = (dir.dir() / "bundle").string();
  WriteBundle(b, out, false);
  EXPECT_THROW(WriteBundle(b, out, false), Error);  // refuses to overwrite without force
  const Bundle back = ReadBundle(out);
  ASSERT_EQ(back.tables.size(), b.tables.size());
  for (size_t t = 0; t < b.tables.size(); ++t) {
    ASSERT_EQ(back.tables[t].rows.size(), b.tables[t].rows.size());
    for (size_t i = 0; i < b.tables[t].rows.size(); ++i) {
      EXPECT_EQ(back.tables[t].rows[i].key, b.tables[t].rows[i].key);
      EXPECT_NEAR(back.tables[t].rows[i].stats.median_us, b.tables[t].rows[i].stats.median_us,
                  0.0005);
    }
  }
  EXPECT_EQ(back.Meta("rows.mlp_ops"), "30");
  ASSERT_EQ(back.models.size(), 1u);
  EXPECT_EQ(back.models[0].vocab, 128256);
}

TEST(VidurImport, MissingSourceIsAConfigError) {
  TempDir dir;
  EXPECT_THROW(ImportVidur(Request(dir)), ConfigError);
}

TEST(BundleWriter, FormatsMicrosecondsWithAtMostThreeDecimals) {
  EXPECT_EQ(FormatMicros(247.00000000000003), "247");
  EXPECT_EQ(FormatMicros(0.1234), "0.123");
  EXPECT_EQ(FormatMicros(12.5), "12.5");
  EXPECT_EQ(FormatMicros(0), "0");
}

TEST(BundleModelName, LowercasesAndReplaces) {
  EXPECT_EQ(BundleModelName("Llama-2-70b-hf"), "llama_2_70b_hf");
  EXPECT_EQ(BundleModelName("Meta-Llama-3.1-8B"), "meta_llama_3.1_8b");
}

}  // namespace
}  // namespace gpuplan
