#include "sim/core/error.h"

namespace gpuplan {

std::string Diagnostic::ToString() const {
  std::string where = loc.file.empty() ? "<input>" : loc.file;
  if (loc.line > 0) where += fmt::format(":{}:{}", loc.line, loc.column);
  if (path.empty()) return fmt::format("{}: {}", where, message);
  return fmt::format("{}: {}: {}", where, path, message);
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
  for (const Diagnostic& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += d.ToString();
  }
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
