#include "sim/validation/row_workload.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <regex>

#include "sim/util/options.h"

namespace gpuplan {
namespace {

// InferenceX's recipe draws each prompt and output length uniformly in [0.8 L, L]
// (benchmark_serving random dataset with --random-range-ratio 0.8; serving.csv README).
constexpr double kInferenceXRangeRatio = 0.8;
// InferenceX sends 10 x concurrency prompts (benchmarks/benchmark_lib.sh, serving.csv README).
constexpr int kInferenceXPromptsPerClient = 10;
// Offline rows that do not state their request count.
constexpr int64_t kDefaultOfflineRequests = 1000;
// A measured mean output this far below the nominal length means the runs stopped at EOS before
// the cap (vllm bench serve random without --ignore-eos): the measured mean is used instead.
constexpr double kEosShortfall = 0.02;

std::string Num(double v) { return fmt::format("{:g}", v); }

std::optional<double> NoteNumber(const ServingRow& row, std::string_view key) {
  const std::optional<std::string> text = FindKeyValue(row.notes, key);
  if (!text) return std::nullopt;
  const std::optional<double> v = ParseDouble(*text);
  if (!v || !std::isfinite(*v) || *v <= 0) return std::nullopt;
  return v;
}

class WorkloadMapper {
 public:
  WorkloadMapper(const ServingRow& row, const ValidationPaths& paths) : row_(row), paths_(paths) {}

  RowWorkload Map() {
    if (row_.arrival == "trace") {
      MapTrace();
      return std::move(out_);
    }
    MapLengths();
    if (out_.not_covered.empty()) MapArrival();
    return std::move(out_);
  }

 private:
  PolicyChoice Policy(std::string path, std::string kind,
                      std::vector<std::pair<std::string, std::string>> options = {}) const {
    return RowPolicy(row_, std::move(path), std::move(kind), std::move(options));
  }
  void Assume(std::string text) { out_.assumptions.push_back(std::move(text)); }
  void NotCovered(std::string text) {
    if (out_.not_covered.empty()) out_.not_covered = std::move(text);
  }

  // Mean tokens per request from the notes' totals (vllm bench serve reports them).
  std::optional<double> MeasuredMean(std::string_view total_key) const {
    const std::optional<double> total = NoteNumber(row_, total_key);
    if (!total || !row_.num_requests) return std::nullopt;
    return *total / static_cast<double>(*row_.num_requests);
  }

  PolicyChoice Fixed(const char* slot, double tokens) const {
    return Policy(fmt::format("workload.{}", slot), "fixed",
                  {{"tokens", Num(std::max(1.0, std::round(tokens)))}});
  }

  void MapLengths() {
    if (row_.isl_dist.starts_with("synthetic: system")) return MapSharedPrefix();
    if (row_.isl && row_.osl) return MapNominal();
    if (row_.isl_dist == "dataset" && row_.workload.starts_with("sharegpt (ShareGPT_V3")) {
      return MapShareGpt();
    }
    NotCovered(fmt::format("the lengths of workload '{}' are not in the row", row_.workload));
  }

  // Nominal ISL/OSL: fixed, or InferenceX's uniform [0.8 L, L].
  void MapNominal() {
    const bool recipe = row_.isl_dist == "inferencex-recipe";
    if (recipe) {
      auto uniform = [&](const char* slot, int length) {
        const int low = static_cast<int>(std::floor(length * kInferenceXRangeRatio));
        return Policy(fmt::format("workload.{}", slot), "uniform",
                      {{"min", Num(low)}, {"max", Num(length)}});
      };
      out_.prompt_tokens = uniform("prompt_tokens", *row_.isl);
      out_.output_tokens = uniform("output_tokens", *row_.osl);
      return;
    }
    if (!row_.isl_dist.empty() && !row_.isl_dist.starts_with("fixed")) {
      return NotCovered(fmt::format("isl_dist '{}' is not one gpuplan reproduces", row_.isl_dist));
    }
    if (row_.isl_dist.empty()) Assume("length distribution not stated: fixed ISL/OSL");
    double prompt = *row_.isl, output = *row_.osl;
    // Without --ignore-eos the nominal OSL is only a cap; the reported totals say what ran.
    if (const auto mean_out = MeasuredMean("total_output_tokens");
        mean_out && *mean_out < output * (1 - kEosShortfall)) {
      Assume(fmt::format("outputs stopped at EOS: {:.0f} tokens (measured mean) instead of {}",
                         *mean_out, *row_.osl));
      output = *mean_out;
    }
    if (const auto mean_in = MeasuredMean("total_input_tokens");
        mean_in && std::abs(*mean_in - prompt) > prompt * kEosShortfall) {
      Assume(fmt::format("prompts of {:.0f} tokens (measured mean) instead of {}", *mean_in,
                         *row_.isl));
      prompt = *mean_in;
    }
    out_.prompt_tokens = Fixed("prompt_tokens", prompt);
    out_.output_tokens = Fixed("output_tokens", output);
  }

  // inference-perf shared_prefix: a system prompt + a question, fixed output with ignore_eos.
  void MapSharedPrefix() {
    static const std::regex kPrompt(R"(system (\d+) \+ question (\d+))");
    static const std::regex kOutput(R"(fixed (\d+))");
    std::smatch p, o;
    if (!std::regex_search(row_.isl_dist, p, kPrompt) ||
        !std::regex_search(row_.osl_dist, o, kOutput)) {
      return NotCovered(fmt::format("cannot read lengths from isl_dist '{}' / osl_dist '{}'",
                                    row_.isl_dist, row_.osl_dist));
    }
    double prompt = std::stod(p[1]) + std::stod(p[2]);
    const double output = std::stod(o[1]);
    if (const auto measured = NoteNumber(row_, "prompt_len_mean")) {
      Assume(
          fmt::format("prompts of {:.0f} tokens (measured mean, chat template included) "
                      "instead of {:.0f}",
                      *measured, prompt));
      prompt = *measured;
    }
    Assume("shared system prompts are prefilled in full (no prefix caching modelled)");
    if (const auto client = NoteNumber(row_, "output_len_mean"); client && *client < output) {
      out_.client_output_ratio = *client / output;
      Assume(
          fmt::format("the client counted {:.1f} of the {:.0f} generated tokens (re-tokenised "
                      "output_len): output throughput uses its count",
                      *client, output));
    }
    MapClientTpot(output);
    out_.prompt_tokens = Fixed("prompt_tokens", prompt);
    out_.output_tokens = Fixed("output_tokens", output);
  }

  // inference-perf computes TPOT = (last - first token time) / (n - 1) with n its own count of
  // streamed tokens. Before kubernetes-sigs/inference-perf#564 it re-tokenised every chunk with a
  // BOS, counting about twice the tokens generated (reportgen/base.py), so TPOT came out about
  // halved. The row's own means give the count it used: n = (E2E - TTFT) / TPOT + 1 (exact when
  // every request has the same length, as with ignore_eos).
  void MapClientTpot(double generated) {
    const auto e2e = row_.measured.find(ServingMetric::kE2elMean);
    const auto ttft = row_.measured.find(ServingMetric::kTtftMean);
    const auto tpot = row_.measured.find(ServingMetric::kTpotMean);
    if (e2e == row_.measured.end() || ttft == row_.measured.end() || tpot == row_.measured.end() ||
        tpot->second <= 0 || generated < 2) {
      return;
    }
    const double counted = (e2e->second - ttft->second) / tpot->second + 1;
    if (counted <= 1 || std::abs(counted - generated) < 0.5) return;
    out_.client_tpot_factor = (generated - 1) / (counted - 1);
    Assume(
        fmt::format("the client's TPOT divides by {:.0f} tokens per request, not the {:.0f} "
                    "generated (the row's (E2E - TTFT) / TPOT + 1): TPOT uses its count",
                    counted, generated));
  }

  // vllm bench serve's ShareGPT sampling: ShareGPT lengths at the means the run reported.
  void MapShareGpt() {
    const auto mean_in = MeasuredMean("total_input_tokens");
    const auto mean_out = MeasuredMean("total_output_tokens");
    if (!mean_in || !mean_out) {
      return NotCovered("ShareGPT run without total_input_tokens/total_output_tokens in notes");
    }
    const std::string table =
        paths_.traces_dir + "/length-distributions/sharegpt_8k_filtered_stats_llama2_tokenizer.csv";
    if (!std::filesystem::exists(table)) {
      return NotCovered(fmt::format("the ShareGPT length table {} is missing", table));
    }
    // vLLM's ShareGPT sampler prunes prompts over 1024 tokens and pairs over 2048
    // (vllm/benchmarks/datasets.py, is_valid_sequence); the table's values are drawn under the
    // same caps, then rescaled to the run's means.
    auto empirical = [&](const char* slot, const char* column, int max, double mean) {
      return Policy(fmt::format("workload.{}", slot), "empirical",
                    {{"path", table},
                     {"column", column},
                     {"min", "4"},
                     {"max", Num(max)},
                     {"out_of_range", "drop"},
                     {"mean", fmt::format("{:.2f}", mean)}});
    };
    out_.prompt_tokens = empirical("prompt_tokens", "num_prefill_tokens", 1024, *mean_in);
    out_.output_tokens = empirical("output_tokens", "num_decode_tokens", 1024, *mean_out);
    Assume(
        fmt::format("ShareGPT lengths (Llama-2 tokenizer table) rescaled to the run's means "
                    "{:.0f} / {:.0f} tokens",
                    *mean_in, *mean_out));
  }

  void MapArrival() {
    const std::string& a = row_.arrival;
    if (a == "offline") return MapOffline();
    if (a == "closed_loop") return MapClosedLoop();
    if (a == "poisson") return MapPoisson();
    if (a == "staged") return MapStaged();
    NotCovered(fmt::format("arrival '{}' is not one gpuplan reproduces", a));
  }

  void MapOffline() {
    int64_t n = kDefaultOfflineRequests;
    if (row_.num_requests) {
      n = *row_.num_requests;
    } else {
      Assume(fmt::format("request count not stated: {}", n));
    }
    out_.arrival = Policy("workload.arrival", "offline", {{"num_requests", Num(n)}});
    out_.num_requests = n;
  }

  void MapClosedLoop() {
    if (!row_.concurrency) return NotCovered("closed loop without a concurrency");
    const int c = *row_.concurrency;
    int64_t n = int64_t{kInferenceXPromptsPerClient} * c;
    if (row_.num_requests) {
      n = *row_.num_requests;
    } else {
      Assume(fmt::format("request count not stated: {} x concurrency = {} (InferenceX recipe)",
                         kInferenceXPromptsPerClient, n));
    }
    out_.arrival = Policy("workload.arrival", "closed_loop", {{"concurrency", Num(c)}});
    out_.num_requests = n;
  }

  void MapPoisson() {
    if (!row_.request_rate || !std::isfinite(*row_.request_rate) || *row_.request_rate <= 0) {
      return NotCovered("Poisson arrivals without a finite request_rate");
    }
    if (!row_.num_requests) return NotCovered("Poisson arrivals without num_requests");
    out_.arrival = Policy("workload.arrival", "poisson", {{"rate_per_s", Num(*row_.request_rate)}});
    out_.num_requests = *row_.num_requests;
  }

  // inference-perf stages "600s@5rps,600s@10rps"; a *_stage row is one stage of such a run.
  void MapStaged() {
    // inference-perf's `constant` load is not evenly spaced: ConstantLoadTimer draws
    // exponential gaps and rescales them to fill the stage (inference_perf/loadgen/load_timer.py),
    // so both its load types are Poisson-like; gpuplan's Poisson stages keep the rate, not the
    // exact count.
    const std::string load_type = FindKeyValue(row_.extra_args, "load_type").value_or("constant");
    if (load_type != "constant" && load_type != "poisson") {
      return NotCovered(fmt::format("inference-perf load type '{}' is not reproduced", load_type));
    }
    const std::string spacing = "poisson";
    std::vector<std::string> rates, durations;
    if (row_.set.ends_with("_stage") && row_.request_rate && row_.num_requests) {
      rates.push_back(Num(*row_.request_rate));
      durations.push_back(Num(static_cast<double>(*row_.num_requests) / *row_.request_rate));
      Assume("one stage simulated alone (the previous stage's backlog is not carried over)");
    } else {
      static const std::regex kStage(R"((\d+(?:\.\d+)?)s@(\d+(?:\.\d+)?)rps)");
      const std::string stages = FindKeyValue(row_.extra_args, "stages").value_or("");
      for (std::sregex_iterator it(stages.begin(), stages.end(), kStage), end; it != end; ++it) {
        durations.push_back((*it)[1]);
        rates.push_back((*it)[2]);
      }
    }
    if (rates.empty()) return NotCovered("staged arrivals without stages in extra_args");
    PolicyChoice choice = Policy("workload.arrival", "staged", {{"spacing", spacing}});
    choice.options.values["rates_per_s"] = ListValue(rates);
    choice.options.values["durations_s"] = ListValue(durations);
    out_.arrival = std::move(choice);
    if (row_.num_requests) out_.num_requests = *row_.num_requests;
  }

  ParamValue ListValue(std::vector<std::string> items) const {
    ParamValue v;
    v.is_list = true;
    v.list = std::move(items);
    v.loc = {"serving.csv", row_.line, 0};
    return v;
  }

  // LLMServingSim's per-request CSV: ../shared/validation/traces/llmservingsim_<GPU>_<model>.csv,
  // named after the source path bench/examples/<GPU>/<model>/...
  void MapTrace() {
    static const std::regex kExample(R"(examples/([^/]+)/([^/]+)/)");
    std::smatch m;
    if (!std::regex_search(row_.source, m, kExample)) {
      return NotCovered(fmt::format("no per-request trace known for source '{}'", row_.source));
    }
    const std::string path = fmt::format("{}/traces/llmservingsim_{}_{}.csv", paths_.validation_dir,
                                         m[1].str(), m[2].str());
    if (!std::filesystem::exists(path)) {
      return NotCovered(fmt::format("the per-request trace {} is missing", path));
    }
    out_.trace = Policy("workload.trace", "measured_requests_csv", {{"path", path}});
    Assume("requests replayed at their recorded offsets with their recorded lengths");
  }

  const ServingRow& row_;
  const ValidationPaths& paths_;
  RowWorkload out_;
};

}  // namespace

PolicyChoice RowPolicy(const ServingRow& row, std::string path, std::string kind,
                       std::vector<std::pair<std::string, std::string>> options) {
  PolicyChoice c;
  c.kind = std::move(kind);
  c.kind_loc = {"serving.csv", row.line, 0};
  c.options.path = path;
  c.options.loc = c.kind_loc;
  c.path = std::move(path);
  for (auto& [name, text] : options) {
    ParamValue v;
    v.text = std::move(text);
    v.loc = c.kind_loc;
    c.options.values[name] = std::move(v);
  }
  return c;
}

RowWorkload MapWorkload(const ServingRow& row, const ValidationPaths& paths) {
  return WorkloadMapper(row, paths).Map();
}

}  // namespace gpuplan
