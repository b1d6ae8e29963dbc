#include "sim/util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan {
namespace fs = std::filesystem;

namespace {

// Temp names only need to be unique among live writers: pid + a process-wide counter, with
// O_EXCL / EEXIST retries covering leftovers of a crashed process that had the same pid.
std::string NextTempSuffix() {
  static std::atomic<uint64_t> counter{0};
  return fmt::format(".tmp-{}-{}", static_cast<long>(::getpid()), counter.fetch_add(1));
}

std::string ErrnoText(int err) { return std::generic_category().message(err); }

Error WriteError(const fs::path& path, std::string_view what, int err) {
  return Error(fmt::format("cannot write '{}': {}: {}", path.string(), what, ErrnoText(err)));
}

// The folder a relative or absolute file path lives in ("." for a bare file name).
fs::path FolderOf(const fs::path& path) {
  const fs::path parent = path.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// Makes a completed rename durable. Best effort: some filesystems cannot fsync a folder, and the
// rename has already happened, so there is nothing useful to report.
void FsyncFolder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Flushes one already-written file to disk before it is renamed into place.
void FsyncFile(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw WriteError(path, "open for fsync", errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw WriteError(path, "fsync", err);
}

}  // namespace

void WriteFileAtomic(const fs::path& path, std::string_view contents) {
  AtomicFileWriter writer(path);
  writer.Write(contents);
  writer.Commit();
}

std::string RenameTargetProblem(const fs::path& path) {
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(path, ec);
  if (ec || !fs::exists(status)) return "";
  switch (status.type()) {
    case fs::file_type::regular:
      return "";
    case fs::file_type::symlink:
      return "is a symbolic link, which writing would replace rather than follow; expected the "
             "path of a regular file (the link's target, or a new name)";
    case fs::file_type::directory:
      return "is a folder; expected the path of a file";
    case fs::file_type::fifo:
    case fs::file_type::character:
    case fs::file_type::block:
    case fs::file_type::socket:
      return "is a device, FIFO or socket, which writing would replace; expected the path of a "
             "regular file";
    default:
      return "is not a regular file; expected the path of a regular file";
  }
}

AtomicFileWriter::AtomicFileWriter(fs::path path) : path_(std::move(path)) {
  if (const std::string problem = RenameTargetProblem(path_); !problem.empty()) {
    throw UsageError(fmt::format("{}: {}", path_.string(), problem));
  }
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = path_;
    candidate += NextTempSuffix();
    // 0666 lets the umask decide the final permissions, as for any ordinarily created file.
    fd_ = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0) {
      temp_path_ = std::move(candidate);
      return;
    }
    if (errno != EEXIST) break;
  }
  throw WriteError(path_, "create temp file", errno);
}

AtomicFileWriter::~AtomicFileWriter() { Abort(); }

void AtomicFileWriter::Write(std::string_view data) {
  GPUPLAN_CHECK(fd_ >= 0, "write to '{}' after commit or failure", path_.string());
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail("write", errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
    bytes_written_ += static_cast<uint64_t>(n);
  }
}

void AtomicFileWriter::Commit() {
  GPUPLAN_CHECK(fd_ >= 0, "commit of '{}' after commit or failure", path_.string());
  if (::fsync(fd_) != 0) Fail("fsync", errno);
  const int fd = fd_;
  fd_ = -1;
  // close() can report a deferred write error (NFS, quotas): the data is not safe then.
  if (::close(fd) != 0) Fail("close", errno);
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) Fail("rename temp file into place", errno);
  committed_ = true;
  FsyncFolder(FolderOf(path_));
}

void AtomicFileWriter::Abort() noexcept {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!committed_ && !temp_path_.empty()) {
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
  }
}

void AtomicFileWriter::Fail(std::string_view what, int err) {
  Abort();
  throw WriteError(path_, what, err);
}

namespace {

// The staging folders of this process still in use, so that a sweep tells them from leftovers of
// an earlier process that had the same pid (a container's pid 1, run after run).
std::mutex live_staging_mutex;
std::set<std::string> live_staging;

void SetLive(const fs::path& staging, bool live) {
  const std::lock_guard<std::mutex> lock(live_staging_mutex);
  if (live) {
    live_staging.insert(staging.string());
  } else {
    live_staging.erase(staging.string());
  }
}

bool IsLive(const fs::path& staging) {
  const std::lock_guard<std::mutex> lock(live_staging_mutex);
  return live_staging.count(staging.string()) != 0;
}

// The pid in `<base>.tmp-<pid>-<n>` or `<base>.old-<pid>-<n>`; 0 for any other name.
long LeftoverPid(std::string_view name, std::string_view base) {
  if (!name.starts_with(base)) return 0;
  name.remove_prefix(base.size());
  if (!name.starts_with(".tmp-") && !name.starts_with(".old-")) return 0;
  name.remove_prefix(5);
  const size_t dash = name.find('-');
  if (dash == 0 || dash == std::string_view::npos || dash + 1 == name.size()) return 0;
  const auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (dash > 9 || !digits(name.substr(0, dash)) || !digits(name.substr(dash + 1))) return 0;
  return std::stol(std::string(name.substr(0, dash)));
}

bool ProcessIsGone(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH; }

// Removes the staging and set-aside folders that killed runs into `dir` left beside it. Only
// folders (never a link or a file) named exactly as AtomicOutputDir names them. Best effort.
void RemoveLeftovers(const fs::path& dir) {
  const std::string base = dir.filename().string();
  std::error_code ec;
  for (auto it = fs::directory_iterator(FolderOf(dir), ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const long pid = LeftoverPid(it->path().filename().string(), base);
    std::error_code status_ec;
    if (pid <= 0 || !fs::is_directory(it->symlink_status(status_ec))) continue;
    const bool ours = pid == static_cast<long>(::getpid());
    if (ours ? IsLive(it->path()) : !ProcessIsGone(pid)) continue;
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
}

fs::path SiblingName(const fs::path& dir, std::string_view kind, uint64_t n) {
  fs::path sibling = dir;
  sibling += fmt::format(".{}-{}-{}", kind, static_cast<long>(::getpid()), n);
  return sibling;
}

void FsyncTree(const fs::path& root) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) FsyncFile(it->path());
    if (it->is_directory()) FsyncFolder(it->path());
  }
  if (ec) throw WriteError(root, "list staged files", ec.value());
  FsyncFolder(root);
}

}  // namespace

AtomicOutputDir::AtomicOutputDir(fs::path dir, OutputDirOptions options)
    : dir_(NormalizedOutputDir(std::move(dir))), options_(std::move(options)) {
  InspectOutputDir(dir_, options_);
  std::error_code ec;
  const fs::path parent = dir_.parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) throw WriteError(dir_, "create parent folders", ec.value());
  RemoveLeftovers(dir_);
  static std::atomic<uint64_t> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = SiblingName(dir_, "tmp", counter.fetch_add(1));
    if (::mkdir(candidate.c_str(), 0777) == 0) {
      staging_ = std::move(candidate);
      SetLive(staging_, true);
      return;
    }
    if (errno != EEXIST) break;
  }
  throw WriteError(dir_, "create staging folder", errno);
}

AtomicOutputDir::~AtomicOutputDir() { Abort(); }

fs::path AtomicOutputDir::Stage(const fs::path& name) const {
  GPUPLAN_CHECK(!committed_ && !staging_.empty(), "Stage('{}') after Commit or Abort",
                name.string());
  GPUPLAN_CHECK(name.is_relative() && !name.empty(), "staged name must be relative: '{}'",
                name.string());
  GPUPLAN_CHECK(*name.begin() != kOutputMarkerName, "'{}' is the marker's name", name.string());
  fs::path path = staging_ / name;
  if (name.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) throw WriteError(path, "create folder", ec.value());
  }
  return path;
}

fs::path AtomicOutputDir::StagedPathOf(const fs::path& path) const {
  const fs::path rel = ResolvedPath(path).lexically_relative(ResolvedPath(dir_));
  if (rel.empty() || rel == "." || *rel.begin() == "..") return path;
  if (*rel.begin() == kOutputMarkerName) {
    throw UsageError(
        fmt::format("'{}' is the marker of the output folder '{}'; expected another "
                    "file name",
                    path.string(), dir_.string()));
  }
  return Stage(rel);
}

void AtomicOutputDir::Commit() {
  GPUPLAN_CHECK(!committed_ && !staging_.empty(), "Commit of '{}' twice", dir_.string());
  WriteMarker();
  FsyncTree(staging_);
  const OutputDirState state = InspectOutputDir(dir_, options_);
  if (state == OutputDirState::kAbsent || state == OutputDirState::kEmpty) {
    // Atomic, and rename(2) replaces an empty folder.
    if (::rename(staging_.c_str(), dir_.c_str()) == 0) {
      committed_ = true;
      SetLive(staging_, false);
      FsyncFolder(FolderOf(dir_));
      return;
    }
    if (errno != ENOTEMPTY && errno != EEXIST) {
      throw WriteError(dir_, "rename staging folder", errno);
    }
    InspectOutputDir(dir_, options_);  // filled meanwhile: replace it only if we may
  }
  Swap();
}

void AtomicOutputDir::WriteMarker() const {
  WriteFileAtomic(staging_ / kOutputMarkerName, OutputMarkerText(options_));
}

void AtomicOutputDir::Swap() {
#ifdef RENAME_EXCHANGE
  if (options_.exchange) {
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) == 0) {
      committed_ = true;
      SetLive(staging_, false);
      FsyncFolder(FolderOf(dir_));
      std::error_code ignored;  // the old run, now at the staging path; a leftover is swept later
      fs::remove_all(staging_, ignored);
      return;
    }
    if (errno != EINVAL && errno != ENOSYS) throw WriteError(dir_, "swap in the new folder", errno);
  }
#endif
  RenameAside();
}

void AtomicOutputDir::RenameAside() {
  static std::atomic<uint64_t> counter{0};
  const fs::path old = SiblingName(dir_, "old", counter.fetch_add(1));
  if (::rename(dir_.c_str(), old.c_str()) != 0 && errno != ENOENT) {
    throw WriteError(dir_, "move the previous folder aside", errno);
  }
  // From here until the next rename, dir_ does not exist.
  if (::rename(staging_.c_str(), dir_.c_str()) != 0) {
    const int err = errno;
    ::rename(old.c_str(), dir_.c_str());  // put the previous run back
    throw WriteError(dir_, "rename staging folder", err);
  }
  committed_ = true;
  SetLive(staging_, false);
  FsyncFolder(FolderOf(dir_));
  std::error_code ignored;
  fs::remove_all(old, ignored);
}

void AtomicOutputDir::Abort() noexcept {
  if (committed_ || staging_.empty()) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
  SetLive(staging_, false);
  staging_.clear();
}

}  // namespace gpuplan
