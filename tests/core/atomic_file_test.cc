#include "sim/core/atomic_file.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A fresh folder per test, removed afterwards.
class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           fmt::format("gpuplan_atomic_{}_{}", static_cast<long>(::getpid()), info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // Names in a folder, sorted, to see exactly what a write left behind.
  static std::vector<std::string> List(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

TEST_F(AtomicFileTest, WritesFileAndLeavesNoTempFile) {
  WriteFileAtomic(dir_ / "a.json", "{}\n");
  EXPECT_EQ(Read(dir_ / "a.json"), "{}\n");
  EXPECT_THAT(List(dir_), ElementsAre("a.json"));
}

// Renaming over anything but a regular file would replace the node itself: a device, a FIFO, a
// symbolic link or a folder at the target is refused (exit 2 through UsageError) and left as it is.
TEST_F(AtomicFileTest, RefusesToReplaceLinksDevicesFifosAndFolders) {
  const fs::path fifo = dir_ / "pipe";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THROW(WriteFileAtomic(fifo, "x"), UsageError);
  EXPECT_TRUE(fs::is_fifo(fifo));
  WriteFileAtomic(dir_ / "target.txt", "kept");
  fs::create_symlink(dir_ / "target.txt", dir_ / "link.txt");
  try {
    WriteFileAtomic(dir_ / "link.txt", "new");
    FAIL() << "expected a UsageError";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("link.txt: is a symbolic link"));
  }
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.txt"));
  EXPECT_EQ(Read(dir_ / "target.txt"), "kept");
  fs::create_directories(dir_ / "folder");
  EXPECT_THROW(WriteFileAtomic(dir_ / "folder", "x"), UsageError);
  EXPECT_TRUE(fs::is_directory(dir_ / "folder"));
  // Nothing was left behind by the refused writes.
  EXPECT_THAT(List(dir_), ElementsAre("folder", "link.txt", "pipe", "target.txt"));
}

TEST_F(AtomicFileTest, ReplacesAnExistingFile) {
  WriteFileAtomic(dir_ / "a.txt", "old contents that are longer");
  WriteFileAtomic(dir_ / "a.txt", "new");
  EXPECT_EQ(Read(dir_ / "a.txt"), "new");
  EXPECT_THAT(List(dir_), ElementsAre("a.txt"));
}

TEST_F(AtomicFileTest, MissingFolderThrowsWithPathAndReason) {
  const fs::path path = dir_ / "no_such_dir" / "out.csv";
  try {
    WriteFileAtomic(path, "x");
    FAIL() << "expected gpuplan::Error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr(path.string()));
    EXPECT_THAT(e.what(), HasSubstr("No such file or directory"));
  }
  EXPECT_TRUE(List(dir_).empty());
}

TEST_F(AtomicFileTest, AbandonedWriteKeepsOldFileAndRemovesTemp) {
  WriteFileAtomic(dir_ / "requests.csv", "old\n");
  {
    AtomicFileWriter writer(dir_ / "requests.csv");
    writer.Write("new row 1\n");
    EXPECT_TRUE(fs::exists(writer.temp_path()));
    EXPECT_EQ(Read(dir_ / "requests.csv"), "old\n");  // nothing visible before Commit
  }  // destroyed without Commit, as when the run throws
  EXPECT_EQ(Read(dir_ / "requests.csv"), "old\n");
  EXPECT_THAT(List(dir_), ElementsAre("requests.csv"));
}

TEST_F(AtomicFileTest, FailedRenameThrowsKeepsTargetAndRemovesTemp) {
  // A folder appears where the file should go after the writer started (one already there is
  // refused up front): rename(2) refuses to replace it.
  AtomicFileWriter writer(dir_ / "target");
  fs::create_directories(dir_ / "target" / "inner");
  writer.Write("data");
  EXPECT_THROW(writer.Commit(), Error);
  EXPECT_TRUE(fs::is_directory(dir_ / "target" / "inner"));
  EXPECT_THAT(List(dir_), ElementsAre("target"));
}

TEST_F(AtomicFileTest, StreamsManyWritesInOrder) {
  AtomicFileWriter writer(dir_ / "big.txt");
  std::string expected;
  for (int i = 0; i < 1000; ++i) {
    const std::string line = fmt::format("{}\n", i);
    writer.Write(line);
    expected += line;
  }
  EXPECT_EQ(writer.bytes_written(), expected.size());
  EXPECT_FALSE(fs::exists(dir_ / "big.txt"));
  writer.Commit();
  EXPECT_TRUE(writer.committed());
  EXPECT_EQ(Read(dir_ / "big.txt"), expected);
  EXPECT_THAT(List(dir_), ElementsAre("big.txt"));
}

TEST_F(AtomicFileTest, WriteAfterCommitIsABug) {
  AtomicFileWriter writer(dir_ / "a");
  writer.Commit();
  EXPECT_THROW(writer.Write("x"), InternalError);
  EXPECT_THROW(writer.Commit(), InternalError);
  EXPECT_EQ(Read(dir_ / "a"), "");
}

TEST_F(AtomicFileTest, OutputDirAppearsOnlyOnCommit) {
  const fs::path out = dir_ / "runs" / "run1";  // parents created on demand
  AtomicOutputDir staged(out);
  WriteFileAtomic(staged.Stage("summary.json"), "{}\n");
  WriteFileAtomic(staged.Stage("sub/timeseries.csv"), "t\n");
  EXPECT_FALSE(fs::exists(out));
  staged.Commit();
  EXPECT_EQ(Read(out / "summary.json"), "{}\n");
  EXPECT_EQ(Read(out / "sub" / "timeseries.csv"), "t\n");
  EXPECT_THAT(List(dir_ / "runs"), ElementsAre("run1"));  // staging folder gone
}

TEST_F(AtomicFileTest, AbandonedOutputDirLeavesNothing) {
  {
    AtomicOutputDir staged(dir_ / "run");
    WriteFileAtomic(staged.Stage("summary.json"), "{}\n");
    EXPECT_TRUE(fs::exists(staged.staging()));
  }
  EXPECT_TRUE(List(dir_).empty());
}

TEST_F(AtomicFileTest, OutputDirIntoExistingFolderReplacesFilesAndKeepsOthers) {
  fs::create_directories(dir_ / "run");
  WriteFileAtomic(dir_ / "run" / "summary.json", "old");
  WriteFileAtomic(dir_ / "run" / "notes.txt", "user notes");
  AtomicOutputDir staged(dir_ / "run/");  // a trailing separator names the same folder
  WriteFileAtomic(staged.Stage("summary.json"), "new");
  WriteFileAtomic(staged.Stage("requests.csv"), "id\n");
  staged.Commit();
  EXPECT_EQ(Read(dir_ / "run" / "summary.json"), "new");
  EXPECT_EQ(Read(dir_ / "run" / "notes.txt"), "user notes");
  EXPECT_THAT(List(dir_ / "run"), ElementsAre("notes.txt", "requests.csv", "summary.json"));
  EXPECT_THAT(List(dir_), ElementsAre("run"));
}

TEST_F(AtomicFileTest, OutputDirIntoEmptyFolder) {
  fs::create_directories(dir_ / "run");
  AtomicOutputDir staged(dir_ / "run");
  WriteFileAtomic(staged.Stage("a"), "1");
  staged.Commit();
  EXPECT_THAT(List(dir_ / "run"), ElementsAre("a"));
  EXPECT_THAT(List(dir_), ElementsAre("run"));
}

TEST_F(AtomicFileTest, OutputDirOverAFileThrows) {
  WriteFileAtomic(dir_ / "run", "a file, not a folder");
  AtomicOutputDir staged(dir_ / "run");
  WriteFileAtomic(staged.Stage("a"), "1");
  try {
    staged.Commit();
    FAIL() << "expected gpuplan::Error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr((dir_ / "run").string()));
  }
  EXPECT_EQ(Read(dir_ / "run"), "a file, not a folder");
}

}  // namespace
}  // namespace gpuplan
