// Atomic file output: a file appears at its path complete or not at all, and a failed or abandoned
// write never clobbers the previous version. Readers (a dashboard polling a run folder, a planner
// re-reading old results, a user's script) so never see half a file.
//
// How: write into a temp file in the same folder (same filesystem, so rename(2) is atomic), flush,
// fsync, rename over the target, then fsync the folder so the rename itself survives a crash. Any
// failure removes the temp file and throws gpuplan::Error naming the path and the OS error.
// A process killed outright (SIGKILL, power loss) can leave a `<name>.tmp-<pid>-<n>` file behind,
// never a truncated `<name>`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/util/output_dir_check.h"

namespace gpuplan {

// Why a file written by renaming must not replace what is at `path`, or "" when it may: a
// symbolic link, a device, a FIFO, a socket or a folder would be replaced itself (as root,
// `--dump-batches /dev/null` would delete the device). Every writer that renames into place
// (AtomicFileWriter, and any streamed output) checks it first and refuses with a UsageError.
std::string RenameTargetProblem(const std::filesystem::path& path);

// Writes `contents` to `path` atomically. The folder must already exist.
void WriteFileAtomic(const std::filesystem::path& path, std::string_view contents);

// A streaming atomic write (e.g. requests.csv with millions of rows): Write() as often as needed,
// then Commit(). Each Write() goes straight to the kernel, so batch small pieces (CsvWriter and
// JsonWriter buffer for you). Destroyed without Commit(), it removes the temp file and leaves
// `path` as it was. Not thread-safe.
class AtomicFileWriter {
 public:
  // Creates the temp file beside `path`; throws gpuplan::Error when it cannot.
  explicit AtomicFileWriter(std::filesystem::path path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  // Appends to the temp file. Throws gpuplan::Error (and drops the temp file) on failure.
  void Write(std::string_view data);
  // Makes the file appear at path(): fsync, close, rename, fsync the folder. Throws on failure,
  // leaving the previous file at path() untouched.
  void Commit();
  // Drops the temp file; path() stays as it was. A no-op after Commit() or a failure.
  void Abort() noexcept;

  const std::filesystem::path& path() const { return path_; }
  const std::filesystem::path& temp_path() const { return temp_path_; }
  bool committed() const { return committed_; }
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  // Drops the temp file and throws an Error for operation `what` that failed with errno `err`.
  [[noreturn]] void Fail(std::string_view what, int err);

  std::filesystem::path path_;
  std::filesystem::path temp_path_;
  int fd_ = -1;
  bool committed_ = false;
  uint64_t bytes_written_ = 0;
};

// Stages the files of one run so that they replace `dir` together: a reader sees the folder of
// the previous run or that of this one, never a mix, and afterwards `dir` holds exactly this
// run's files (what an earlier run left there, a report say, is gone).
// Files are written into a sibling staging folder `<dir>.tmp-<pid>-<n>` (use Stage(name) for the
// path; any way of writing is fine), and Commit() fsyncs them, adds the marker and swaps:
//   - `dir` absent or empty: the staging folder is renamed to `dir` (atomic);
//   - `dir` a gpuplan output folder (or forced): renameat2(RENAME_EXCHANGE) swaps the two folders
//     in one step and the old contents, now at the staging path, are removed. Where the
//     filesystem or kernel lacks RENAME_EXCHANGE (EINVAL, ENOSYS; macOS), `dir` is renamed aside
//     to `<dir>.old-<pid>-<n>` and the staging folder to `dir`: between the two renames, a window
//     of two system calls, `dir` does not exist.
// A run killed outright leaves its `.tmp-`/`.old-` folder behind; the next AtomicOutputDir for the
// same `dir` removes those whose process is gone (kill(pid, 0) fails with ESRCH) or that carry
// this process's pid without being one of its live staging folders (a container's pid, reused).
// A process of another pid namespace writing beside the same folder would look gone: give such
// runs folders of their own.
// Destroyed without Commit(), the staging folder and everything in it are removed and `dir` is
// untouched.
class AtomicOutputDir {
 public:
  // Checks `dir` (CheckOutputDir: call it, or construct this, before any long work), creates the
  // parent folders of `dir` as needed, removes stale staging folders and creates the staging
  // folder. Throws UsageError for an unusable `dir`, gpuplan::Error when a folder cannot be made.
  explicit AtomicOutputDir(std::filesystem::path dir, OutputDirOptions options = {});
  ~AtomicOutputDir();
  AtomicOutputDir(const AtomicOutputDir&) = delete;
  AtomicOutputDir& operator=(const AtomicOutputDir&) = delete;

  // Where to write the output file `name` (relative; subfolders are created on demand).
  std::filesystem::path Stage(const std::filesystem::path& name) const;
  // `path` itself, or, when it lies inside dir() (a file the run writes into its own output
  // folder by other means, e.g. simulate --trace), its place in the staging folder: it is then
  // committed with the folder instead of being removed by the swap.
  std::filesystem::path StagedPathOf(const std::filesystem::path& path) const;
  // Checks dir() again (it may have changed during the run), then replaces it by the staged
  // files. Throws UsageError when dir() became unusable, gpuplan::Error when a rename fails (the
  // previous folder is then left in place).
  void Commit();
  // Removes the staging folder. A no-op after Commit().
  void Abort() noexcept;

  const std::filesystem::path& dir() const { return dir_; }
  const std::filesystem::path& staging() const { return staging_; }
  bool committed() const { return committed_; }

 private:
  void WriteMarker() const;
  // Replaces the non-empty dir_ by staging_: RENAME_EXCHANGE, else the rename-aside fallback.
  void Swap();
  void RenameAside();

  std::filesystem::path dir_;
  OutputDirOptions options_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

}  // namespace gpuplan
