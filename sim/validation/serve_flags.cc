#include "sim/validation/serve_flags.h"

#include <fmt/format.h>

#include <sstream>

#include "sim/util/options.h"

namespace gpuplan {
namespace {

enum class Knob {
  kTp,
  kPp,
  kDp,
  kMaxNumSeqs,
  kMaxBatchedTokens,
  kMaxModelLen,
  kMemoryFraction,
  kChunkedPrefill,
  kAsyncScheduling,
  kKvCacheDtype,
  kCompilationConfig,
  kEnforceEager,
  kIgnoredWithValue,
  kIgnored,
  kUnsupportedWithValue,
  kUnsupported,
};

struct FlagRule {
  std::string_view flag;
  Knob knob;
  std::string_view why = "";  // for unsupported flags
};

// vLLM (vllm/engine/arg_utils.py), TRT-LLM (trtllm-serve, tensorrt_llm/commands/serve.py) and
// SGLang (python/sglang/srt/server_args.py) spellings of the knobs gpuplan models.
constexpr FlagRule kRules[] = {
    {"-tp", Knob::kTp},
    {"--tensor-parallel-size", Knob::kTp},
    {"--tp", Knob::kTp},
    {"--tp-size", Knob::kTp},
    {"--tp_size", Knob::kTp},
    {"-pp", Knob::kPp},
    {"--pipeline-parallel-size", Knob::kPp},
    {"--pp-size", Knob::kPp},
    {"--pp_size", Knob::kPp},
    {"-dp", Knob::kDp},
    {"--data-parallel-size", Knob::kDp},
    {"--dp", Knob::kDp},
    {"--dp-size", Knob::kDp},
    {"--max-num-seqs", Knob::kMaxNumSeqs},
    {"--max-running-requests", Knob::kMaxNumSeqs},
    {"--max_batch_size", Knob::kMaxNumSeqs},
    {"--max-num-batched-tokens", Knob::kMaxBatchedTokens},
    {"--max_num_tokens", Knob::kMaxBatchedTokens},
    {"--chunked-prefill-size", Knob::kMaxBatchedTokens},
    {"--max-model-len", Knob::kMaxModelLen},
    {"--max_seq_len", Knob::kMaxModelLen},
    {"--context-length", Knob::kMaxModelLen},
    {"--gpu-memory-utilization", Knob::kMemoryFraction},
    {"--mem-fraction-static", Knob::kMemoryFraction},
    {"--enable_chunked_prefill", Knob::kChunkedPrefill},
    {"--enable-chunked-prefill", Knob::kChunkedPrefill},
    {"--async-scheduling", Knob::kAsyncScheduling},
    {"--kv-cache-dtype", Knob::kKvCacheDtype},
    {"--compilation-config", Knob::kCompilationConfig},
    {"--enforce-eager", Knob::kEnforceEager},
    {"--chat-template", Knob::kIgnoredWithValue},
    {"--reasoning-parser", Knob::kIgnoredWithValue},
    {"--tool-call-parser", Knob::kIgnoredWithValue},
    {"--tokenizer-mode", Knob::kIgnoredWithValue},
    {"--attention-backend", Knob::kIgnoredWithValue},
    {"--cuda-graph-max-bs", Knob::kIgnoredWithValue},
    {"--ep-size", Knob::kIgnoredWithValue},
    {"--ep_size", Knob::kIgnoredWithValue},
    {"--enable-expert-parallel", Knob::kIgnored},
    {"--enable-auto-tool-choice", Knob::kIgnored},
    {"--trust-remote-code", Knob::kIgnored},
    {"--enable-torch-compile", Knob::kIgnored},
    {"--speculative-algorithm", Knob::kUnsupportedWithValue, "speculative decoding"},
    {"--speculative-config", Knob::kUnsupportedWithValue, "speculative decoding"},
    {"--enable-dp-attention", Knob::kUnsupported, "attention data parallelism"},
    {"--disable-radix-cache", Knob::kIgnored},
};

const FlagRule* FindRule(std::string_view flag) {
  for (const FlagRule& rule : kRules) {
    if (rule.flag == flag) return &rule;
  }
  return nullptr;
}

bool TakesValue(Knob knob) {
  return knob != Knob::kChunkedPrefill && knob != Knob::kAsyncScheduling &&
         knob != Knob::kEnforceEager && knob != Knob::kIgnored && knob != Knob::kUnsupported;
}

class FlagParser {
 public:
  explicit FlagParser(std::string_view flags) {
    std::istringstream in{std::string(flags)};
    for (std::string word; in >> word;) words_.push_back(word);
  }

  ServeFlags Parse() {
    for (size_t i = 0; i < words_.size(); ++i) {
      const std::string& flag = words_[i];
      const FlagRule* rule = FindRule(flag);
      if (rule == nullptr) {
        // `--name value` or `--name=value`: an unknown flag's value is not a flag itself.
        if (flag.starts_with("-")) out_.unknown.push_back(flag);
        continue;
      }
      std::string value;
      if (TakesValue(rule->knob)) {
        if (i + 1 >= words_.size()) {
          out_.malformed = fmt::format("{} has no value", flag);
          continue;
        }
        value = words_[++i];
        // A JSON object split at its spaces: the words up to the one that closes its braces.
        for (int depth = BraceDepth(value); depth > 0 && i + 1 < words_.size();) {
          value += " " + words_[++i];
          depth = BraceDepth(value);
        }
      }
      Apply(*rule, flag, value);
    }
    return std::move(out_);
  }

 private:
  static int BraceDepth(std::string_view text) {
    int depth = 0;
    for (char c : text) depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    return depth;
  }

  // vLLM's CompilationConfig.cudagraph_mode (vllm/config/compilation.py CUDAGraphMode) in
  // gpuplan's terms (latency/host_time.h): FULL_DECODE_ONLY runs every batch with a prefill
  // eagerly; PIECEWISE, FULL and FULL_AND_PIECEWISE replay graphs for mixed batches up to the
  // largest capture size too; NONE never replays one. A config without the key keeps the preset.
  void CompilationConfig(const std::string& flag, const std::string& value) {
    const size_t key = value.find("cudagraph_mode");
    if (key == std::string::npos) {
      out_.ignored.push_back(flag + " " + value);
      return;
    }
    const size_t open = value.find('"', value.find(':', key));
    const size_t close = open == std::string::npos ? open : value.find('"', open + 1);
    const std::string mode =
        close == std::string::npos ? "" : value.substr(open + 1, close - open - 1);
    if (mode == "FULL_DECODE_ONLY") {
      out_.cuda_graph_mode = "full_decode_only";
    } else if (mode == "PIECEWISE" || mode == "FULL" || mode == "FULL_AND_PIECEWISE") {
      out_.cuda_graph_mode = "piecewise";
    } else if (mode == "NONE") {
      out_.cuda_graph_mode = "none";
    } else {
      out_.malformed = fmt::format("{} {}: unknown cudagraph_mode '{}'", flag, value, mode);
    }
  }

  std::optional<int> Int(const std::string& flag, const std::string& value) {
    const std::optional<int64_t> v = ParseInt(value);
    if (!v || *v < 1 || *v > 100'000'000) {
      out_.malformed = fmt::format("{} {}: expected a positive integer", flag, value);
      return std::nullopt;
    }
    return static_cast<int>(*v);
  }

  void Apply(const FlagRule& rule, const std::string& flag, const std::string& value) {
    switch (rule.knob) {
      case Knob::kTp:
        out_.tp = Int(flag, value);
        break;
      case Knob::kPp:
        out_.pp = Int(flag, value);
        break;
      case Knob::kDp:
        out_.dp = Int(flag, value);
        break;
      case Knob::kMaxNumSeqs:
        out_.max_num_seqs = Int(flag, value);
        break;
      case Knob::kMaxBatchedTokens:
        out_.max_num_batched_tokens = Int(flag, value);
        break;
      case Knob::kMaxModelLen:
        out_.max_model_len = Int(flag, value);
        break;
      case Knob::kMemoryFraction: {
        const std::optional<double> v = ParseDouble(value);
        if (!v || *v <= 0 || *v > 1) {
          out_.malformed = fmt::format("{} {}: expected a fraction in (0, 1]", flag, value);
        } else {
          out_.gpu_memory_utilization = v;
        }
        break;
      }
      case Knob::kChunkedPrefill:
        out_.enable_chunked_prefill = true;
        break;
      case Knob::kAsyncScheduling:
        out_.async_scheduling = true;
        break;
      case Knob::kKvCacheDtype:
        out_.kv_cache_dtype = value;
        break;
      case Knob::kCompilationConfig:
        CompilationConfig(flag, value);
        break;
      case Knob::kEnforceEager:
        out_.cuda_graph_mode = "none";
        break;
      case Knob::kIgnoredWithValue:
        out_.ignored.push_back(flag + " " + value);
        break;
      case Knob::kIgnored:
        out_.ignored.push_back(flag);
        break;
      case Knob::kUnsupportedWithValue:
      case Knob::kUnsupported:
        if (out_.unsupported.empty()) {
          out_.unsupported = fmt::format("{} ({}) is not modelled", flag, rule.why);
        }
        break;
    }
  }

  std::vector<std::string> words_;
  ServeFlags out_;
};

}  // namespace

ServeFlags ParseServeFlags(std::string_view flags) { return FlagParser(flags).Parse(); }

}  // namespace gpuplan
