// The KV capacity a serving engine logged at start-up, so a comparison (or a what-if) runs with
// the cache the real server had rather than the one gpuplan's memory model predicts:
//   vLLM      "GPU KV cache size: 451,744 tokens" (V1), "# GPU blocks: 29205" (V0: x block size)
//   TRT-LLM   "Allocated 39.02 GiB for max tokens in paged KV cache (159808)"
//   SGLang    "max_total_num_tokens=123456"
// The last matching line wins (a restarted server logs again).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gpuplan {

struct LoggedKvCapacity {
  int64_t tokens = 0;
  std::string engine;  // "vllm", "trtllm" or "sglang"
  std::string line;    // the line it came from, trimmed
  int line_number = 0;
};

// `block_size` converts vLLM V0's block count to tokens.
std::optional<LoggedKvCapacity> FindLoggedKvCapacity(const std::string& log, int block_size);

}  // namespace gpuplan
