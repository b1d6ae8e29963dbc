// gpuplan-calibrate: measures real CUDA kernels on this GPU and writes a calibration bundle
// (docs/calibration.md). The only place that chooses exit codes.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "calibrate/errors.h"
#include "calibrate/options.h"
#include "calibrate/runner.h"

int main(int argc, char** argv) {
  using namespace gpuplan::calibrate;
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const Options options = ParseArgs(args);
    if (options.help) {
      std::fputs(UsageText().c_str(), stdout);
      return 0;
    }
    if (options.list_models) {
      std::fputs(ListModelsText().c_str(), stdout);
      return 0;
    }
    if (options.self_test) {
      const int failures = RunSelfTestProgram(options);
      return failures == 0 ? 0 : 1;
    }
    RunCalibration(options);
    return 0;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "gpuplan-calibrate: %s\n(see gpuplan-calibrate --help)\n", e.what());
    return 2;
  } catch (const CheckFailure& e) {
    std::fprintf(stderr, "gpuplan-calibrate: %s\nno timing of this kernel was written.\n",
                 e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gpuplan-calibrate: %s\n", e.what());
    return 1;
  }
}
