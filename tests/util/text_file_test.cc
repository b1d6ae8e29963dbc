// Input files: only regular files are read, whole ones up to a size; every problem is named.
#include "sim/util/text_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class TextFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gpuplan_text_file_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& bytes) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  fs::path dir_;
};

TEST_F(TextFileTest, ARegularFileIsReadWhole) {
  const std::string path = Write("a.yaml", "x: 1\n");
  EXPECT_FALSE(InputFileProblem(path).has_value());
  EXPECT_EQ(ReadInputFile(path, "a YAML file"), "x: 1\n");
  EXPECT_EQ(ReadWholeFile(path), "x: 1\n");
}

TEST_F(TextFileTest, SpecialFilesAreRefusedBeforeAnyRead) {
  // A FIFO would block the reader forever; /dev/zero would never end.
  const std::string fifo = (dir_ / "pipe").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THAT(*InputFileProblem(fifo), HasSubstr("is a FIFO (named pipe), not a regular file"));
  EXPECT_FALSE(ReadWholeFile(fifo).has_value());
  try {
    ReadInputFile(fifo, "a vllm bench serve result (JSON)");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr(fifo + ": is a FIFO (named pipe), not a regular file; "
                                           "expected a vllm bench serve result (JSON)"));
  }
  EXPECT_THAT(*InputFileProblem("/dev/zero"), HasSubstr("is a device, not a regular file"));
  EXPECT_THAT(*InputFileProblem(dir_.string()), HasSubstr("is a directory, not a file"));
  EXPECT_THAT(*InputFileProblem((dir_ / "none.csv").string()),
              HasSubstr("cannot read the file (No such file or directory)"));
  // Streamed readers pass no size limit, and still refuse special files.
  EXPECT_THAT(*InputFileProblem("/dev/zero", 0), HasSubstr("is a device"));
}

TEST_F(TextFileTest, WholeFilesHaveASizeLimit) {
  const std::string path = Write("big.json", std::string(2048, 'x'));
  EXPECT_FALSE(InputFileProblem(path, 2048).has_value());  // at the limit
  EXPECT_THAT(*InputFileProblem(path, 2047),
              HasSubstr("is 2048 bytes, more than the 2047 bytes gpuplan reads whole"));
  EXPECT_FALSE(InputFileProblem(path, 0).has_value());  // no limit
  EXPECT_EQ(kMaxWholeFileBytes, uint64_t{1} << 30);
}

TEST_F(TextFileTest, ASymlinkIsJudgedByItsTarget) {
  const std::string target = Write("t.csv", "a,b\n");
  const fs::path link = dir_ / "link.csv";
  fs::create_symlink(target, link);
  EXPECT_FALSE(InputFileProblem(link.string()).has_value());
  fs::create_symlink("/dev/zero", dir_ / "zero.csv");
  EXPECT_THAT(*InputFileProblem((dir_ / "zero.csv").string()), HasSubstr("is a device"));
}

}  // namespace
TEST(LineColumnOfByte, CountsLineFeedsBeforeTheByte) {
  EXPECT_EQ(LineColumnOfByte("ab\ncd", 0), std::make_pair(1, 1));
  EXPECT_EQ(LineColumnOfByte("ab\ncd", 2), std::make_pair(1, 3));  // the LF ends line 1
  EXPECT_EQ(LineColumnOfByte("ab\ncd", 3), std::make_pair(2, 1));
  EXPECT_EQ(LineColumnOfByte("ab\ncd", 6), std::make_pair(2, 4));  // just past the end
  EXPECT_EQ(LineColumnOfByte("", 0), std::make_pair(1, 1));
}

TEST(LineEndings, FindsTheFirstCarriageReturnWithoutALineFeed) {
  EXPECT_EQ(FindLoneCarriageReturn(""), std::nullopt);
  EXPECT_EQ(FindLoneCarriageReturn("a\r\nb\r\n"), std::nullopt);
  EXPECT_EQ(FindLoneCarriageReturn("a\rb"), 1u);
  EXPECT_EQ(FindLoneCarriageReturn("a\r\nb\r"), 4u);  // the last byte
  EXPECT_EQ(FindLoneCarriageReturn("\r\r\n"), 0u);
}

}  // namespace gpuplan
