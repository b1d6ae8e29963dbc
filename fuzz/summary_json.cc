// Fuzz harness: the summary.json reader `gpuplan report` uses for a run folder (the codec of
// sim/documents/summary_document.h, ParseSummaryDocument, over the JSON parser of
// sim/util/json_value.h).
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "sim/documents/summary_document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gpuplan::fuzz::ExpectOnlyUserErrors(
      [&] { gpuplan::ParseSummaryDocument(gpuplan::fuzz::AsText(data, size), "summary.json"); });
  return 0;
}
