// ParallelFor: gpuplan's only concurrency. Simulations are independent, so a plan (or a
// validation over many measured rows) runs a flat batch of them at a time on a few threads; each
// task writes its result into its own slot (index i), so what is computed never depends on the
// thread count or on timing.
#pragma once

#include <cstddef>
#include <functional>

namespace gpuplan {

// The thread count to use: `requested` when > 0, else every hardware thread (at least 1).
int ResolveThreads(int requested);

// Runs fn(i) once for every i in [0, n), on up to ResolveThreads(threads) threads (the caller's
// included; 0 means every hardware thread).
// Tasks are taken in index order. When tasks throw, every task still runs and the exception of
// the lowest index is rethrown, so the error reported is the same for any thread count.
void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& fn);

}  // namespace gpuplan
