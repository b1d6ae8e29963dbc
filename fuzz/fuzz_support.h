// Shared by the fuzz harnesses (docs/fuzzing.md): the rule that tells a user error from a bug,
// and a per-process scratch folder for readers that take a path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "sim/core/error.h"

namespace gpuplan::fuzz {

// The input as text (it may hold any byte, NUL included).
inline std::string AsText(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Prints the first line of `outcome` when GPUPLAN_FUZZ_VERBOSE is set.
void ReportOutcome(std::string_view outcome);

// Runs `read` on one input. Bad input must end in a user error (ConfigError, UsageError or any
// other gpuplan::Error), which is swallowed; an InternalError is a broken invariant, so it is
// rethrown, as is every other exception: the fuzzer (or replay_main) then reports the input.
// With GPUPLAN_FUZZ_VERBOSE set, each input's outcome is printed (to curate seeds).
template <typename Read>
void ExpectOnlyUserErrors(Read&& read) {
  try {
    read();
    ReportOutcome("accepted");
  } catch (const InternalError&) {
    throw;
  } catch (const Error& e) {
    // A clean rejection of bad input: what every reader must do.
    ReportOutcome(e.what());
  }
}

// A folder of this process only (mkdtemp under $TMPDIR or /tmp), removed at exit. Harnesses
// write only below it, so a fuzzed input can never name the file that gets written.
const std::filesystem::path& ScratchDir();

// Writes `text` to ScratchDir()/`name` (a plain file name: no '/', not "." or ".."), replacing
// the previous content, and returns its path.
std::filesystem::path WriteScratchFile(std::string_view name, std::string_view text);

// An empty folder ScratchDir()/`name` (emptied when it exists).
std::filesystem::path FreshScratchFolder(std::string_view name);

}  // namespace gpuplan::fuzz
