// The engine settings a measured row's launch command sets (gpustack rows keep the flags of
// `vllm serve`, `trtllm-serve` and `sglang.launch_server` verbatim in `serve_flags=...`). Each
// engine spells a knob its own way (-tp / --tp-size / --tp_size); they all land in one field here.
// Flags that change what runs in a way gpuplan does not model (speculative decoding, attention
// data parallelism) make the row not covered; flags with no effect on performance (chat
// templates, parsers) are listed as ignored; flags nobody told gpuplan about are listed as unknown.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpuplan {

struct ServeFlags {
  std::optional<int> tp, pp, dp;
  std::optional<int> max_num_seqs;            // vLLM max-num-seqs, TRT-LLM max_batch_size, ...
  std::optional<int> max_num_batched_tokens;  // vLLM max-num-batched-tokens, TRT-LLM max_num_tokens
  std::optional<int> max_model_len;           // vLLM max-model-len, TRT-LLM max_seq_len, ...
  std::optional<double> gpu_memory_utilization;  // or SGLang mem-fraction-static
  std::optional<bool> enable_chunked_prefill;
  bool async_scheduling = false;  // vLLM --async-scheduling
  std::optional<std::string> kv_cache_dtype;
  // vLLM's --compilation-config cudagraph_mode or --enforce-eager, as EngineSpec::cuda_graph_mode
  // ("piecewise", "full_decode_only", "none").
  std::optional<std::string> cuda_graph_mode;
  std::string unsupported;           // the first flag gpuplan cannot model, with why; "" if none
  std::vector<std::string> ignored;  // flags without a performance effect gpuplan models
  std::vector<std::string> unknown;  // flags not in the table
  std::string malformed;             // a flag whose value is missing or not a number
};

// Parses a space-separated flag list ("-tp 4 --max-num-batched-tokens 16384"). A JSON value
// (--compilation-config '{"cudagraph_mode": "FULL_DECODE_ONLY"}') may span several words.
ServeFlags ParseServeFlags(std::string_view flags);

}  // namespace gpuplan
