#include "sim/util/atomic_file.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
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

// A folder gpuplan wrote (its marker says so) is replaced whole: what the earlier run had and this
// one does not write (a report, a subfolder) is gone, and the marker records the command.
TEST_F(AtomicFileTest, OutputDirReplacesItsOwnFolderWhole) {
  for (const bool exchange : {true, false}) {  // renameat2(RENAME_EXCHANGE), then rename-aside
    SCOPED_TRACE(exchange ? "exchange" : "rename aside");
    const fs::path out = dir_ / "run";
    fs::remove_all(out);
    const OutputDirOptions options{.command = "simulate", .version = "9.9", .exchange = exchange};
    {
      AtomicOutputDir first(out, options);
      WriteFileAtomic(first.Stage("summary.json"), "old");
      WriteFileAtomic(first.Stage("report.html"), "report of the old run");
      WriteFileAtomic(first.Stage("figures/ttft.svg"), "<svg/>");
      first.Commit();
    }
    ASSERT_THAT(List(out),
                ElementsAre(".gpuplan-output", "figures", "report.html", "summary.json"));
    AtomicOutputDir second(dir_ / "run/", options);  // a trailing separator names the same folder
    WriteFileAtomic(second.Stage("summary.json"), "new");
    WriteFileAtomic(second.Stage("requests.csv"), "id\n");
    EXPECT_EQ(Read(out / "summary.json"), "old");  // nothing visible before Commit
    second.Commit();
    EXPECT_EQ(Read(out / "summary.json"), "new");
    EXPECT_THAT(List(out), ElementsAre(".gpuplan-output", "requests.csv", "summary.json"));
    EXPECT_EQ(Read(out / ".gpuplan-output"),
              "# gpuplan output folder: the next gpuplan run into this folder replaces it whole, "
              "this file included.\ncommand: simulate\nversion: 9.9\n");
    EXPECT_THAT(List(dir_), ElementsAre("run"));  // no staging or set-aside folder left
  }
}

TEST_F(AtomicFileTest, OutputDirIntoEmptyFolder) {
  fs::create_directories(dir_ / "run");
  AtomicOutputDir staged(dir_ / "run");
  WriteFileAtomic(staged.Stage("a"), "1");
  staged.Commit();
  EXPECT_THAT(List(dir_ / "run"), ElementsAre(".gpuplan-output", "a"));
  EXPECT_THAT(List(dir_), ElementsAre("run"));
}

// What a refused --out says, for the tests below.
std::string RefusalOf(const fs::path& dir, const OutputDirOptions& options = {}) {
  try {
    AtomicOutputDir staged(dir, options);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "accepted";
}

// A non-empty folder without the marker is someone else's: refused before anything is staged,
// unless forced; an empty one is fine (above).
TEST_F(AtomicFileTest, ForeignFolderIsRefusedUnlessForced) {
  const fs::path out = dir_ / "photos";
  fs::create_directories(out);
  WriteFileAtomic(out / "holiday.jpg", "jpeg");
  EXPECT_EQ(RefusalOf(out),
            fmt::format("--out: '{0}' is not empty and is not a gpuplan output folder (it has no "
                        ".gpuplan-output file); expected a folder (absent, empty, or one gpuplan "
                        "wrote): choose another folder, or pass --force to replace '{0}' and "
                        "everything in it",
                        out.string()));
  EXPECT_THAT(List(dir_), ElementsAre("photos"));  // no staging folder was made
  EXPECT_THAT(List(out), ElementsAre("holiday.jpg"));
  // A marker that does not start as gpuplan writes it is not one.
  WriteFileAtomic(out / ".gpuplan-output", "my own notes\n");
  EXPECT_THAT(RefusalOf(out), HasSubstr("is not a gpuplan output folder"));

  AtomicOutputDir forced(out, {.force = true});
  WriteFileAtomic(forced.Stage("summary.json"), "{}");
  forced.Commit();
  EXPECT_THAT(List(out), ElementsAre(".gpuplan-output", "summary.json"));
}

// Folders written before the marker existed: only names gpuplan writes, one of them telling.
TEST_F(AtomicFileTest, FolderFromBeforeTheMarkerIsRecognisedByItsNames) {
  const OutputDirOptions options{.legacy_names = {"summary.json", "requests.csv", "report.html"},
                                 .legacy_signatures = {"summary.json"}};
  const fs::path out = dir_ / "old_run";
  fs::create_directories(out);
  WriteFileAtomic(out / "requests.csv", "id\n");
  EXPECT_THAT(RefusalOf(out, options), HasSubstr("is not a gpuplan output folder"));  // unsigned
  WriteFileAtomic(out / "summary.json", "{}");
  WriteFileAtomic(out / "report.html", "<html/>");
  EXPECT_EQ(RefusalOf(out, options), "accepted");
  WriteFileAtomic(out / "notes.txt", "mine");  // a name gpuplan never writes
  EXPECT_THAT(RefusalOf(out, options), HasSubstr("is not a gpuplan output folder"));
}

// A file (or a file on the way) where the folder should be is refused up front, as a usage error,
// and left as it is.
TEST_F(AtomicFileTest, OutputDirOverAFileIsRefusedUpFront) {
  WriteFileAtomic(dir_ / "x.json", "a file, not a folder");
  EXPECT_EQ(RefusalOf(dir_ / "x.json", {.force = true}),
            fmt::format("--out: '{}' is a file; expected a folder (absent, empty, or one gpuplan "
                        "wrote)",
                        (dir_ / "x.json").string()));
  EXPECT_EQ(RefusalOf(dir_ / "x.json" / "run"),
            fmt::format("--out: '{}' cannot be made: '{}' is not a folder; expected a folder "
                        "(absent, empty, or one gpuplan wrote)",
                        (dir_ / "x.json" / "run").string(), (dir_ / "x.json").string()));
  const fs::path fifo = dir_ / "pipe";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THAT(RefusalOf(fifo), HasSubstr("pipe' is a device, FIFO or socket; expected a folder"));
  EXPECT_EQ(Read(dir_ / "x.json"), "a file, not a folder");
  EXPECT_THAT(List(dir_), ElementsAre("pipe", "x.json"));
}

// A link is refused, not followed: the swap would replace the link, not the folder it names.
TEST_F(AtomicFileTest, OutputDirThatIsALinkIsRefusedNamingItsTarget) {
  fs::create_directories(dir_ / "real");
  fs::create_directory_symlink(dir_ / "real", dir_ / "link");
  EXPECT_THAT(
      RefusalOf(dir_ / "link", {.force = true}),
      HasSubstr(fmt::format("link' is a symbolic link (to '{}')", (dir_ / "real").string())));
  EXPECT_TRUE(fs::is_symlink(dir_ / "link"));
  EXPECT_THAT(List(dir_), ElementsAre("link", "real"));
}

// Restores the working folder and $HOME a test changed.
class SavedWorkingFolderAndHome {
 public:
  SavedWorkingFolderAndHome() : cwd_(fs::current_path()) {
    if (const char* home = std::getenv("HOME")) home_ = home;
  }
  ~SavedWorkingFolderAndHome() {
    fs::current_path(cwd_);
    if (home_) {
      ::setenv("HOME", home_->c_str(), 1);
    } else {
      ::unsetenv("HOME");
    }
  }

 private:
  fs::path cwd_;
  std::optional<std::string> home_;
};

// Folders whose replacement would destroy more than an output: refused even when forced, even
// when they carry the marker.
TEST_F(AtomicFileTest, ProtectedFoldersAreRefusedEvenWhenForced) {
  const SavedWorkingFolderAndHome saved;
  const fs::path out = dir_ / "run";
  {
    AtomicOutputDir first(out);
    WriteFileAtomic(first.Stage("scenario.yaml"), "model: x\n");
    first.Commit();
  }
  const OutputDirOptions forced{.force = true, .inputs = {out / "scenario.yaml"}};
  EXPECT_EQ(RefusalOf(out, forced),
            fmt::format("--out: '{}' holds the input '{}', which gpuplan never replaces, not even "
                        "with --force (the run would delete its own input); expected a folder "
                        "apart from the inputs",
                        out.string(), (out / "scenario.yaml").string()));
  EXPECT_EQ(RefusalOf(out, {.force = true, .inputs = {dir_ / "elsewhere.yaml"}}), "accepted");

  fs::create_directories(out / "sub");
  fs::current_path(out / "sub");
  EXPECT_THAT(RefusalOf(out, {.force = true}), HasSubstr("is the current folder or holds it"));
  EXPECT_THAT(RefusalOf(".", {.force = true}), HasSubstr("'.' is the current folder or holds it"));
  fs::current_path(dir_);
  ::setenv("HOME", (out / "sub").c_str(), 1);
  EXPECT_THAT(RefusalOf(out, {.force = true}), HasSubstr("is the home folder or holds it"));
  ::setenv("HOME", (dir_ / "home").c_str(), 1);
  EXPECT_EQ(RefusalOf(out, {.force = true}), "accepted");
  EXPECT_THAT(RefusalOf("/", {.force = true}), HasSubstr("'/' is the root folder"));
  EXPECT_TRUE(fs::exists(out / "scenario.yaml"));
}

// A pid no process has: a child that has exited and been reaped.
long DeadPid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return static_cast<long>(child);
}

// The staging and set-aside folders of killed runs into the same folder are removed by the next
// run; those of live processes, other folders' and anything not named as we name them are kept.
TEST_F(AtomicFileTest, LeftoversOfKilledRunsAreRemovedAtTheNextRun) {
  const long dead = DeadPid();
  const long alive = static_cast<long>(::getppid());
  const long self = static_cast<long>(::getpid());
  const auto leftover = [&](const std::string& name) {
    fs::create_directories(dir_ / name);
    WriteFileAtomic(dir_ / name / "summary.json", "half");
  };
  leftover(fmt::format("run.tmp-{}-0", dead));
  leftover(fmt::format("run.old-{}-3", dead));
  leftover(fmt::format("run.tmp-{}-0", alive));      // its process may still commit
  leftover(fmt::format("run.tmp-{}-999999", self));  // an earlier process with our pid
  leftover(fmt::format("other.tmp-{}-0", dead));     // another folder's
  leftover(fmt::format("run.tmp-{}-x", dead));       // not our pattern
  leftover(fmt::format("run.tmp-{}", dead));         // not our pattern
  WriteFileAtomic(dir_ / fmt::format("run.tmp-{}-1", dead), "a file");  // only folders go
  AtomicOutputDir live(dir_ / "run");                                   // this process's, in use
  AtomicOutputDir next(dir_ / "run");
  EXPECT_TRUE(fs::exists(live.staging()));
  EXPECT_TRUE(fs::exists(next.staging()));
  EXPECT_FALSE(fs::exists(dir_ / fmt::format("run.tmp-{}-0", dead)));
  EXPECT_FALSE(fs::exists(dir_ / fmt::format("run.old-{}-3", dead)));
  EXPECT_FALSE(fs::exists(dir_ / fmt::format("run.tmp-{}-999999", self)));
  for (const std::string& name :
       {fmt::format("run.tmp-{}-0", alive), fmt::format("other.tmp-{}-0", dead),
        fmt::format("run.tmp-{}-x", dead), fmt::format("run.tmp-{}", dead),
        fmt::format("run.tmp-{}-1", dead)}) {
    EXPECT_TRUE(fs::exists(dir_ / name)) << name;
  }
}

TEST_F(AtomicFileTest, OutputDirChangedDuringTheRunIsCheckedAgainAtCommit) {
  const fs::path out = dir_ / "run";
  AtomicOutputDir staged(out);
  WriteFileAtomic(staged.Stage("a"), "1");
  fs::create_directories(out);  // someone else's files appear meanwhile
  WriteFileAtomic(out / "theirs.txt", "kept");
  EXPECT_THROW(staged.Commit(), UsageError);
  staged.Abort();
  EXPECT_THAT(List(out), ElementsAre("theirs.txt"));
  EXPECT_THAT(List(dir_), ElementsAre("run"));
}

// A file the run writes into its own folder by other means (simulate --trace DIR/trace.json) is
// written into the staged folder, so that the swap keeps it.
TEST_F(AtomicFileTest, PathsInsideTheOutputDirAreStaged) {
  const fs::path out = dir_ / "run";
  AtomicOutputDir staged(out);
  EXPECT_EQ(staged.StagedPathOf(out / "traces" / "t.json"), staged.staging() / "traces" / "t.json");
  EXPECT_EQ(staged.StagedPathOf(dir_ / "t.json"), dir_ / "t.json");
  EXPECT_EQ(staged.StagedPathOf(dir_ / "run2" / "t.json"), dir_ / "run2" / "t.json");
  EXPECT_THROW(staged.StagedPathOf(out / ".gpuplan-output"), UsageError);
  EXPECT_THROW(staged.Stage(".gpuplan-output"), InternalError);
  WriteFileAtomic(staged.StagedPathOf(out / "traces" / "t.json"), "{}");
  staged.Commit();
  EXPECT_EQ(Read(out / "traces" / "t.json"), "{}");
}

}  // namespace
}  // namespace gpuplan
