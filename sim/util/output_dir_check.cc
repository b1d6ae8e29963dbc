#include "sim/util/output_dir_check.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <system_error>

#include "sim/core/error.h"

namespace gpuplan {
namespace fs = std::filesystem;

namespace {

std::string ErrnoText(int err) { return std::generic_category().message(err); }

constexpr const char* kMarkerFirstLine = "# gpuplan output folder";
constexpr const char* kExpectedFolder = "expected a folder (absent, empty, or one gpuplan wrote)";

[[noreturn]] void Refuse(const fs::path& dir, std::string_view problem) {
  throw UsageError(fmt::format("--out: '{}' {}", dir.string(), problem));
}

// Whether `inner` is `outer` or lies inside it; both absolute and normalized.
bool IsWithin(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

// A non-folder at `dir` or on the way to it, refused with what it is.
[[noreturn]] void RefuseNonFolder(const fs::path& dir, const struct stat& st) {
  if (S_ISREG(st.st_mode)) Refuse(dir, fmt::format("is a file; {}", kExpectedFolder));
  if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    fs::path target = fs::read_symlink(dir, ec);
    if (target.is_relative()) target = (dir.parent_path() / target).lexically_normal();
    Refuse(dir, fmt::format("is a symbolic link (to '{0}'), which gpuplan would replace rather "
                            "than the folder it names; {1}: pass '{0}' itself",
                            target.string(), kExpectedFolder));
  }
  Refuse(dir, fmt::format("is a device, FIFO or socket; {}", kExpectedFolder));
}

// `dir` does not exist because a component on the way is not a folder: names that component.
[[noreturn]] void RefuseBlockedPath(const fs::path& dir) {
  for (fs::path p = dir.parent_path(); !p.empty() && p != p.root_path(); p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
      Refuse(dir,
             fmt::format("cannot be made: '{}' is not a folder; {}", p.string(), kExpectedFolder));
    }
  }
  Refuse(dir, fmt::format("cannot be made: a part of it is not a folder; {}", kExpectedFolder));
}

// Folders gpuplan never replaces, whatever they hold and even when forced: the root, the current
// folder, the home folder and anything holding them, and a folder holding one of the inputs.
void RefuseProtectedFolder(const fs::path& dir, const OutputDirOptions& options) {
  const fs::path real = ResolvedPath(dir);
  constexpr const char* kNever = "which gpuplan never replaces, not even with --force";
  if (real == real.root_path()) {
    Refuse(dir, fmt::format("is the root folder, {}; expected a folder of its own, e.g. out/run",
                            kNever));
  }
  std::error_code ec;
  if (const fs::path cwd = fs::current_path(ec); !ec && IsWithin(ResolvedPath(cwd), real)) {
    Refuse(dir, fmt::format("is the current folder or holds it, {} (the folder you work in would "
                            "be deleted); expected a folder of its own, e.g. out/run",
                            kNever));
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
    if (IsWithin(ResolvedPath(home), real)) {
      Refuse(dir, fmt::format("is the home folder or holds it, {}; expected a folder of its own, "
                              "e.g. out/run",
                              kNever));
    }
  }
  for (const fs::path& input : options.inputs) {
    if (input.empty() || !IsWithin(ResolvedPath(input), real)) continue;
    Refuse(dir, fmt::format("holds the input '{}', {} (the run would delete its own input); "
                            "expected a folder apart from the inputs",
                            input.string(), kNever));
  }
}

// rename(2) cannot replace a mount point; found now rather than after the run.
void RefuseMountPoint(const fs::path& dir, const struct stat& st) {
  struct stat parent {};
  if (::stat((dir / "..").c_str(), &parent) != 0) return;
  if (parent.st_dev != st.st_dev || parent.st_ino == st.st_ino) {
    Refuse(dir,
           fmt::format("is a mount point, which gpuplan cannot replace by renaming; expected a "
                       "folder inside it, e.g. '{}'",
                       (dir / "run").string()));
  }
}

bool HasMarker(const fs::path& dir) {
  const fs::path marker = dir / kOutputMarkerName;
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(marker, ec))) return false;
  std::ifstream in(marker);
  std::string line;
  return std::getline(in, line) && line.starts_with(kMarkerFirstLine);
}

// A folder written before the marker existed: only names gpuplan writes, one of them telling.
bool IsLegacyOutput(const std::vector<std::string>& names, const OutputDirOptions& options) {
  const auto in = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  bool signed_by_gpuplan = false;
  for (const std::string& name : names) {
    if (!in(options.legacy_names, name)) return false;
    signed_by_gpuplan = signed_by_gpuplan || in(options.legacy_signatures, name);
  }
  return signed_by_gpuplan;
}

// Classifies `dir`, refusing (UsageError) what can never be an output folder. A foreign folder is
// returned, not refused: the caller decides with options.force.
OutputDirState Inspect(const fs::path& dir, const OutputDirOptions& options) {
  if (dir.empty()) throw UsageError(fmt::format("--out: is empty; {}", kExpectedFolder));
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) return OutputDirState::kAbsent;
    if (err == ENOTDIR) RefuseBlockedPath(dir);
    throw Error(fmt::format("cannot inspect '{}': {}", dir.string(), ErrnoText(err)));
  }
  if (!S_ISDIR(st.st_mode)) RefuseNonFolder(dir, st);
  RefuseProtectedFolder(dir, options);
  RefuseMountPoint(dir, st);
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) throw Error(fmt::format("cannot list '{}': {}", dir.string(), ec.message()));
  if (names.empty()) return OutputDirState::kEmpty;
  if (HasMarker(dir) || IsLegacyOutput(names, options)) return OutputDirState::kOurs;
  return OutputDirState::kForeign;
}

}  // namespace

fs::path NormalizedOutputDir(fs::path dir) {
  dir = dir.lexically_normal();
  if (dir.has_filename() || !dir.has_parent_path()) return dir;
  return dir.parent_path();
}

fs::path ResolvedPath(const fs::path& path) {
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(path, ec);
  if (ec) resolved = fs::absolute(path, ec).lexically_normal();
  return resolved;
}

OutputDirState InspectOutputDir(const fs::path& path, const OutputDirOptions& options) {
  const fs::path dir = NormalizedOutputDir(path);
  const OutputDirState state = Inspect(dir, options);
  if (state == OutputDirState::kForeign && !options.force) {
    Refuse(dir, fmt::format("is not empty and is not a gpuplan output folder (it has no {} file); "
                            "{}: choose another folder, or pass --force to replace '{}' and "
                            "everything in it",
                            kOutputMarkerName, kExpectedFolder, dir.string()));
  }
  return state;
}

void CheckOutputDir(const fs::path& dir, const OutputDirOptions& options) {
  InspectOutputDir(dir, options);
}

std::string OutputMarkerText(const OutputDirOptions& options) {
  return fmt::format(
      "{}: the next gpuplan run into this folder replaces it whole, this file included.\n"
      "command: {}\nversion: {}\n",
      kMarkerFirstLine, options.command.empty() ? "unknown" : options.command,
      options.version.empty() ? "unknown" : options.version);
}

}  // namespace gpuplan
