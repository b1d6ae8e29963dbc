#include "sim/core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
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

// "out/" and "out/." name the folder "out"; rename(2) and the sibling staging name need that form.
fs::path WithoutTrailingSeparator(fs::path dir) {
  dir = dir.lexically_normal();
  if (dir.has_filename() || !dir.has_parent_path()) return dir;
  return dir.parent_path();
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

AtomicOutputDir::AtomicOutputDir(fs::path dir) : dir_(WithoutTrailingSeparator(std::move(dir))) {
  std::error_code ec;
  const fs::path parent = dir_.parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) throw WriteError(dir_, "create parent folders", ec.value());
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = dir_;
    candidate += NextTempSuffix();
    if (::mkdir(candidate.c_str(), 0777) == 0) {
      staging_ = std::move(candidate);
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
  const fs::path path = staging_ / name;
  if (name.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) throw WriteError(path, "create folder", ec.value());
  }
  return path;
}

void AtomicOutputDir::Commit() {
  GPUPLAN_CHECK(!committed_ && !staging_.empty(), "Commit of '{}' twice", dir_.string());
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(staging_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) FsyncFile(it->path());
  }
  if (ec) throw WriteError(staging_, "list staged files", ec.value());
  FsyncFolder(staging_);
  // Fast path: renaming the whole folder is atomic and works when dir_ is absent or empty.
  if (::rename(staging_.c_str(), dir_.c_str()) == 0) {
    committed_ = true;
    FsyncFolder(FolderOf(dir_));
    return;
  }
  if (errno != ENOTEMPTY && errno != EEXIST) throw WriteError(dir_, "rename staging folder", errno);
  MoveFilesInto();
}

void AtomicOutputDir::MoveFilesInto() {
  // Sorted so that the order files appear in is the same on every run.
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(staging_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_directory()) files.push_back(it->path().lexically_relative(staging_));
  }
  if (ec) throw WriteError(staging_, "list staged files", ec.value());
  std::sort(files.begin(), files.end());
  for (const fs::path& rel : files) {
    const fs::path target = dir_ / rel;
    if (rel.has_parent_path()) fs::create_directories(target.parent_path(), ec);
    if (ec) throw WriteError(target, "create folder", ec.value());
    const fs::path source = staging_ / rel;
    if (::rename(source.c_str(), target.c_str()) != 0) throw WriteError(target, "rename", errno);
    FsyncFolder(target.parent_path());
  }
  committed_ = true;
  fs::remove_all(staging_, ec);  // only empty folders are left; a failure here loses nothing
}

void AtomicOutputDir::Abort() noexcept {
  if (committed_ || staging_.empty()) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
  staging_.clear();
}

}  // namespace gpuplan
