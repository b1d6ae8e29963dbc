#include "fuzz/fuzz_support.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace gpuplan::fuzz {
namespace {

namespace fs = std::filesystem;

// Owns the scratch folder; its destructor (at normal exit) removes it.
class ScratchFolder {
 public:
  ScratchFolder() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/gpuplan-fuzz-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a scratch folder from " + pattern);
    }
    path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void CheckPlainName(std::string_view name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos) {
    throw std::logic_error("fuzz harness bug: not a plain file name: " + std::string(name));
  }
}

}  // namespace

void ReportOutcome(std::string_view outcome) {
  static const bool verbose = std::getenv("GPUPLAN_FUZZ_VERBOSE") != nullptr;
  if (!verbose) return;
  const std::string_view first_line = outcome.substr(0, outcome.find('\n'));
  std::fprintf(stderr, "  %.*s\n", static_cast<int>(first_line.size()), first_line.data());
}

const fs::path& ScratchDir() {
  static const ScratchFolder folder;
  return folder.path();
}

fs::path WriteScratchFile(std::string_view name, std::string_view text) {
  CheckPlainName(name);
  const fs::path path = ScratchDir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
  return path;
}

fs::path FreshScratchFolder(std::string_view name) {
  CheckPlainName(name);
  const fs::path path = ScratchDir() / name;
  fs::remove_all(path);
  fs::create_directory(path);
  return path;
}

}  // namespace gpuplan::fuzz
