// A scratch folder for one test: named after the running test and the process (so parallel ctest
// runs never share one), emptied on creation and removed with everything in it at the end.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace gpuplan::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "gpuplan_") {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (prefix + std::string(info->test_suite_name()) + "_" + info->name() + "_" +
            std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~TempDir() { std::filesystem::remove_all(dir_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  std::string path() const { return dir_.string(); }

  // Writes `contents` byte for byte to dir()/relative (creating folders); returns the full path.
  std::string Write(const std::string& relative, const std::string& contents) const {
    const std::filesystem::path file = dir_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << contents;
    return file.string();
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace gpuplan::testing
