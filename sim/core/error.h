// Typed errors. Library code throws; only main() turns errors into exit codes
// (ConfigError and UsageError -> 2, everything else -> 1).
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gpuplan {

// Where a value came from: a file position (1-based line and column), or a command-line flag.
struct SourceLoc {
  std::string file;  // file path, or "--set" for command-line overrides
  int line = 0;      // 0 when unknown
  int column = 0;
};

// One problem found in user input, printed as `file:line:col: dotted.path: message`.
struct Diagnostic {
  SourceLoc loc;
  std::string path;     // dotted path of the offending key, e.g. "engine.max_num_seqs"
  std::string message;  // "what is wrong; what was expected"
  std::string ToString() const;
};

// How many diagnostics of one failed input are printed; the rest are counted, not shown, so that
// a file with 200,000 bad keys gives a readable answer.
inline constexpr size_t kMaxShownDiagnostics = 100;

// In printed messages, a run of more than kMaxEchoedWord characters without a space (a pasted
// value, a key of megabytes) is cut to its start and its length, so that an error never echoes a
// whole file back: "'9999999999...' (5000 characters)".
inline constexpr size_t kMaxEchoedWord = 120;
std::string ElideLongWords(std::string_view text);
// "... and N more problems not shown (the first 100 are above)" for `total` diagnostics.
std::string NotShownLine(size_t total);

// Collects diagnostics so that every error of a file is reported together.
class Diagnostics {
 public:
  void Add(SourceLoc loc, std::string path, std::string message);
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  // Throws ConfigError holding every diagnostic when there is at least one.
  void ThrowIfAny() const;

 private:
  std::vector<Diagnostic> items_;
};

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad user input (scenario, catalog file, trace, --set). Exit code 2.
class ConfigError : public Error {
 public:
  explicit ConfigError(std::vector<Diagnostic> diagnostics);
  explicit ConfigError(const std::string& message);  // a single problem without a location
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Bad command-line usage. Exit code 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

// A broken invariant inside gpuplan: a bug, never a user mistake.
class InternalError : public Error {
 public:
  using Error::Error;
};

namespace detail {
[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              const std::string& message);
}  // namespace detail

}  // namespace gpuplan

// Always-on invariant check (also in release builds): throws InternalError with the location.
#define GPUPLAN_CHECK(cond, ...)                                                             \
  do {                                                                                       \
    if (!(cond)) [[unlikely]] {                                                              \
      ::gpuplan::detail::CheckFailed(__FILE__, __LINE__, #cond, ::fmt::format(__VA_ARGS__)); \
    }                                                                                        \
  } while (false)
