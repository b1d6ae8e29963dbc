// Fuzz harness: the plan.json codec's reader (ParsePlanDocument, sim/documents/plan_document.h,
// over the JSON parser of sim/util/json_value.h), which `gpuplan report` uses for a plan folder.
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "sim/documents/plan_document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gpuplan::fuzz::ExpectOnlyUserErrors(
      [&] { gpuplan::ParsePlanDocument(gpuplan::fuzz::AsText(data, size), "plan.json"); });
  return 0;
}
