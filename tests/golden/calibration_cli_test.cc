// `gpuplan calibration ...` end to end through RunApp: exit codes on both sides of the diff
// tolerance, validation failures, bad input, and the shipped bundles.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "sim/cli/app.h"
#include "tests/bundle/bundle_fixtures.h"

namespace gpuplan {
namespace {

using testing::kStatsHeader;
using testing::kValidMeta;
using testing::TempDir;

struct Result {
  int code;
  std::string out, err;
};

Result RunCli(std::vector<std::string> args) {
  std::ostringstream out, err;
  args.insert(args.begin(), "calibration");
  const int code = RunApp(args, out, err);
  return {code, out.str(), err.str()};
}

// A bundle whose only op takes `us` at 8 tokens.
void WriteBundle(const TempDir& dir, const std::string& name, const std::string& us) {
  dir.Write(name + "/meta.txt", kValidMeta);
  dir.Write(name + "/mlp_ops.csv", std::string("model,op,num_tokens,tp,dtype,") + kStatsHeader +
                                       "\ntiny,attn_pre_proj,8,1,bf16," + us + "," + us + "," + us +
                                       ",," + us + ",,\n");
}

std::string Source(const std::string& relative) {
  return std::string(GPUPLAN_SOURCE_DIR) + "/" + relative;
}

TEST(CalibrationCli, DiffExitCodesAroundTheTolerance) {
  TempDir dir;
  WriteBundle(dir, "a", "100");
  WriteBundle(dir, "at", "105");       // +5.00%: not drift at 5%
  WriteBundle(dir, "past", "105.01");  // +5.01%: drift
  const std::string a = (dir.dir() / "a").string();
  const Result same = RunCli({"diff", a, (dir.dir() / "at").string(), "--tolerance", "5%"});
  EXPECT_EQ(same.code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("OK: no drift"), std::string::npos);
  const Result drift = RunCli({"diff", a, (dir.dir() / "past").string(), "--tolerance", "5%"});
  EXPECT_EQ(drift.code, 1) << drift.out << drift.err;
  EXPECT_NE(drift.out.find("100.000      105.010     +5.0%  model=tiny op=attn_pre_proj"),
            std::string::npos)
      << drift.out;
  // A looser tolerance accepts the same change.
  EXPECT_EQ(RunCli({"diff", a, (dir.dir() / "past").string(), "--tolerance", "0.06"}).code, 0);
}

TEST(CalibrationCli, DiffBadInputIsExitTwo) {
  TempDir dir;
  WriteBundle(dir, "a", "100");
  const std::string a = (dir.dir() / "a").string();
  EXPECT_EQ(RunCli({"diff", a, (dir.dir() / "missing").string()}).code, 2);
  EXPECT_EQ(RunCli({"diff", a, a, "--tolerance", "lots"}).code, 2);
  dir.Write("bad/meta.txt", "schema_version=7\n");
  const Result bad = RunCli({"diff", a, (dir.dir() / "bad").string()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("meta.txt:1:1: schema_version: unknown schema version '7'"),
            std::string::npos)
      << bad.err;
}

TEST(CalibrationCli, ValidateFlagsMillisecondsAndAcceptsTheShippedBundles) {
  TempDir dir;
  WriteBundle(dir, "ms", "0.02");
  const Result ms = RunCli({"validate", (dir.dir() / "ms").string()});
  EXPECT_EQ(ms.code, 1) << ms.out;
  EXPECT_NE(ms.out.find("was the source in milliseconds?"), std::string::npos) << ms.out;
  const Result h100 =
      RunCli({"validate", Source("configs/calibration/h100_sxm/vidur-llama-2-70b"), "--model",
              "llama-2-70b", "--tp", "1", "2", "4", "8", "--configs", Source("configs")});
  EXPECT_EQ(h100.code, 0) << h100.out << h100.err;
  EXPECT_NE(h100.out.find("coverage: tp 8 qkv_proj           mlp_ops.csv"), std::string::npos)
      << h100.out;
  const Result a100 =
      RunCli({"validate", Source("configs/calibration/a100_80gb_sxm/vidur-llama-3-8b"), "--model",
              "llama-3.1-8b", "--configs", Source("configs")});
  EXPECT_EQ(a100.code, 0) << a100.out << a100.err;
}

TEST(CalibrationCli, ShowPrintsProvenance) {
  const Result show = RunCli({"show", Source("configs/calibration/h100_sxm/vidur-llama-2-70b")});
  EXPECT_EQ(show.code, 0) << show.err;
  EXPECT_NE(show.out.find("source.repo = microsoft/vidur"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("all_reduce.csv:"), std::string::npos);
}

// import-vidur writes its bundle folder as every output folder is written (ADR 0009): an existing
// bundle needs --force, and a forced import replaces the folder whole (no file of the first
// import, or put there by hand, survives); the result reads back as a bundle.
TEST(CalibrationCli, ImportVidurReplacesItsFolderWhole) {
  const std::string vidur = Source("../shared/traces/profiling/vidur");
  if (!std::filesystem::exists(vidur + "/compute/h100/meta-llama/Llama-2-7b-hf")) {
    GTEST_SKIP() << "Vidur profiles not found under " << vidur << " (../shared/traces)";
  }
  TempDir dir;
  const std::string out = (dir.dir() / "bundle").string();
  const std::vector<std::string> import = {
      "import-vidur", "--gpu", "h100", "--model",   "meta-llama/Llama-2-7b-hf", "--vidur",
      vidur,          "--out", out,    "--created", "2026-12-07T00:00:00Z"};
  Result r = RunCli(import);
  ASSERT_EQ(r.code, 0) << r.err;
  r = RunCli(import);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("already holds a bundle; pass --force"), std::string::npos) << r.err;
  dir.Write("bundle/left_by_hand.csv", "x\n");
  std::vector<std::string> forced = import;
  forced.push_back("--force");
  r = RunCli(forced);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.dir() / "bundle" / "left_by_hand.csv"));
  const Result show = RunCli({"show", out});
  EXPECT_EQ(show.code, 0) << show.err;
  EXPECT_NE(show.out.find("source.repo = microsoft/vidur"), std::string::npos) << show.out;
}

TEST(CalibrationCli, SimulatePrintsTheMeasuredShareOfCalibratedRuns) {
  TempDir dir;
  std::ostringstream out, err;
  const int code = RunApp({"simulate", Source("tests/golden/calibrated-llama-2-70b-h100-tp4.yaml"),
                           "--out", dir.path(), "--configs", Source("configs")},
                          out, err);
  ASSERT_EQ(code, 0) << err.str();
  EXPECT_NE(out.str().find("latency    90.6% of the predicted step time came from measured op "
                           "times"),
            std::string::npos)
      << out.str();
}

TEST(CalibrationCli, UnknownSubcommandIsUsage) {
  const Result r = RunCli({"explode"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown calibration subcommand 'explode'"), std::string::npos);
}

// A bundle name is looked up in the catalog --configs names (not in $GPUPLAN_CONFIGS or the
// working directory behind the command line's back): the shipped H100 bundle copied into a
// catalog of its own under another name is found with that --configs and not without it.
TEST(CalibrationCli, BundleNamesComeFromTheCatalogGivenWithConfigs) {
  namespace fs = std::filesystem;
  TempDir dir;
  const fs::path catalog = dir.dir() / "catalog";
  fs::create_directories(catalog / "calibration/h100_sxm");
  for (const char* folder : {"gpus", "models", "engines"}) {
    fs::copy(Source(std::string("configs/") + folder), catalog / folder,
             fs::copy_options::recursive);
  }
  fs::copy(Source("configs/calibration/h100_sxm/vidur-llama-2-70b"),
           catalog / "calibration/h100_sxm/my-bundle", fs::copy_options::recursive);
  const std::string scenario = dir.Write(
      "elsewhere/s.yaml",
      "model: llama-2-70b\ngpu: h100_sxm\nengine: vllm\ndeployment: {tensor_parallel: 4}\n"
      "latency: {kind: calibrated, bundle: my-bundle}\n"
      "workload:\n  arrival: {kind: poisson, rate_per_s: 2}\n"
      "  prompt_tokens: {kind: fixed, tokens: 500}\n  output_tokens: {kind: fixed, tokens: 20}\n"
      "simulation: {num_requests: 20}\n");
  std::ostringstream out, err;
  EXPECT_EQ(RunApp({"simulate", scenario, "--out", (dir.dir() / "run").string(), "--configs",
                    catalog.string()},
                   out, err),
            0)
      << err.str();
  EXPECT_NE(out.str().find("came from measured op times"), std::string::npos) << out.str();
  std::ostringstream out2, err2;
  EXPECT_EQ(RunApp({"simulate", scenario, "--out", (dir.dir() / "run2").string(), "--configs",
                    Source("configs")},
                   out2, err2),
            2);
  EXPECT_NE(err2.str().find("calibration bundle 'my-bundle' not found"), std::string::npos)
      << err2.str();
}

}  // namespace
}  // namespace gpuplan
