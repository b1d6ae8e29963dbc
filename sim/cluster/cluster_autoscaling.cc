// The autoscaler of autoscaling.h, as ClusterSimulation members: its sync events, replica starts
// (ready after the cold start), scale-downs (drain, then release) and the fleet's time line.
#include <algorithm>
#include <cmath>

#include "sim/cluster/cluster_simulation.h"
#include "sim/core/error.h"

namespace gpuplan {

std::string_view ScalingMetricName(ScalingMetric metric) {
  switch (metric) {
    case ScalingMetric::kRequestsPerReplica:
      return "queue_length";
    case ScalingMetric::kKvUsedFraction:
      return "kv_cache_utilization";
    case ScalingMetric::kGpuBusyFraction:
      return "gpu_utilization";
  }
  return "?";
}

int HpaDesiredReplicas(int current, double metric, double target, double tolerance, int min,
                       int max) {
  const double ratio = target > 0 ? metric / target : 1;
  if (!(std::abs(ratio - 1) > tolerance)) return std::clamp(current, min, max);
  // Clamped before the conversion: a metric far above its target (or not finite) must not
  // overflow the int.
  const double desired = std::ceil(current * ratio - 1e-9);
  if (!(desired >= min)) return min;
  if (desired >= max) return max;
  return static_cast<int>(desired);
}

double PaidReplicaSeconds(const std::vector<ReplicaCountPoint>& points, SimTime from, SimTime to) {
  double sum = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    const SimTime start = std::max(points[i].time, from);
    const SimTime end = std::min(i + 1 < points.size() ? points[i + 1].time : to, to);
    if (end > start) sum += points[i].paid * ToSeconds(end - start);
  }
  return sum;
}

void ClusterSimulation::InitAutoscaling() {
  const AutoscalingOptions& a = *options_.autoscaling;
  GPUPLAN_CHECK(std::isfinite(a.target) && a.target > 0, "autoscaling target {} is not > 0",
                a.target);
  GPUPLAN_CHECK(a.tolerance >= 0, "autoscaling tolerance {} is negative", a.tolerance);
  GPUPLAN_CHECK(a.min_replicas >= 0 && a.max_replicas >= std::max(1, a.min_replicas) &&
                    a.initial_replicas >= a.min_replicas && a.initial_replicas <= a.max_replicas,
                "autoscaling replicas: min {}, max {}, initial {}", a.min_replicas, a.max_replicas,
                a.initial_replicas);
  GPUPLAN_CHECK(replicas_.size() == static_cast<size_t>(a.max_replicas),
                "autoscaling needs max_replicas = {} replica slots, got {}", a.max_replicas,
                replicas_.size());
  GPUPLAN_CHECK(a.sync_period > 0 && a.cold_start >= 0 && a.scale_down_window >= 0,
                "autoscaling periods: sync {} ns, cold start {} ns, window {} ns", a.sync_period,
                a.cold_start, a.scale_down_window);
  autoscaled_ = true;
  slots_.assign(replicas_.size(), SlotState::kOff);
  start_seq_.assign(replicas_.size(), 0);
  busy_at_sync_.assign(replicas_.size(), 0);
  views_.clear();
  for (int32_t i = 0; i < a.initial_replicas; ++i) {
    start_seq_[static_cast<size_t>(i)] = ++starts_;
    slots_[static_cast<size_t>(i)] = SlotState::kRoutable;
    views_.push_back(replicas_[static_cast<size_t>(i)].get());
    ++routable_;
  }
  RecordCounts();
}

void ClusterSimulation::OnSync() {
  const AutoscalingOptions& a = *options_.autoscaling;
  const int32_t started = starting_ + routable_;
  // From zero HPA's ratio has nothing to multiply: the first waiting request starts one.
  const int32_t desired = started == 0
                              ? (held_.empty() ? a.min_replicas : std::max(1, a.min_replicas))
                              : HpaDesiredReplicas(started, ObservedMetric(started), a.target,
                                                   a.tolerance, a.min_replicas, a.max_replicas);
  const int32_t decided = Recommend(desired);
  if (decided > started) ScaleUp(decided - started);
  if (decided < started) ScaleDown(started - decided);
  for (size_t i = 0; i < replicas_.size(); ++i) busy_at_sync_[i] = replicas_[i]->busy_time();
  AccumulateInFlight();
  in_flight_area_ = 0;
  const SimTime next = sim_.now() + a.sync_period;
  if (InFlight() > 0 || pending_arrivals_ > 0 || source_open_ || next <= a.act_until) {
    sim_.Schedule(next, EventPhase::kSampling, detail::SyncEvent{});
  }
}

void ClusterSimulation::AccumulateInFlight() {
  in_flight_area_ += static_cast<double>(InFlight()) * ToSeconds(sim_.now() - in_flight_since_);
  in_flight_since_ = sim_.now();
}

// The metric summed over the routable replicas, divided by every started one (a starting replica
// counts 0). queue_length is the time average over the last sync period of every request in the
// system (running, waiting, in the cluster queue or on a draining replica), as a Prometheus
// avg_over_time query serves it: a sample at the sync instant alone would swing with every batch.
double ClusterSimulation::ObservedMetric(int32_t started) {
  const AutoscalingOptions& a = *options_.autoscaling;
  double total = 0;
  if (a.metric == ScalingMetric::kRequestsPerReplica) {
    AccumulateInFlight();
    total = in_flight_area_ / ToSeconds(a.sync_period);
  }
  for (const Replica* view : views_) {
    const size_t i = static_cast<size_t>(view->index());
    switch (a.metric) {
      case ScalingMetric::kRequestsPerReplica:
        break;
      case ScalingMetric::kKvUsedFraction:
        total += static_cast<double>(view->kv().num_used()) / view->kv().num_blocks();
        break;
      case ScalingMetric::kGpuBusyFraction:
        // Busy time is counted when a step is formed: a step running past the sync is cut off.
        total += std::min(
            1.0, ToSeconds(view->busy_time() - busy_at_sync_[i]) / ToSeconds(a.sync_period));
        break;
    }
  }
  return total / started;
}

// HPA's scale-down stabilisation: the largest recommendation of the window (this one included).
int32_t ClusterSimulation::Recommend(int32_t desired) {
  const SimTime window = options_.autoscaling->scale_down_window;
  while (!recommendations_.empty() && recommendations_.front().first + window <= sim_.now()) {
    recommendations_.pop_front();
  }
  recommendations_.emplace_back(sim_.now(), desired);
  int32_t most = desired;
  for (const auto& [time, count] : recommendations_) most = std::max(most, count);
  return most;
}

void ClusterSimulation::ScaleUp(int32_t count) {
  for (int32_t k = 0; k < count; ++k) {
    const auto off = std::find(slots_.begin(), slots_.end(), SlotState::kOff);
    if (off != slots_.end()) {
      const size_t i = static_cast<size_t>(off - slots_.begin());
      slots_[i] = SlotState::kStarting;
      // A released replica is a new process when it starts again: nothing of its old prefix
      // cache survives (a slot never started is fresh already).
      replicas_[i]->StartCold();
      start_seq_[i] = ++starts_;
      ++starting_;
      sim_.Schedule(sim_.now() + options_.autoscaling->cold_start, EventPhase::kCompletion,
                    detail::ReadyEvent{static_cast<int32_t>(i), start_seq_[i]});
      continue;
    }
    // Every slot is in use: take back the newest draining replica (one exists, since
    // started < max_replicas here).
    size_t newest = slots_.size();
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i] != SlotState::kDraining) continue;
      if (newest == slots_.size() || start_seq_[i] > start_seq_[newest]) newest = i;
    }
    GPUPLAN_CHECK(newest < slots_.size(), "scale-up found no replica slot");
    --draining_;
    ++starting_;  // MakeRoutable moves it on to routable
    MakeRoutable(static_cast<int32_t>(newest));
  }
  RecordCounts();
}

void ClusterSimulation::ScaleDown(int32_t count) {
  for (int32_t k = 0; k < count; ++k) {
    size_t newest = slots_.size();
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i] != SlotState::kStarting && slots_[i] != SlotState::kRoutable) continue;
      if (newest == slots_.size() || start_seq_[i] > start_seq_[newest]) newest = i;
    }
    GPUPLAN_CHECK(newest < slots_.size(), "scale-down found no started replica");
    if (slots_[newest] == SlotState::kStarting) {  // cancelled: its ready event is ignored
      slots_[newest] = SlotState::kOff;
      --starting_;
      continue;
    }
    const Replica* leaving = replicas_[newest].get();
    views_.erase(std::find(views_.begin(), views_.end(), leaving));
    slots_[newest] = SlotState::kDraining;
    --routable_;
    ++draining_;
    ReleaseIfDrained(static_cast<int32_t>(newest));
  }
  RecordCounts();
}

void ClusterSimulation::OnReady(const detail::ReadyEvent& event) {
  const size_t i = static_cast<size_t>(event.replica);
  if (slots_[i] != SlotState::kStarting || start_seq_[i] != event.start) return;
  MakeRoutable(event.replica);
  RecordCounts();
}

// A starting replica becomes routable; requests waiting in the cluster queue go to the router
// first (they arrived before any request of this instant).
void ClusterSimulation::MakeRoutable(int32_t replica) {
  const size_t i = static_cast<size_t>(replica);
  slots_[i] = SlotState::kRoutable;
  --starting_;
  ++routable_;
  busy_at_sync_[i] = replicas_[i]->busy_time();
  const auto at = std::lower_bound(views_.begin(), views_.end(), replica,
                                   [](const Replica* v, int32_t r) { return v->index() < r; });
  views_.insert(at, replicas_[i].get());
  if (held_.empty()) return;
  to_route_.insert(to_route_.begin(), held_.begin(), held_.end());
  held_.clear();
  if (!route_pending_) {
    route_pending_ = true;
    sim_.ScheduleNow(EventPhase::kRouting, detail::RouteEvent{});
  }
}

void ClusterSimulation::ReleaseIfDrained(int32_t replica) {
  const size_t i = static_cast<size_t>(replica);
  const Replica& rep = *replicas_[i];
  if (slots_[i] != SlotState::kDraining || rep.has_work() || rep.busy()) return;
  Release(replica);
}

void ClusterSimulation::Release(int32_t replica) {
  slots_[static_cast<size_t>(replica)] = SlotState::kOff;
  --draining_;
  RecordCounts();
}

void ClusterSimulation::RecordCounts() {
  const int32_t started = starting_ + routable_;
  GPUPLAN_CHECK(starting_ >= 0 && routable_ >= 0 && draining_ >= 0 &&
                    started <= options_.autoscaling->max_replicas &&
                    views_.size() == static_cast<size_t>(routable_),
                "replica counts broken: starting {}, routable {} ({} routed to), draining {}, "
                "max {}",
                starting_, routable_, views_.size(), draining_, options_.autoscaling->max_replicas);
  const ReplicaCountPoint point{sim_.now(), started, routable_, started + draining_};
  if (!counts_.empty() && counts_.back().time == point.time) {
    counts_.back() = point;
    if (counts_.size() < 2) return;
    const ReplicaCountPoint& before = counts_[counts_.size() - 2];
    if (before.started == point.started && before.routable == point.routable &&
        before.paid == point.paid) {
      counts_.pop_back();
    }
    return;
  }
  if (!counts_.empty() && counts_.back().started == point.started &&
      counts_.back().routable == point.routable && counts_.back().paid == point.paid) {
    return;
  }
  counts_.push_back(point);
}

}  // namespace gpuplan
