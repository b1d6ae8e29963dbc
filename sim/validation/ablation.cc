#include "sim/validation/ablation.h"

#include <fmt/format.h>

namespace gpuplan {
namespace {

// Applies `edit` to a covered row's scenario; rows without one are left alone.
std::function<void(RowPlan&)> OnScenario(std::function<void(Scenario&)> edit) {
  return [edit = std::move(edit)](RowPlan& plan) {
    if (plan.scenario) edit(*plan.scenario);
  };
}

}  // namespace

const std::vector<AblationVariant>& AblationVariants() {
  static const std::vector<AblationVariant> kVariants = {
      {"per-engine admission", "vLLM's scheduler (`continuous`) for every engine",
       OnScenario([](Scenario& s) {
         s.scheduler.kind = "continuous";
         s.engine.scheduler = "continuous";
       })},
      {"engine memory rules",
       "KV = nominal memory x utilisation - weights - the preset's fixed reserve",
       OnScenario([](Scenario& s) { s.engine.kv_memory_rule = "fixed_reserve"; })},
      {"engine all-reduce kernels", "every tensor-parallel all-reduce through NCCL",
       OnScenario([](Scenario& s) { s.engine.all_reduce = "nccl"; })},
      {"async scheduling",
       "host time added to every step, and a request arriving during a step joins the next one",
       OnScenario([](Scenario& s) { s.engine.async_scheduling = false; })},
      {"prefix-cached recompute", "a preempted request recomputes everything",
       OnScenario([](Scenario& s) { s.engine.enable_prefix_caching = false; })},
      {"TensorRT-LLM batch waiting",
       "context work never held back, whatever batch_wait_* the recipe sets",
       OnScenario([](Scenario& s) {
         s.scheduler.options.values.erase("batch_wait_timeout_iters");
         s.scheduler.options.values.erase("batch_wait_max_tokens_ratio");
       })},
  };
  return kVariants;
}

const std::vector<AblationVariant>& ClientPacingVariants() {
  auto turnaround = [](double mean_s) {
    return OnScenario([mean_s](Scenario& s) {
      if (!s.workload.arrival || s.workload.arrival->kind != "closed_loop") return;
      ParamValue v;
      v.text = fmt::format("{}", mean_s);
      v.loc = s.workload.arrival->kind_loc;
      s.workload.arrival->options.values["think_time_s"] = v;
    });
  };
  static const std::vector<AblationVariant> kVariants = {
      {"1 ms client turnaround",
       "closed-loop clients wait an exponential 1 ms before sending again", turnaround(0.001)},
      {"10 ms client turnaround",
       "closed-loop clients wait an exponential 10 ms before sending again", turnaround(0.010)},
  };
  return kVariants;
}

}  // namespace gpuplan
