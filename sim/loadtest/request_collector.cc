#include "sim/loadtest/request_collector.h"

#include <algorithm>

namespace gpuplan {

void RequestCollector::OnInterTokenLatency(const RequestRecord& r, SimTime itl) {
  itls_[r.id].push_back(ToSeconds(itl));
}

void RequestCollector::OnRequestDone(const RequestRecord& r) {
  MeasuredRequest m;
  m.send_s = ToSeconds(r.arrival);
  m.input_tokens = r.prompt_tokens;
  m.output_tokens = r.output_tokens;
  m.ttft_s = ToSeconds(r.Ttft());
  m.latency_s = ToSeconds(r.E2e());
  if (auto it = itls_.find(r.id); it != itls_.end()) {
    m.itls_s = std::move(it->second);
    itls_.erase(it);
  }
  done_.emplace(r.id, std::move(m));
  last_done_ = std::max(last_done_, r.done);
}

std::vector<MeasuredRequest> RequestCollector::Requests() const {
  std::vector<MeasuredRequest> out;
  out.reserve(done_.size());
  for (const auto& [id, r] : done_) out.push_back(r);
  return out;
}

}  // namespace gpuplan
