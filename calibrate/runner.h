// One invocation of gpuplan-calibrate: a calibration run that writes a bundle, or the self-test.
#pragma once

#include "calibrate/options.h"

namespace gpuplan::calibrate {

// Measures everything `options` asks for and writes the bundle into options.out_dir (meta.txt
// first with status=incomplete, rewritten with status=complete at the end). Throws UsageError
// when out_dir is not empty (without --force), CheckFailure when a kernel disagrees with its
// reference, CalibrateError on CUDA and I/O errors.
void RunCalibration(const Options& options);

// Runs the self-test on options.device; returns the number of failed checks.
int RunSelfTestProgram(const Options& options);

}  // namespace gpuplan::calibrate
