#include "sim/cluster/cluster_simulation.h"

#include <variant>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

// The overload set std::visit dispatches on.
template <class... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
// Clang before 17 lacks C++20 aggregate deduction (the fuzz build, docs/fuzzing.md, uses clang 14).
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

}  // namespace

double ClusterRunStats::GpuBusyFraction() const {
  if (end_time <= 0 || replica_busy.empty()) return 0.0;
  double sum = 0;
  for (const SimTime busy : replica_busy) sum += ToSeconds(busy);
  // An autoscaled fleet is judged on the replica-time it paid for, not on every slot.
  if (!replica_counts.empty()) return paid_replica_seconds > 0 ? sum / paid_replica_seconds : 0.0;
  return sum / static_cast<double>(replica_busy.size()) / ToSeconds(end_time);
}

ClusterSimulation::ClusterSimulation(std::vector<std::unique_ptr<Replica>> replicas,
                                     std::unique_ptr<Router> router, RequestSource& source,
                                     MetricsSink& sink, const ClusterOptions& options)
    : replicas_(std::move(replicas)),
      router_(std::move(router)),
      source_(source),
      sink_(sink),
      options_(options) {
  GPUPLAN_CHECK(!replicas_.empty(), "a cluster needs at least one replica");
  GPUPLAN_CHECK(router_ != nullptr, "a cluster needs a router");
  GPUPLAN_CHECK(options_.timeseries_interval >= 0, "negative time-series interval");
  for (size_t i = 0; i < replicas_.size(); ++i) {
    GPUPLAN_CHECK(replicas_[i] != nullptr && replicas_[i]->index() == static_cast<int32_t>(i),
                  "replica {} is missing or has the wrong index", i);
    views_.push_back(replicas_[i].get());
  }
  wake_pending_.assign(replicas_.size(), 0);
  if (options_.autoscaling) InitAutoscaling();
}

ClusterRunStats ClusterSimulation::Run() {
  GPUPLAN_CHECK(!ran_, "ClusterSimulation::Run called twice");
  ran_ = true;
  PullNext();
  if (options_.timeseries_interval > 0) {
    sim_.Schedule(options_.timeseries_interval, EventPhase::kSampling, detail::SampleEvent{});
  }
  if (autoscaled_) {
    sim_.Schedule(options_.autoscaling->sync_period, EventPhase::kSampling, detail::SyncEvent{});
  }
  sim_.Run([this](const Event& event) { Dispatch(event); });
  CheckEnd();
  return Stats();
}

// Every event kind has exactly one handler: a kind added to ClusterEvent without one does not
// compile (std::visit over an overload set), where an if-chain would route it to the last branch.
void ClusterSimulation::Dispatch(const Event& event) {
  std::visit(Overloaded{[this](const detail::ArrivalEvent& e) { OnArrival(e); },
                        [this](const detail::StepEndEvent& e) { OnStepEnd(e.replica); },
                        [this](const detail::RouteEvent&) { OnRoute(); },
                        [this](const detail::ScheduleEvent& e) { OnSchedule(e.replica); },
                        [this](const detail::SampleEvent&) { OnSample(); },
                        [this](const detail::SyncEvent&) { OnSync(); },
                        [this](const detail::ReadyEvent& e) { OnReady(e); }},
             event.payload);
}

void ClusterSimulation::PullNext() {
  if (!source_open_) return;
  RequestSpec next;
  if (pulled_ >= options_.max_requests || !source_.Next(&next) ||
      next.arrival >= options_.arrival_horizon) {
    source_open_ = false;
    return;
  }
  ScheduleArrival(next, /*chained=*/true);
}

void ClusterSimulation::ScheduleArrival(const RequestSpec& request, bool chained) {
  GPUPLAN_CHECK(request.arrival >= sim_.now(),
                "request source went back in time: arrival at {} ns after now {} ns",
                request.arrival, sim_.now());
  ++pulled_;
  ++pending_arrivals_;
  sim_.Schedule(request.arrival, EventPhase::kArrival, detail::ArrivalEvent{request, chained});
}

void ClusterSimulation::OnArrival(const detail::ArrivalEvent& event) {
  --pending_arrivals_;
  // Each arrival schedules the next one, so only one open-loop arrival is ever queued.
  if (event.chained) PullNext();
  const RequestSpec& a = event.request;
  to_route_.push_back({next_id_++, a.arrival, a.prompt_tokens, a.output_tokens, a.client});
  if (autoscaled_) AccumulateInFlight();
  ++arrived_;
  last_activity_ = sim_.now();
  sink_.OnArrival(sim_.now());
  // Route every arrival of this instant together, after the instant's completions.
  if (!route_pending_) {
    route_pending_ = true;
    sim_.ScheduleNow(EventPhase::kRouting, detail::RouteEvent{});
  }
}

void ClusterSimulation::OnRoute() {
  route_pending_ = false;
  if (views_.empty()) {  // no routable replica (autoscaling): wait in the cluster queue
    held_.insert(held_.end(), to_route_.begin(), to_route_.end());
  } else {
    for (const RoutedRequest& spec : to_route_) RouteOne(spec);
  }
  to_route_.clear();
}

// The router picks among the routable replicas (views_, in index order); without autoscaling
// that is every replica, so view k is replica k.
void ClusterSimulation::RouteOne(const RoutedRequest& spec) {
  const int32_t v = router_->Route(spec, views_);
  GPUPLAN_CHECK(v >= 0 && static_cast<size_t>(v) < views_.size(),
                "router '{}' chose replica {} of {}", router_->name(), v, views_.size());
  const int32_t r = views_[static_cast<size_t>(v)]->index();
  if (auto rejection = replicas_[static_cast<size_t>(r)]->Enqueue(spec, sim_.now())) {
    Drop(spec.id, spec.client, *rejection);
  } else {
    Wake(r);
  }
}

void ClusterSimulation::Wake(int32_t replica) {
  const size_t i = static_cast<size_t>(replica);
  if (wake_pending_[i] || replicas_[i]->busy()) return;  // a busy replica wakes at step end
  wake_pending_[i] = 1;
  sim_.ScheduleNow(EventPhase::kScheduling, detail::ScheduleEvent{replica});
}

void ClusterSimulation::OnSchedule(int32_t replica) {
  Replica& rep = *replicas_[static_cast<size_t>(replica)];
  wake_pending_[static_cast<size_t>(replica)] = 0;
  if (rep.busy()) return;
  SimTime end = 0;
  const bool stepping = rep.FormStep(sim_.now(), &end);
  for (const DroppedRequest& d : rep.dropped()) Drop(d.id, d.client, d.rejection);
  if (!stepping) {
    if (autoscaled_) ReleaseIfDrained(replica);  // its last request may have been dropped
    return;
  }
  if (options_.on_step_formed) options_.on_step_formed(rep, sim_.now(), end);
  sim_.Schedule(end, EventPhase::kCompletion, detail::StepEndEvent{replica});
}

void ClusterSimulation::OnStepEnd(int32_t replica) {
  Replica& rep = *replicas_[static_cast<size_t>(replica)];
  rep.ApplyStep(sim_.now(), sink_);
  rep.kv().CheckConservation();
  last_activity_ = sim_.now();
  if (autoscaled_) AccumulateInFlight();
  finished_ += static_cast<int64_t>(rep.finished().size());
  for (const FinishedRequest& f : rep.finished()) ClientDone(f.client);
  if (rep.has_work()) {
    Wake(replica);
  } else if (autoscaled_) {
    ReleaseIfDrained(replica);
  }
}

void ClusterSimulation::Drop(uint64_t id, int32_t client, const Rejection& rejection) {
  if (autoscaled_) AccumulateInFlight();
  ++dropped_;
  last_activity_ = sim_.now();
  DropSummary& s = drops_[static_cast<size_t>(rejection.reason)];
  if (s.count++ == 0) {
    s.reason = rejection.reason;
    s.first_message = fmt::format("request {}: {}", id, rejection.message);
  }
  ClientDone(client);
}

void ClusterSimulation::ClientDone(int32_t client) {
  if (client < 0 || pulled_ >= options_.max_requests) return;
  RequestSpec next;
  if (!source_.OnComplete(client, sim_.now(), &next)) return;
  if (next.arrival >= options_.arrival_horizon) return;  // this client stops
  ScheduleArrival(next, /*chained=*/false);
}

void ClusterSimulation::OnSample() {
  const bool work_remains = InFlight() > 0 || pending_arrivals_ > 0;
  if (!work_remains && !source_open_) return;  // the run is over; no snapshot past its end
  Snapshot s{.time = sim_.now()};
  s.waiting = static_cast<int64_t>(held_.size());
  for (size_t i = 0; i < replicas_.size(); ++i) {
    if (!Paid(i)) continue;  // a replica slot the autoscaler has not started holds no KV
    const auto& rep = replicas_[i];
    s.waiting += rep->num_waiting();
    s.running += rep->num_running();
    s.kv_blocks_used += rep->kv().num_used();
    s.kv_blocks_total += rep->kv().num_blocks();
  }
  sink_.OnSnapshot(s);
  if (work_remains) {
    sim_.Schedule(sim_.now() + options_.timeseries_interval, EventPhase::kSampling,
                  detail::SampleEvent{});
  }
}

void ClusterSimulation::CheckEnd() const {
  GPUPLAN_CHECK(InFlight() == 0 && pending_arrivals_ == 0 && held_.empty(),
                "run ended with requests in flight: arrived {} != finished {} + dropped {}",
                arrived_, finished_, dropped_);
  for (const auto& rep : replicas_) {
    GPUPLAN_CHECK(!rep->has_work() && !rep->busy() && rep->kv().num_used() == 0,
                  "replica {} ended with work or KV blocks held ({} used)", rep->index(),
                  rep->kv().num_used());
    rep->kv().CheckConservation();
  }
}

ClusterRunStats ClusterSimulation::Stats() const {
  ClusterRunStats stats;
  stats.requests_arrived = arrived_;
  stats.requests_finished = finished_;
  stats.requests_dropped = dropped_;
  for (const DropSummary& d : drops_) {
    if (d.count > 0) stats.drops.push_back(d);
  }
  stats.events = sim_.events_handled();
  stats.end_time = last_activity_;
  for (const auto& rep : replicas_) {
    stats.steps += rep->num_steps();
    stats.preemptions += rep->num_preemptions();
    stats.replica_busy.push_back(rep->busy_time());
  }
  if (autoscaled_) {
    stats.replica_counts = counts_;
    stats.paid_replica_seconds = PaidReplicaSeconds(counts_, 0, last_activity_);
  }
  return stats;
}

}  // namespace gpuplan
