#include "calibrate/options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "calibrate/errors.h"

namespace gpuplan::calibrate {
namespace {

Options Parse(std::vector<std::string> args) { return ParseArgs(args); }

std::string ErrorOf(std::vector<std::string> args) {
  try {
    ParseArgs(args);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(OptionsTest, TheDocumentedCommandLine) {
  const Options options = Parse({"--model", "llama-3.1-8b", "--tp", "1,2", "--dtype", "bf16,fp8",
                                 "--out", "/tmp/bundle", "--quick"});
  ASSERT_EQ(options.models.size(), 1u);
  EXPECT_EQ(options.models[0].name, "llama-3.1-8b");
  EXPECT_EQ(options.tps, (std::vector<int>{1, 2}));
  EXPECT_EQ(options.dtypes, (std::vector<Dtype>{Dtype::kBf16, Dtype::kFp8}));
  EXPECT_EQ(options.out_dir, "/tmp/bundle");
  EXPECT_TRUE(options.quick);
  EXPECT_EQ(options.families, AllFamilies());
  EXPECT_EQ(options.command_line,
            "--model llama-3.1-8b --tp 1,2 --dtype bf16,fp8 --out /tmp/bundle --quick");
}

TEST(OptionsTest, DefaultsAndEqualsForm) {
  const Options options = Parse({"--model=mistral-7b,qwen2.5-7b", "--out=o", "--seed=17",
                                 "--families=gemm,decode", "--device=1"});
  EXPECT_EQ(options.models.size(), 2u);
  EXPECT_EQ(options.tps, (std::vector<int>{1}));
  EXPECT_EQ(options.dtypes, (std::vector<Dtype>{Dtype::kBf16}));
  EXPECT_EQ(options.seed, 17u);
  EXPECT_EQ(options.device, 1);
  EXPECT_EQ(options.families, (std::vector<Family>{Family::kGemm, Family::kDecodeAttention}));
  EXPECT_FALSE(options.quick);
}

TEST(OptionsTest, ShapeAddsACustomModel) {
  const Options options = Parse({"--shape",
                                 "hidden=4096,heads=32,kv_heads=8,head_dim=128,intermediate=14336,"
                                 "vocab=128256,name=mine",
                                 "--out", "o"});
  ASSERT_EQ(options.models.size(), 1u);
  EXPECT_EQ(options.models[0].name, "mine");
  EXPECT_EQ(options.models[0].intermediate, 14336);
}

TEST(OptionsTest, InfoModesNeedNoOutOrModel) {
  EXPECT_TRUE(Parse({"--help"}).help);
  EXPECT_TRUE(Parse({"-h"}).help);
  EXPECT_TRUE(Parse({"--list-models"}).list_models);
  EXPECT_TRUE(Parse({"--self-test"}).self_test);
}

TEST(OptionsTest, ErrorsNameTheProblem) {
  EXPECT_NE(ErrorOf({"--model", "llama-9"}).find("unknown 'llama-9'"), std::string::npos);
  EXPECT_NE(ErrorOf({"--model", "llama-9"}).find("llama-3.1-8b"), std::string::npos);
  EXPECT_NE(ErrorOf({"--bogus"}).find("unknown argument '--bogus'"), std::string::npos);
  EXPECT_NE(ErrorOf({"--model"}).find("--model needs a value"), std::string::npos);
  EXPECT_NE(ErrorOf({"--model", "llama-3.1-8b"}).find("--out DIR is required"), std::string::npos);
  EXPECT_NE(ErrorOf({"--out", "o"}).find("--model or --shape"), std::string::npos);
  EXPECT_NE(
      ErrorOf({"--model", "llama-3.1-8b", "--out", "o", "--tp", "1,x"}).find("not an integer"),
      std::string::npos);
  EXPECT_NE(ErrorOf({"--model", "llama-3.1-8b", "--out", "o", "--tp", "2,2"}).find("given twice"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--model", "llama-3.1-8b", "--out", "o", "--tp", "0"}).find("not in 1..64"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf({"--model", "llama-3.1-8b", "--out", "o", "--dtype", "fp16"}).find("unknown 'fp16'"),
      std::string::npos);
  EXPECT_NE(ErrorOf({"--model", "qwen2.5-7b", "--out", "o", "--tp", "8"}).find("28 heads"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--quick=1"}).find("takes no value"), std::string::npos);
  EXPECT_NE(ErrorOf({"--model", "llama-3.1-8b,", "--out", "o"}).find("empty item"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--model", "llama-3.1-8b,llama-3.1-8b", "--out", "o"}).find("given twice"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--families", "gemm,bogus"}).find("unknown 'bogus'"), std::string::npos);
  EXPECT_NE(ErrorOf({"--tp", "1", "--tp", "2"}).find("--tp given twice"), std::string::npos);
}

TEST(OptionsTest, UsageMentionsEveryFlag) {
  const std::string usage = UsageText();
  for (const char* flag :
       {"--model", "--shape", "--tp", "--dtype", "--out", "--quick", "--families", "--device",
        "--seed", "--self-test", "--force", "--list-models", "--help"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
}

TEST(OptionsTest, ListModelsHasOneLinePerModel) {
  const std::string text = ListModelsText();
  EXPECT_NE(text.find("llama-3.1-405b 16384 128 8 128 53248 128256 126"), std::string::npos);
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  EXPECT_EQ(lines, BuiltinModels().size() + 1);
}

}  // namespace
}  // namespace gpuplan::calibrate
