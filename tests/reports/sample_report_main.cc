// reports_sample OUT_DIR: writes the sample report in English (OUT_DIR/en) and Japanese
// (OUT_DIR/ja): report.html, report.md and figures/*.svg. Used by render_check.sh.
#include <cstdio>
#include <exception>
#include <filesystem>

#include "tests/reports/sample_report.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  try {
    for (gpuplan::report::Lang lang : gpuplan::report::kAllLangs) {
      std::filesystem::path dir =
          std::filesystem::path(argv[1]) / std::string(gpuplan::report::LangCode(lang));
      gpuplan::report::WriteReport(gpuplan::report::testing::SampleReport(lang), dir);
      std::printf("%s\n", (dir / "report.html").c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "reports_sample: %s\n", e.what());
    return 1;
  }
  return 0;
}
