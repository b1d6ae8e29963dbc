#include "sim/runner/batch_dump_observer.h"

#include "sim/engine/replica.h"

namespace gpuplan {

BatchDumpObserver::BatchDumpObserver(std::ostream& out,
                                     const std::map<std::string, std::string>& meta)
    : writer_(out) {
  writer_.WriteMeta(meta);
}

void BatchDumpObserver::OnStepFormed(const Replica& replica, SimTime start, SimTime end,
                                     const StepTime& step) {
  const size_t r = static_cast<size_t>(replica.index());
  if (next_step_.size() <= r) next_step_.resize(r + 1, 0);
  step_.step = next_step_[r]++;
  step_.replica = replica.index();
  step_.start = start;
  step_.end = end;
  step_.predicted_us = step.total_s * 1e6;
  step_.seqs.clear();
  const ReplicaState& state = replica.state();
  for (const StepItem& item : replica.plan().items) {
    const Request& req = state.pool[item.slot];
    if (seen_.insert(req.record.id).second) {
      writer_.WriteRequest(
          {req.record.id, req.record.arrival, req.record.prompt_tokens, req.record.output_tokens});
    }
    DumpedSeq seq;
    seq.id = req.record.id;
    seq.q_len = item.num_new_tokens;
    seq.kv_len = req.num_computed + item.num_new_tokens;
    seq.token = seq.kv_len == req.num_tokens();
    // The replica's rule (Replica::BuildShape), so the dump matches what was predicted: one
    // new token of a request that has produced output is a decode, anything else a prefill.
    seq.prefill = !(req.num_generated > 0 && item.num_new_tokens == 1);
    seq.done = seq.token && req.num_generated + 1 >= req.record.output_tokens;
    seq.blocks = req.blocks;
    step_.seqs.push_back(std::move(seq));
  }
  writer_.WriteStep(step_);
}

}  // namespace gpuplan
