// Fuzz harness: the calibration bundle reader (ReadBundle), which reads a folder. The input is
// the folder in one text: a line "== NAME" starts file NAME, and the lines up to the next such
// line are its content. Only the names a bundle may hold (meta.txt, serving_terms.csv and one
// CSV per family) are written, into a fresh folder under the scratch folder; others are skipped.
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "sim/bundle/bundle.h"
#include "sim/bundle/serving_terms_csv.h"

namespace {

constexpr std::string_view kFileMarker = "== ";

bool IsBundleFileName(std::string_view name) {
  if (name == "meta.txt" || name == gpuplan::kServingTermsFile) return true;
  for (const gpuplan::FamilySchema& schema : gpuplan::BundleFamilies()) {
    if (name == std::string(schema.name) + ".csv") return true;
  }
  return false;
}

// Writes the files of `text` (see above) into `dir`.
void WriteBundleFiles(std::string_view text, const std::filesystem::path& dir) {
  std::string name;
  std::string content;
  auto flush = [&] {
    // Only whitelisted plain names reach the file system: nothing is written outside `dir`.
    if (IsBundleFileName(name)) {
      std::ofstream(dir / name, std::ios::binary) << content;
    }
    content.clear();
  };
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::string_view line = text.substr(pos, end - pos);
    if (line.starts_with(kFileMarker)) {
      flush();
      name = line.substr(kFileMarker.size());
      while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
    } else {
      content += line;
    }
    pos = end;
  }
  flush();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path dir = gpuplan::fuzz::FreshScratchFolder("bundle");
  WriteBundleFiles(std::string_view(reinterpret_cast<const char*>(data), size), dir);
  gpuplan::fuzz::ExpectOnlyUserErrors([&] { gpuplan::ReadBundle(dir.string()); });
  return 0;
}
