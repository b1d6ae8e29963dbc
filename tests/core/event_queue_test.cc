#include "sim/core/event_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/core/simulator.h"

namespace gpuplan {
namespace {

TEST(EventQueueTest, OrdersByTimeThenPhaseThenInsertion) {
  EventQueue<std::string> q;
  q.Push(10, EventPhase::kScheduling, "t10-sched");
  q.Push(10, EventPhase::kArrival, "t10-arrival-a");
  q.Push(5, EventPhase::kSampling, "t5-sample");
  q.Push(10, EventPhase::kCompletion, "t10-completion");
  q.Push(10, EventPhase::kArrival, "t10-arrival-b");
  q.Push(10, EventPhase::kRouting, "t10-routing");
  q.Push(10, EventPhase::kSampling, "t10-sample");
  std::vector<std::string> order;
  while (!q.empty()) order.push_back(q.Pop().payload);
  // The same-instant order is the EventPhase order, and within a phase the insertion order.
  EXPECT_EQ(order,
            (std::vector<std::string>{"t5-sample", "t10-arrival-a", "t10-arrival-b",
                                      "t10-completion", "t10-routing", "t10-sched", "t10-sample"}));
}

TEST(EventQueueTest, PhaseEnumValuesArePinned) {
  // Reordering the enum silently changes every simulation; this test makes it a visible change.
  EXPECT_LT(EventPhase::kArrival, EventPhase::kCompletion);
  EXPECT_LT(EventPhase::kCompletion, EventPhase::kRouting);
  EXPECT_LT(EventPhase::kRouting, EventPhase::kScheduling);
  EXPECT_LT(EventPhase::kScheduling, EventPhase::kSampling);
}

TEST(EventQueueTest, ManyEventsComeOutSorted) {
  EventQueue<int> q;
  uint64_t x = 12345;
  for (int i = 0; i < 10000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    q.Push(static_cast<SimTime>(x >> 50), static_cast<EventPhase>((x >> 20) % 5), i);
  }
  SimTime last_time = -1;
  int last_phase = -1;
  while (!q.empty()) {
    auto e = q.Pop();
    const int phase = static_cast<int>(e.phase);
    ASSERT_TRUE(e.time > last_time || (e.time == last_time && phase >= last_phase));
    last_time = e.time;
    last_phase = phase;
  }
}

TEST(EventQueueTest, PopOnEmptyIsAnInternalError) {
  EventQueue<int> q;
  EXPECT_THROW(q.Pop(), InternalError);
}

TEST(SimulatorTest, RunsHandlersInOrderAndAdvancesTime) {
  Simulator<int> sim;
  std::vector<std::pair<SimTime, int>> seen;
  sim.Schedule(20, EventPhase::kArrival, 2);
  sim.Schedule(10, EventPhase::kArrival, 1);
  sim.Run([&](const Event<int>& e) {
    seen.emplace_back(sim.now(), e.payload);
    if (e.payload == 1) sim.Schedule(15, EventPhase::kCompletion, 3);
  });
  EXPECT_EQ(seen, (std::vector<std::pair<SimTime, int>>{{10, 1}, {15, 3}, {20, 2}}));
  EXPECT_EQ(sim.now(), 20);
  EXPECT_EQ(sim.events_handled(), 3u);
}

TEST(SimulatorTest, RefusesEventsInThePast) {
  Simulator<int> sim;
  sim.Schedule(10, EventPhase::kArrival, 1);
  EXPECT_THROW(sim.Run([&](const Event<int>&) { sim.Schedule(9, EventPhase::kArrival, 2); }),
               InternalError);
}

TEST(SimulatorTest, RunStopsAtTheHorizonInclusive) {
  Simulator<int> sim;
  sim.Schedule(10, EventPhase::kArrival, 1);
  sim.Schedule(11, EventPhase::kArrival, 2);
  int handled = 0;
  sim.Run([&](const Event<int>&) { ++handled; }, 10);
  EXPECT_EQ(handled, 1);
  EXPECT_FALSE(sim.idle());
}

}  // namespace
}  // namespace gpuplan
