#include "sim/core/error.h"

#include <algorithm>

namespace gpuplan {

std::string ElideLongWords(std::string_view text) {
  constexpr size_t kKept = 40;  // characters kept of a cut word
  std::string out;
  out.reserve(std::min(text.size(), size_t{4096}));
  size_t i = 0;
  while (i < text.size()) {
    const size_t end = std::min(text.find(' ', i), text.size());
    const std::string_view word = text.substr(i, end - i);
    if (word.size() > kMaxEchoedWord) {
      size_t kept = kKept;  // not inside a UTF-8 sequence: back off over continuation bytes
      while (kept > 0 && (static_cast<unsigned char>(word[kept]) & 0xC0) == 0x80) --kept;
      out += word.substr(0, kept);
      out += fmt::format("...({} characters)", word.size());
    } else {
      out += word;
    }
    if (end < text.size()) out += ' ';
    i = end + 1;
  }
  return out;
}

std::string Diagnostic::ToString() const {
  std::string where = loc.file.empty() ? "<input>" : loc.file;
  if (loc.line > 0) where += fmt::format(":{}:{}", loc.line, loc.column);
  if (path.empty()) return fmt::format("{}: {}", where, ElideLongWords(message));
  return fmt::format("{}: {}: {}", where, ElideLongWords(path), ElideLongWords(message));
}

std::string NotShownLine(size_t total) {
  return fmt::format("... and {} more problems not shown (the first {} are above)",
                     total - kMaxShownDiagnostics, kMaxShownDiagnostics);
}

void Diagnostics::Add(SourceLoc loc, std::string path, std::string message) {
  items_.push_back({std::move(loc), std::move(path), std::move(message)});
}

void Diagnostics::ThrowIfAny() const {
  if (!items_.empty()) throw ConfigError(items_);
}

namespace {
std::string JoinDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  const size_t shown = std::min(diagnostics.size(), kMaxShownDiagnostics);
  for (size_t i = 0; i < shown; ++i) {
    if (!text.empty()) text += '\n';
    text += diagnostics[i].ToString();
  }
  if (shown < diagnostics.size()) text += '\n' + NotShownLine(diagnostics.size());
  return text;
}
}  // namespace

ConfigError::ConfigError(std::vector<Diagnostic> diagnostics)
    : Error(JoinDiagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

ConfigError::ConfigError(const std::string& message) : Error(message) {
  Diagnostic d;
  d.message = message;
  diagnostics_.push_back(std::move(d));
}

namespace detail {
void CheckFailed(const char* file, int line, const char* condition, const std::string& message) {
  throw InternalError(fmt::format("internal error at {}:{}: check `{}` failed: {}", file, line,
                                  condition, message));
}
}  // namespace detail

}  // namespace gpuplan
