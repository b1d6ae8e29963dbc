// EventQueue push/pop with the cluster's real payload, in the "hold" pattern of a discrete-event
// loop: the queue holds `range(0)` events; each iteration pops the earliest and pushes one a
// pseudo-random delay later, so the heap stays at that size.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "sim/cluster/cluster_simulation.h"
#include "sim/core/event_queue.h"

namespace gpuplan {
namespace {

// A fixed LCG so every run pushes the same times; the distribution only needs to mix the heap.
class Delays {
 public:
  SimTime Next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<SimTime>((state_ >> 33) % 1'000'000);
  }

 private:
  uint64_t state_ = 42;
};

void BM_EventQueuePushPop(benchmark::State& state) {
  const auto size = static_cast<int>(state.range(0));
  EventQueue<detail::ClusterEvent> queue;
  Delays delays;
  for (int i = 0; i < size; ++i) {
    queue.Push(delays.Next(), EventPhase::kCompletion, detail::StepEndEvent{i});
  }
  for (auto _ : state) {
    const auto event = queue.Pop();
    queue.Push(event.time + delays.Next(), event.phase, event.payload);
  }
  state.SetItemsProcessed(state.iterations());  // one push + one pop per item
}
BENCHMARK(BM_EventQueuePushPop)->Arg(8)->Arg(64)->Arg(1024)->Arg(65536);

}  // namespace
}  // namespace gpuplan
