// Ablation: which modelling item moved which error. Each variant turns one engine-fidelity item
// back to how gpuplan modelled it before (vLLM's admission for every engine, a fixed memory
// reserve, NCCL for every all-reduce, host time never overlapped, no benchmark-recipe settings,
// ...), the validation runs again, and the table shows the errors with everything on and with
// each item off, so a reader sees what each item is worth on the same rows.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/validation/row_scenario.h"

namespace gpuplan {

struct AblationVariant {
  std::string name;         // "per-engine admission"
  std::string description;  // what turning it off does
  std::function<void(RowPlan&)> turn_off;
};

// Every item of the engine-fidelity model, in the order they were added.
const std::vector<AblationVariant>& AblationVariants();

// How much the errors depend on how the benchmark clients pace their requests: closed-loop
// clients that wait an exponential turnaround (mean 1 ms, then 10 ms) after each completion
// before sending again, instead of at once (vllm bench serve's semaphore releases the next task
// as soon as a request ends). A turnaround desynchronises clients that a fixed length keeps in
// lock-step.
const std::vector<AblationVariant>& ClientPacingVariants();

}  // namespace gpuplan
