// ClusterSimulation: THE event loop of a run. It pulls requests lazily from a RequestSource,
// routes them to replicas, drives each replica's engine iterations, and reports to a
// MetricsSink. Same-instant order is EventPhase's: arrivals, step completions (freeing KV),
// routing (of every arrival of the instant, as a batch), scheduling (one deduplicated Schedule
// event per replica, so a step formed at t sees every arrival and every freed block of t),
// sampling. An arrival at exactly the time a step ends therefore joins the step formed then.
// Requests are numbered 0, 1, 2, ... in arrival order (RequestRecord::id).
//
// The run ends when the source is exhausted (or a limit in ClusterOptions stops it) and every
// request has finished or been dropped. Requests a replica can never serve are dropped with a
// reason (counted in ClusterRunStats), never left to stall the run. Always-on invariants:
// time never decreases, KV blocks are conserved on every replica, no request runs before it
// arrives, and at the end arrived == finished + dropped with every KV block free.
//
// With ClusterOptions::autoscaling the replicas given are slots: the controller of autoscaling.h
// starts and stops them during the run (cluster_autoscaling.cc), routers see only the routable
// ones, and arrivals wait in a cluster-level queue while none is. Without it every replica is
// routable from start to end and the loop schedules no controller event.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/cluster/autoscaling.h"
#include "sim/cluster/router.h"
#include "sim/core/simulator.h"
#include "sim/engine/replica.h"
#include "sim/metrics/sink.h"
#include "sim/workload/request_source.h"

namespace gpuplan {

struct ClusterOptions {
  SimTime timeseries_interval = kNanosPerSecond;  // snapshot period; 0 = no snapshots
  int64_t max_requests = INT64_MAX;               // the source is not read past this many arrivals
  SimTime arrival_horizon = kSimTimeMax;          // arrivals at or after this time are not admitted
  // Called after a replica formed a step [start, end): its plan(), batch_shape() and
  // step_time() describe the step. Used for op breakdowns and batch dumps; may be empty.
  std::function<void(const Replica& replica, SimTime start, SimTime end)> on_step_formed;
  // Scale the fleet during the run (autoscaling.h); nullopt: a fixed fleet.
  std::optional<AutoscalingOptions> autoscaling;
};

struct DropSummary {
  DropReason reason = DropReason::kInvalidRequest;
  int64_t count = 0;
  std::string first_message;  // the first such drop, with its numbers
};

struct ClusterRunStats {
  int64_t requests_arrived = 0;
  int64_t requests_finished = 0;
  int64_t requests_dropped = 0;
  std::vector<DropSummary> drops;  // one entry per reason that occurred, in DropReason order
  int64_t steps = 0;
  uint64_t events = 0;
  SimTime end_time = 0;               // last arrival, step end or drop
  std::vector<SimTime> replica_busy;  // per replica: total time with a step in flight
  int64_t preemptions = 0;
  // With autoscaling: the fleet at t = 0 and at every change, and its paid replica-seconds over
  // [0, end_time]. Empty and 0 for a fixed fleet.
  std::vector<ReplicaCountPoint> replica_counts;
  double paid_replica_seconds = 0;

  // Mean over replicas of busy time / end_time (0 for an empty run).
  double GpuBusyFraction() const;
};

namespace detail {
struct ArrivalEvent {
  RequestSpec request;
  bool chained;  // came from RequestSource::Next(): pull the next one when it arrives
};
struct StepEndEvent {
  int32_t replica;
};
struct RouteEvent {};
struct ScheduleEvent {
  int32_t replica;
};
struct SampleEvent {};
struct SyncEvent {};  // the autoscaler's periodic decision
struct ReadyEvent {   // a started replica finished its cold start
  int32_t replica;
  uint64_t start;  // which start of that slot (a cancelled start's event is ignored)
};
using ClusterEvent = std::variant<ArrivalEvent, StepEndEvent, RouteEvent, ScheduleEvent,
                                  SampleEvent, SyncEvent, ReadyEvent>;
}  // namespace detail

class ClusterSimulation {
 public:
  // `source` and `sink` must outlive Run(). Replica i must have index() == i. With autoscaling
  // there must be exactly max_replicas of them, idle.
  ClusterSimulation(std::vector<std::unique_ptr<Replica>> replicas, std::unique_ptr<Router> router,
                    RequestSource& source, MetricsSink& sink, const ClusterOptions& options = {});

  // Runs to the end (once).
  ClusterRunStats Run();

  const std::vector<std::unique_ptr<Replica>>& replicas() const { return replicas_; }

 private:
  using Event = gpuplan::Event<detail::ClusterEvent>;

  void Dispatch(const Event& event);
  void OnArrival(const detail::ArrivalEvent& event);
  void OnRoute();
  void OnSchedule(int32_t replica);
  void OnStepEnd(int32_t replica);
  void OnSample();
  void RouteOne(const RoutedRequest& spec);

  // Autoscaling (cluster_autoscaling.cc).
  enum class SlotState : uint8_t { kOff, kStarting, kRoutable, kDraining };
  void InitAutoscaling();
  void OnSync();
  void OnReady(const detail::ReadyEvent& event);
  double ObservedMetric(int32_t started);
  int32_t Recommend(int32_t desired);
  void ScaleUp(int32_t count);
  void ScaleDown(int32_t count);
  void MakeRoutable(int32_t replica);
  void Release(int32_t replica);
  void ReleaseIfDrained(int32_t replica);
  void RecordCounts();
  void AccumulateInFlight();  // before arrived_, finished_ or dropped_ change
  bool Paid(size_t replica) const { return !autoscaled_ || slots_[replica] != SlotState::kOff; }

  void PullNext();
  void ScheduleArrival(const RequestSpec& request, bool chained);
  void Wake(int32_t replica);
  void Drop(uint64_t id, int32_t client, const Rejection& rejection);
  void ClientDone(int32_t client);
  int64_t InFlight() const { return arrived_ - finished_ - dropped_; }
  void CheckEnd() const;
  ClusterRunStats Stats() const;

  std::vector<std::unique_ptr<Replica>> replicas_;
  std::vector<const Replica*> views_;  // what the router sees
  std::unique_ptr<Router> router_;
  RequestSource& source_;
  MetricsSink& sink_;
  ClusterOptions options_;
  Simulator<detail::ClusterEvent> sim_;

  bool ran_ = false;
  bool source_open_ = true;       // RequestSource::Next() may still be called
  int64_t pulled_ = 0;            // requests taken from the source (Next and OnComplete)
  int64_t pending_arrivals_ = 0;  // arrival events in the queue
  uint64_t next_id_ = 0;
  int64_t arrived_ = 0;
  int64_t finished_ = 0;
  int64_t dropped_ = 0;
  SimTime last_activity_ = 0;
  bool route_pending_ = false;
  std::vector<RoutedRequest> to_route_;
  std::vector<uint8_t> wake_pending_;
  std::array<DropSummary, kNumDropReasons> drops_{};

  // Autoscaling state (all empty or zero without it).
  bool autoscaled_ = false;
  std::vector<SlotState> slots_;
  std::vector<uint64_t> start_seq_;  // per slot: when it was last started (larger = newer)
  uint64_t starts_ = 0;
  int32_t starting_ = 0;
  int32_t routable_ = 0;
  int32_t draining_ = 0;
  std::deque<RoutedRequest> held_;  // the cluster-level queue: arrivals with no routable replica
  std::deque<std::pair<SimTime, int32_t>> recommendations_;  // the stabilisation window
  std::vector<SimTime> busy_at_sync_;
  double in_flight_area_ = 0;  // request-seconds in the system since the last sync
  SimTime in_flight_since_ = 0;
  std::vector<ReplicaCountPoint> counts_;
};

}  // namespace gpuplan
