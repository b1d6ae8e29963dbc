// Exception types of gpuplan-calibrate. Library code throws; only main() chooses exit codes.
#pragma once

#include <stdexcept>
#include <string>

namespace gpuplan::calibrate {

// Any failure of the calibration program (CUDA error, I/O error, bad data).
class CalibrateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The command line is wrong; main() prints the message and a hint to --help, exit code 2.
class UsageError : public CalibrateError {
 public:
  using CalibrateError::CalibrateError;
};

// A kernel's output disagreed with its CPU reference: no timing of it may be written.
class CheckFailure : public CalibrateError {
 public:
  using CalibrateError::CalibrateError;
};

}  // namespace gpuplan::calibrate
