// Fuzz harness: every trace reader of sim/workload/trace_workload.h. The first byte picks the
// format (its value mod 6, in kReaders order) and two replay options (max_requests and the
// Mooncake spreading); the rest is the file, written to the scratch folder and read back.
#include <array>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "sim/workload/trace_workload.h"

namespace {

using gpuplan::TraceOptions;
using gpuplan::TraceWorkload;

struct Reader {
  std::string_view file;  // the scratch file name: one per format, for readable messages
  std::shared_ptr<const TraceWorkload> (*load)(const TraceOptions&);
};

constexpr std::array<Reader, 6> kReaders = {{
    {"azure_llm_2023.csv", gpuplan::LoadAzureLlm2023Trace},
    {"mooncake.jsonl", gpuplan::LoadMooncakeTrace},
    {"vidur.csv", gpuplan::LoadVidurCsvTrace},
    {"splitwise.csv", gpuplan::LoadSplitwiseCsvTrace},
    {"request.csv", gpuplan::LoadRequestCsvTrace},
    {"measured_requests.csv", gpuplan::LoadMeasuredRequestsCsvTrace},
}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  const Reader& reader = kReaders[selector % kReaders.size()];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  TraceOptions options;
  options.path = gpuplan::fuzz::WriteScratchFile(reader.file, text).string();
  // Bits above the format: a small max_requests exercises the early stop of TraceReadLimit.
  if ((selector / kReaders.size()) % 2 == 1) options.max_requests = 3;
  options.spread_quantised = (selector / (2 * kReaders.size())) % 2 == 0;
  gpuplan::fuzz::ExpectOnlyUserErrors([&] { reader.load(options); });
  return 0;
}
