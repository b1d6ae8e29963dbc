#include "sim/core/parallel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

namespace gpuplan {
namespace {

TEST(ParallelTest, ZeroThreadsMeansEveryHardwareThread) {
  const int all = ResolveThreads(0);
  EXPECT_EQ(all, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  EXPECT_EQ(ResolveThreads(3), 3);
  // Each task waits until `all` tasks have started: that only finishes in time when ParallelFor
  // really runs `all` of them at once.
  std::atomic<int> started{0};
  std::atomic<int> waited_out{0};
  ParallelFor(static_cast<size_t>(all), 0, [&](size_t) {
    ++started;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (started.load() < all) {
      if (std::chrono::steady_clock::now() > deadline) {
        ++waited_out;
        return;
      }
      std::this_thread::yield();
    }
  });
  EXPECT_EQ(started.load(), all);
  EXPECT_EQ(waited_out.load(), 0) << "ParallelFor(n, 0) ran fewer than " << all << " threads";
}

}  // namespace
}  // namespace gpuplan
