// Fuzz harness: the plan.json reader `gpuplan report` uses for a plan folder (ParsePlanData,
// over the JSON parser of sim/util/json_value.h).
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "reports/plan_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gpuplan::fuzz::ExpectOnlyUserErrors(
      [&] { gpuplan::report::ParsePlanData(gpuplan::fuzz::AsText(data, size), "plan.json"); });
  return 0;
}
