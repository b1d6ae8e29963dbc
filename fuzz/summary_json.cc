// Fuzz harness: the summary.json reader `gpuplan report` uses for a run folder (ParseRunSummary,
// over the JSON parser of sim/util/json_value.h).
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "reports/run_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gpuplan::fuzz::ExpectOnlyUserErrors(
      [&] { gpuplan::report::ParseRunSummary(gpuplan::fuzz::AsText(data, size), "summary.json"); });
  return 0;
}
