#include "calibrate/families/context.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "calibrate/harness/cuda_check.h"
#include "calibrate/harness/numeric.h"

namespace gpuplan::calibrate {

Context::Context(const DeviceInfo& device, cudaStream_t stream, uint64_t seed, bool quick)
    : device_(device),
      stream_(stream),
      timer_(stream),
      gemm_(stream),
      budget_(quick ? QuickBudget() : FullBudget()),
      quick_(quick),
      seed_(seed),
      start_(std::chrono::steady_clock::now()) {}

uint64_t Context::NextSeed() { return SplitMix64(seed_ + 0x632BE59BD9B4E019ull * ++seeds_drawn_); }

int64_t Context::AllocatableBytes() const {
  size_t free_bytes = 0;
  size_t total_bytes = 0;
  GPUPLAN_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  return static_cast<int64_t>(static_cast<double>(free_bytes) * 0.75);
}

double Context::ElapsedSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Context::Progress(std::string_view family, int index, int total,
                       const std::string& text) const {
  std::printf("[%7.1f s] %.*s %d/%d: %s\n", ElapsedSeconds(), static_cast<int>(family.size()),
              family.data(), index, total, text.c_str());
  std::fflush(stdout);
}

void Context::Log(const std::string& text) const {
  std::printf("[%7.1f s] %s\n", ElapsedSeconds(), text.c_str());
  std::fflush(stdout);
}

void Context::RecordCheck(std::string_view family, const std::string& what, const ErrorNorm& error,
                          double tolerance) {
  auto [entry, inserted] = checks_.try_emplace(std::string(family));
  CheckSummary& summary = entry->second;
  ++summary.checks;
  const double relative = error.non_finite() ? INFINITY : error.Relative();
  summary.max_relative_error = std::max(summary.max_relative_error, relative);
  if (!error.Passes(tolerance)) {
    char limit[32];
    std::snprintf(limit, sizeof(limit), "%.0e", tolerance);
    throw CheckFailure(std::string(family) + " check failed for " + what + ": " + error.Describe() +
                       " (tolerance " + limit + ")");
  }
}

void Context::AddNote(const std::string& note) {
  if (std::find(notes_.begin(), notes_.end(), note) == notes_.end()) notes_.push_back(note);
}

}  // namespace gpuplan::calibrate
