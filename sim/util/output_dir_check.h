// What an output folder (--out DIR) may be: the checks AtomicOutputDir (atomic_file.h) makes
// before a run and again at its commit, and the marker that tells gpuplan's folders from others.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace gpuplan {

// The file that marks a folder as one gpuplan wrote (AtomicOutputDir stages it into every
// output folder, with the command and version): a later run may replace such a folder whole, and
// refuses any other non-empty folder unless forced.
inline constexpr const char* kOutputMarkerName = ".gpuplan-output";

// What an output folder may replace, and what its marker records.
struct OutputDirOptions {
  std::string command;  // recorded in the marker, e.g. "simulate"
  std::string version;  // recorded in the marker
  // Replace a non-empty folder that gpuplan did not write (the command's --force).
  bool force = false;
  // Files and folders the run reads (named on its command line): a folder that holds one is never
  // replaced, not even when forced, as replacing it would delete the run's own input.
  std::vector<std::filesystem::path> inputs;
  // Folders written before the marker existed count as gpuplan's when every entry at their top
  // is one of `legacy_names` and one of them is in `legacy_signatures` (summary.json, ...).
  std::vector<std::string> legacy_names;
  std::vector<std::string> legacy_signatures;
  // false: commit by the rename-aside fallback even where RENAME_EXCHANGE works (for its tests).
  bool exchange = true;
};

// Throws UsageError (exit code 2) when `dir` cannot take a run's output, saying why and what was
// expected: a file, device or other non-folder; a symbolic link (replacing the output folder
// would replace the link, not the folder it names; we refuse rather than resolve, and name the
// target to pass instead); the root, the current folder, the home folder or a folder holding one
// of them or one of the inputs (never replaced, not even when forced); a mount point (rename(2)
// cannot replace it); or a non-empty folder without the marker, unless forced.
void CheckOutputDir(const std::filesystem::path& dir, const OutputDirOptions& options);

// What a usable output folder is now.
enum class OutputDirState { kAbsent, kEmpty, kOurs, kForeign };

// CheckOutputDir's checks, returning what `dir` is (kForeign only when forced).
OutputDirState InspectOutputDir(const std::filesystem::path& dir, const OutputDirOptions& options);

// "out/" and "out/." name the folder "out": the form rename(2), lstat(2) (which would follow a
// link named with a trailing separator) and the sibling staging name need.
std::filesystem::path NormalizedOutputDir(std::filesystem::path dir);

// `path` made absolute, with the symbolic links of its existing part resolved.
std::filesystem::path ResolvedPath(const std::filesystem::path& path);

// The marker's contents: its first line, then the command and version that wrote the folder.
std::string OutputMarkerText(const OutputDirOptions& options);

}  // namespace gpuplan
