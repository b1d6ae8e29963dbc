// Fuzz harness: the batch dump readers of sim/replay/batch_dump.h: the dump `--dump-batches`
// writes (ReadBatchDump) and the measured step times of `gpuplan-calibrate replay`
// (ReadMeasuredSteps), both JSON lines, each fed the whole input.
#include "sim/replay/batch_dump.h"

#include <cstdint>
#include <sstream>

#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = gpuplan::fuzz::AsText(data, size);
  gpuplan::fuzz::ExpectOnlyUserErrors([&] {
    std::istringstream in(text);
    gpuplan::ReadBatchDump(in, "dump.jsonl");
  });
  gpuplan::fuzz::ExpectOnlyUserErrors([&] {
    std::istringstream in(text);
    gpuplan::ReadMeasuredSteps(in, "measured.jsonl");
  });
  return 0;
}
