// The contract between gpuplan-calibrate and the simulator (docs/calibration-format.md): a bundle
// written with calibrate's host writers, row by row the way the CUDA program's families write
// theirs, reads back through the simulator's reader with every value intact. Values are
// hand-chosen; names on the reading side are spelled as the format document spells them, so a
// change to the shared schema (calibrate/harness/bundle_schema.h) that changes the files on disk
// fails here.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "calibrate/build_info.h"
#include "calibrate/dtype.h"
#include "calibrate/families/csv_columns.h"
#include "calibrate/harness/bundle_schema.h"
#include "calibrate/harness/csv.h"
#include "calibrate/harness/meta.h"
#include "calibrate/harness/stats.h"
#include "calibrate/models.h"
#include "calibrate/sweep.h"
#include "sim/bundle/bundle.h"
#include "sim/bundle/bundle_csv.h"
#include "sim/calibration/bundle_check.h"
#include "sim/core/error.h"
#include "tests/common/temp_dir.h"

namespace gpuplan {
namespace {

namespace cal = calibrate;
namespace bs = bundle_schema;
using testing::TempDir;

// ---- The hand-chosen bundle ----

cal::Stats Timing(double min, double median, double mean, double p90, double max, double std,
                  int repeats) {
  return {min, median, mean, p90, max, std, repeats};
}

// Upper case and '-' in the name: the meta key lowercases it and turns '-' into '_'. The source
// holds a comma: it is the last field and runs to the end of the line.
cal::ModelShape Model() {
  return {"Llama-3.1-8B", 4096, 32, 8, 128, 14336, 128256, 32, "meta-llama/Llama-3.1-8B, config"};
}

struct CeilingInput {
  std::string ceiling;
  std::string size;
  cal::Stats stats;
  double value;
  std::string unit;
};

const std::vector<CeilingInput>& Ceilings() {
  static const std::vector<CeilingInput> rows = {
      {std::string(bs::kCeilingCopyD2d), "1073741824",
       Timing(712.125, 713.5, 713.75, 714.25, 716.5, 1.25, 40), 3012.3, "GB/s"},
      {std::string(bs::kCeilingGemmBf16), "8192x8192x8192",
       Timing(1375.5, 1377.25, 1377.5, 1379.0, 1380.75, 1.5, 12), 798.8, "TFLOP/s"}};
  return rows;
}

struct GemmInput {
  int64_t m, n, k;
  cal::Dtype dtype;
  std::string op;
  cal::Stats stats;
  double tflops, fraction_of_peak;
};

const std::vector<GemmInput>& Gemms() {
  using cal::Dtype;
  static const std::vector<GemmInput> rows = {
      {1, 6144, 4096, Dtype::kBf16, "qkv", Timing(11.25, 11.5, 11.625, 12, 12.5, 0.25, 200), 4.38,
       0.0055},
      {64, 6144, 4096, Dtype::kBf16, "qkv", Timing(12.75, 13, 13.125, 13.5, 14.25, 0.375, 150),
       247.79, 0.3102},
      {64, 28672, 4096, Dtype::kFp8, "gate_up", Timing(31.5, 32.125, 32.25, 33, 34.75, 0.5, 100),
       467.92, 0.2981}};
  return rows;
}

struct DecodeInput {
  cal::DecodeCase c;
  int num_splits;
  cal::Stats stats;
  double gbps, fraction_of_copy_bw;
};

const std::vector<DecodeInput>& Decodes() {
  static const std::vector<DecodeInput> rows = {
      {{32, 4096, 32, 8, 128, cal::Dtype::kFp8, 16},
       4,
       Timing(101.25, 102.5, 102.625, 103.75, 105, 0.875, 60),
       2641.2,
       0.8768},
      {{32, 8192, 32, 8, 128, cal::Dtype::kBf16, 16},
       8,
       Timing(371.5, 372.25, 372.5, 373, 375.125, 0.625, 30),
       2886.9,
       0.9584}};
  return rows;
}

struct ElementwiseInput {
  cal::ElementwiseCase c;
  cal::Stats stats;
  double gbps, fraction_of_copy_bw;
};

const std::vector<ElementwiseInput>& Elementwise() {
  using cal::ElementwiseOp;
  static const std::vector<ElementwiseInput> rows = {
      {{ElementwiseOp::kRmsNorm, 256, 4096, 0, cal::Dtype::kBf16, 16},
       Timing(3.125, 3.25, 3.375, 3.5, 4, 0.125, 500),
       1293.1,
       0.4293},
      {{ElementwiseOp::kRope, 256, 6144, 128, cal::Dtype::kBf16, 16},
       Timing(4.5, 4.75, 4.875, 5.25, 6.125, 0.25, 400),
       1332.7,
       0.4424},
      {{ElementwiseOp::kKvCacheWrite, 256, 1024, 128, cal::Dtype::kFp8, 16},
       Timing(2.625, 2.75, 2.875, 3, 3.5, 0.125, 500),
       572.1,
       0.1899}};
  return rows;
}

// ---- Writing, with calibrate's writers only ----

// meta.txt as gpuplan-calibrate writes it at the end of a run.
cal::Meta BundleMeta(std::string_view status) {
  cal::Meta meta;
  meta.Set(bs::kKeySchemaVersion, bs::kSchemaVersion);
  meta.Set(bs::kKeyStatus, status);
  meta.Set(bs::kKeyTool, bs::kToolCalibrate);
  meta.Set(bs::kKeyToolVersion, cal::CalibrateVersion());
  meta.Set(bs::kKeyCreatedUtc, "2026-11-21T10:11:31Z");
  meta.Set(bs::kKeyGpuName, "NVIDIA H100 80GB HBM3");
  meta.Set(cal::ModelMetaKey(Model().name), cal::ModelMetaValue(Model()));
  meta.Set(bs::kKeyCeilingCopyGbps, 3012.34, 1);
  meta.Set(bs::kKeyCeilingGemmTflopsBf16, 798.76, 1);
  meta.Set(std::string(bs::kKeyPrefixRows) + std::string(bs::kGemm.stem),
           static_cast<int64_t>(Gemms().size()));
  meta.Set(std::string(bs::kKeyPrefixNote) + "1", "gemm: fp8 left out at m=1, no algorithm");
  return meta;
}

void WriteCalibrateBundle(const std::filesystem::path& dir, std::string_view status) {
  cal::WriteMetaFile(dir / bs::kMetaFile, BundleMeta(status));

  cal::CsvFile ceilings(dir / bs::FileName(bs::kCeilings), cal::BundleColumns(bs::kCeilings));
  for (const CeilingInput& in : Ceilings()) {
    cal::CsvRow row;
    row.Add(in.ceiling).Add(in.size).AddStats(in.stats).Add(in.value, 1).Add(in.unit);
    ceilings.Write(row);
  }

  cal::CsvFile gemm(dir / bs::FileName(bs::kGemm), cal::BundleColumns(bs::kGemm));
  for (const GemmInput& in : Gemms()) {
    cal::CsvRow row;
    row.Add(in.m).Add(in.n).Add(in.k).Add(cal::DtypeName(in.dtype)).Add(in.op).AddStats(in.stats);
    row.Add(in.tflops, 2).Add(in.fraction_of_peak, 4);
    gemm.Write(row);
  }

  cal::CsvFile decode(dir / bs::FileName(bs::kDecodeAttention),
                      cal::BundleColumns(bs::kDecodeAttention));
  for (const DecodeInput& in : Decodes()) {
    const cal::DecodeCase& c = in.c;
    cal::CsvRow row;
    row.Add(c.batch).Add(c.kv_len).Add(c.q_heads).Add(c.kv_heads).Add(c.head_dim);
    row.Add(cal::DtypeName(c.kv_dtype)).Add(c.block_size).Add(in.num_splits).AddStats(in.stats);
    row.Add(in.gbps, 1).Add(in.fraction_of_copy_bw, 4);
    decode.Write(row);
  }

  cal::CsvFile elementwise(dir / bs::FileName(bs::kElementwise),
                           cal::BundleColumns(bs::kElementwise));
  for (const ElementwiseInput& in : Elementwise()) {
    const cal::ElementwiseCase& c = in.c;
    cal::CsvRow row;
    row.Add(cal::ElementwiseOpName(c.op)).Add(c.tokens).Add(c.hidden).Add(cal::DtypeName(c.dtype));
    row.AddStats(in.stats).Add(in.gbps, 1).Add(in.fraction_of_copy_bw, 4);
    elementwise.Write(row);
  }
}

// ---- Reading, with the simulator's reader ----

// The simulator's CSV parse of one file (for the columns ReadBundle does not keep).
CsvDocument ParseFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  Diagnostics diags;
  CsvDocument doc = ParseCsv(text.str(), path.string(), diags);
  EXPECT_TRUE(diags.empty()) << path;
  return doc;
}

std::string HeaderOf(const CsvDocument& doc) {
  std::string header;
  for (const CsvCell& cell : doc.header.cells) header += (header.empty() ? "" : ",") + cell.text;
  return header;
}

// The cell of `column` in data row `row` (0-based), "" when there is none.
std::string Cell(const CsvDocument& doc, size_t row, std::string_view column) {
  for (size_t i = 0; i < doc.header.cells.size(); ++i) {
    if (doc.header.cells[i].text == column && row < doc.rows.size() &&
        i < doc.rows[row].cells.size()) {
      return doc.rows[row].cells[i].text;
    }
  }
  return "";
}

void ExpectStats(const TimingStats& read, const cal::Stats& written) {
  EXPECT_DOUBLE_EQ(read.min_us, written.min_us);
  EXPECT_DOUBLE_EQ(read.median_us, written.median_us);
  EXPECT_DOUBLE_EQ(read.mean_us, written.mean_us);
  EXPECT_DOUBLE_EQ(read.p90_us, written.p90_us);
  EXPECT_DOUBLE_EQ(read.max_us, written.max_us);
  EXPECT_DOUBLE_EQ(read.std_us, written.std_us);
  EXPECT_EQ(read.repeats, written.repeats);
}

int64_t Number(const BundleTable& t, const BundleRow& row, std::string_view column) {
  return row.numbers[t.KeyIndex(column)];
}

std::string Text(const BundleTable& t, const BundleRow& row, std::string_view column) {
  return row.key[t.KeyIndex(column)];
}

std::string ErrorOf(const std::string& dir) {
  try {
    ReadBundle(dir);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(BundleContract, CalibrateWritesWhatTheSimulatorReads) {
  TempDir dir;
  WriteCalibrateBundle(dir.dir(), bs::kStatusComplete);
  const Bundle b = ReadBundle(dir.path());

  // meta.txt, by the names the format document gives them.
  EXPECT_EQ(b.Meta("schema_version"), "1");
  EXPECT_EQ(b.Meta("status"), "complete");
  EXPECT_EQ(b.Meta("tool"), "gpuplan-calibrate");
  EXPECT_EQ(b.Meta("tool_version"), std::string(cal::CalibrateVersion()));
  EXPECT_EQ(b.Meta("created_utc"), "2026-11-21T10:11:31Z");
  EXPECT_EQ(b.Meta("gpu.name"), "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(b.Meta("ceiling.copy_gbps"), "3012.3");
  EXPECT_EQ(b.Meta("ceiling.gemm_tflops.bf16"), "798.8");
  EXPECT_EQ(b.Meta("rows.gemm"), "3");
  EXPECT_EQ(b.Meta("note.1"), "gemm: fp8 left out at m=1, no algorithm");
  ASSERT_NE(b.FindMeta("schema_version"), nullptr);
  EXPECT_EQ(b.FindMeta("schema_version")->line, 2);  // after the writer's comment line
  EXPECT_EQ(b.meta.size(), BundleMeta(bs::kStatusComplete).entries().size());

  // model.<name>
  ASSERT_EQ(b.models.size(), 1u);
  const BundleModel& model = b.models[0];
  EXPECT_EQ(model.name, "llama_3.1_8b");
  EXPECT_EQ(model.hidden, 4096);
  EXPECT_EQ(model.heads, 32);
  EXPECT_EQ(model.kv_heads, 8);
  EXPECT_EQ(model.head_dim, 128);
  EXPECT_EQ(model.intermediate, 14336);
  EXPECT_EQ(model.vocab, 128256);
  EXPECT_EQ(model.source, "meta-llama/Llama-3.1-8B, config");

  // ceilings.csv
  const BundleTable* ceilings = b.Find(BundleFamily::kCeilings);
  ASSERT_NE(ceilings, nullptr);
  ASSERT_EQ(ceilings->rows.size(), Ceilings().size());
  EXPECT_EQ(ceilings->ignored_rows, 0u);
  EXPECT_EQ(Text(*ceilings, ceilings->rows[0], "ceiling"), "copy_d2d");
  EXPECT_EQ(Text(*ceilings, ceilings->rows[1], "ceiling"), "gemm_bf16");
  for (size_t i = 0; i < Ceilings().size(); ++i) {
    ExpectStats(ceilings->rows[i].stats, Ceilings()[i].stats);
  }

  // gemm.csv
  const BundleTable* gemm = b.Find(BundleFamily::kGemm);
  ASSERT_NE(gemm, nullptr);
  ASSERT_EQ(gemm->rows.size(), Gemms().size());
  for (size_t i = 0; i < Gemms().size(); ++i) {
    SCOPED_TRACE("gemm row " + std::to_string(i));
    const BundleRow& row = gemm->rows[i];
    const GemmInput& in = Gemms()[i];
    EXPECT_EQ(row.line, static_cast<int>(i) + 2);
    EXPECT_EQ(Number(*gemm, row, "m"), in.m);
    EXPECT_EQ(Number(*gemm, row, "n"), in.n);
    EXPECT_EQ(Number(*gemm, row, "k"), in.k);
    ExpectStats(row.stats, in.stats);
  }
  EXPECT_EQ(Text(*gemm, gemm->rows[0], "dtype"), "bf16");
  EXPECT_EQ(Text(*gemm, gemm->rows[2], "dtype"), "fp8");

  // decode_attention.csv
  const BundleTable* decode = b.Find(BundleFamily::kDecodeAttention);
  ASSERT_NE(decode, nullptr);
  ASSERT_EQ(decode->rows.size(), Decodes().size());
  for (size_t i = 0; i < Decodes().size(); ++i) {
    SCOPED_TRACE("decode row " + std::to_string(i));
    const BundleRow& row = decode->rows[i];
    const cal::DecodeCase& c = Decodes()[i].c;
    EXPECT_EQ(Number(*decode, row, "batch"), c.batch);
    EXPECT_EQ(Number(*decode, row, "kv_len"), c.kv_len);
    EXPECT_EQ(Number(*decode, row, "q_heads"), c.q_heads);
    EXPECT_EQ(Number(*decode, row, "kv_heads"), c.kv_heads);
    EXPECT_EQ(Number(*decode, row, "head_dim"), c.head_dim);
    EXPECT_EQ(Number(*decode, row, "block_size"), c.block_size);
    ExpectStats(row.stats, Decodes()[i].stats);
  }
  EXPECT_EQ(Text(*decode, decode->rows[0], "kv_dtype"), "fp8");
  EXPECT_EQ(Text(*decode, decode->rows[1], "kv_dtype"), "bf16");

  // elementwise.csv
  const BundleTable* elementwise = b.Find(BundleFamily::kElementwise);
  ASSERT_NE(elementwise, nullptr);
  ASSERT_EQ(elementwise->rows.size(), Elementwise().size());
  EXPECT_EQ(elementwise->ignored_rows, 0u);  // the reader knows every op calibrate writes
  for (size_t i = 0; i < Elementwise().size(); ++i) {
    SCOPED_TRACE("elementwise row " + std::to_string(i));
    const BundleRow& row = elementwise->rows[i];
    const cal::ElementwiseCase& c = Elementwise()[i].c;
    EXPECT_EQ(Number(*elementwise, row, "tokens"), c.tokens);
    EXPECT_EQ(Number(*elementwise, row, "hidden"), c.hidden);
    ExpectStats(row.stats, Elementwise()[i].stats);
  }
  EXPECT_EQ(Text(*elementwise, elementwise->rows[0], "op"), "rms_norm");
  EXPECT_EQ(Text(*elementwise, elementwise->rows[1], "op"), "rope");
  EXPECT_EQ(Text(*elementwise, elementwise->rows[2], "op"), "kv_cache_write");
  EXPECT_EQ(Text(*elementwise, elementwise->rows[0], "dtype"), "bf16");
  EXPECT_EQ(Text(*elementwise, elementwise->rows[2], "dtype"), "fp8");

  // Families calibrate did not write are absent, not empty.
  EXPECT_EQ(b.Find(BundleFamily::kLaunch), nullptr);
  EXPECT_EQ(b.Find(BundleFamily::kPrefillAttention), nullptr);
  EXPECT_EQ(b.Find(BundleFamily::kMlpOps), nullptr);

  // The validator's extra rules for gpuplan-calibrate bundles (ceilings, units, series) pass.
  const BundleCheck check = CheckBundle(b, BundleCheckOptions{});
  EXPECT_TRUE(check.errors.empty()) << check.errors.front();
  EXPECT_TRUE(check.warnings.empty()) << check.warnings.front();
}

// The columns ReadBundle does not keep (informational and derived) and the exact headers: the
// column order of docs/calibration-format.md, section 4.
TEST(BundleContract, HeadersAndExtraColumnsAreAsDocumented) {
  TempDir dir;
  WriteCalibrateBundle(dir.dir(), bs::kStatusComplete);
  const std::string stats = "min_us,median_us,mean_us,p90_us,max_us,std_us,repeats";

  const CsvDocument ceilings = ParseFile(dir.dir() / "ceilings.csv");
  EXPECT_EQ(HeaderOf(ceilings), "ceiling,size," + stats + ",value,unit");
  ASSERT_EQ(ceilings.rows.size(), Ceilings().size());
  EXPECT_EQ(Cell(ceilings, 0, "size"), "1073741824");
  EXPECT_EQ(Cell(ceilings, 0, "value"), "3012.3");
  EXPECT_EQ(Cell(ceilings, 0, "unit"), "GB/s");
  EXPECT_EQ(Cell(ceilings, 1, "size"), "8192x8192x8192");
  EXPECT_EQ(Cell(ceilings, 1, "unit"), "TFLOP/s");

  const CsvDocument gemm = ParseFile(dir.dir() / "gemm.csv");
  EXPECT_EQ(HeaderOf(gemm), "m,n,k,dtype,op," + stats + ",tflops,fraction_of_peak");
  ASSERT_EQ(gemm.rows.size(), Gemms().size());
  EXPECT_EQ(Cell(gemm, 0, "op"), "qkv");
  EXPECT_EQ(Cell(gemm, 2, "op"), "gate_up");
  EXPECT_EQ(Cell(gemm, 1, "tflops"), "247.79");
  EXPECT_EQ(Cell(gemm, 1, "fraction_of_peak"), "0.3102");
  EXPECT_EQ(Cell(gemm, 1, "median_us"), "13.000");  // times with 3 decimals

  const CsvDocument decode = ParseFile(dir.dir() / "decode_attention.csv");
  EXPECT_EQ(HeaderOf(decode),
            "batch,kv_len,q_heads,kv_heads,head_dim,kv_dtype,block_size,"
            "num_splits," +
                stats + ",gbps,fraction_of_copy_bw");
  ASSERT_EQ(decode.rows.size(), Decodes().size());
  EXPECT_EQ(Cell(decode, 0, "num_splits"), "4");
  EXPECT_EQ(Cell(decode, 1, "num_splits"), "8");
  EXPECT_EQ(Cell(decode, 0, "gbps"), "2641.2");
  EXPECT_EQ(Cell(decode, 0, "fraction_of_copy_bw"), "0.8768");

  const CsvDocument elementwise = ParseFile(dir.dir() / "elementwise.csv");
  EXPECT_EQ(HeaderOf(elementwise), "op,tokens,hidden,dtype," + stats + ",gbps,fraction_of_copy_bw");
  ASSERT_EQ(elementwise.rows.size(), Elementwise().size());
  EXPECT_EQ(Cell(elementwise, 2, "gbps"), "572.1");
  EXPECT_EQ(Cell(elementwise, 2, "fraction_of_copy_bw"), "0.1899");
  EXPECT_EQ(Cell(elementwise, 2, "repeats"), "500");

  // The families gpuplan-calibrate writes but this bundle does not hold.
  EXPECT_EQ(cal::BundleColumns(bs::kLaunch),
            (std::vector<std::string>{"op", "kernels_per_sample", "min_us", "median_us", "mean_us",
                                      "p90_us", "max_us", "std_us", "repeats", "us_per_kernel"}));
  EXPECT_EQ(
      cal::BundleColumns(bs::kPrefillAttention),
      (std::vector<std::string>{"batch", "q_len", "kv_len", "q_heads", "kv_heads", "head_dim",
                                "dtype", "causal", "min_us", "median_us", "mean_us", "p90_us",
                                "max_us", "std_us", "repeats", "tflops", "fraction_of_peak"}));
}

TEST(BundleContract, ARunStoppedPartWayIsRefused) {
  TempDir dir;
  WriteCalibrateBundle(dir.dir(), bs::kStatusIncomplete);
  const std::string error = ErrorOf(dir.path());
  // Line 1 is the writer's comment, schema_version line 2, status line 3.
  EXPECT_NE(error.find("meta.txt:3:1: status: 'incomplete'; expected complete"), std::string::npos)
      << error;
}

TEST(BundleContract, RowsTheReaderMustRejectAreRefusedWithTheirPosition) {
  TempDir dir;
  WriteCalibrateBundle(dir.dir(), bs::kStatusComplete);
  // Append two rows the way calibrate's writers would: a negative time (line 5 of gemm.csv) and
  // a dtype outside bf16 and fp8 (line 5 of elementwise.csv).
  {
    cal::CsvFile gemm(dir.dir() / "gemm.csv", cal::BundleColumns(bs::kGemm));
    for (const GemmInput& in : Gemms()) {
      cal::CsvRow row;
      row.Add(in.m).Add(in.n).Add(in.k).Add(cal::DtypeName(in.dtype)).Add(in.op);
      row.AddStats(in.stats).Add(in.tflops, 2).Add(in.fraction_of_peak, 4);
      gemm.Write(row);
    }
    cal::CsvRow bad;
    bad.Add(int64_t{128}).Add(int64_t{6144}).Add(int64_t{4096}).Add("bf16").Add("qkv");
    bad.AddStats(Timing(-1.5, 20, 20, 20, 20, 0, 10)).Add(0.0, 2).Add(0.0, 4);
    gemm.Write(bad);
  }
  {
    cal::CsvFile elementwise(dir.dir() / "elementwise.csv", cal::BundleColumns(bs::kElementwise));
    for (const ElementwiseInput& in : Elementwise()) {
      cal::CsvRow row;
      row.Add(cal::ElementwiseOpName(in.c.op)).Add(in.c.tokens).Add(in.c.hidden);
      row.Add(cal::DtypeName(in.c.dtype)).AddStats(in.stats).Add(in.gbps, 1);
      row.Add(in.fraction_of_copy_bw, 4);
      elementwise.Write(row);
    }
    cal::CsvRow bad;
    bad.Add("rms_norm").Add(512).Add(4096).Add("fp16");
    bad.AddStats(Timing(5, 5.5, 5.5, 6, 6.5, 0.25, 100)).Add(1500.0, 1).Add(0.5, 4);
    elementwise.Write(bad);
  }
  const std::string error = ErrorOf(dir.path());
  // "128,6144,4096,bf16,qkv," is 23 characters: min_us starts in column 24.
  EXPECT_NE(error.find("gemm.csv:5:24: min_us: '-1.500' is not a non-negative number; "
                       "expected microseconds"),
            std::string::npos)
      << error;
  // "rms_norm,512,4096," is 18 characters: dtype starts in column 19.
  EXPECT_NE(error.find("elementwise.csv:5:19: dtype: 'fp16'; expected bf16 or fp8"),
            std::string::npos)
      << error;
}

}  // namespace
}  // namespace gpuplan
