#include "sim/latency/calibrated_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

using C = CalibratedCurve;
constexpr double kUs = 1e-6;
constexpr double kSixteenBit = 2.0;

std::optional<double> Times(double count, std::optional<double> us) {
  if (!us) return std::nullopt;
  return count * *us;
}

// Upper-case words of a GPU name: "NVIDIA A100-SXM4-80GB" -> NVIDIA, A100, SXM4, 80GB.
std::vector<std::string> NameTokens(const std::string& name) {
  std::vector<std::string> tokens;
  std::string current;
  for (const char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      current += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

// Replaces the roofline's time of an op that ran in this step with a measured one.
void Use(StepTime& step, OpKind op, std::optional<double> us) {
  const size_t i = static_cast<size_t>(op);
  if (!us || step.op_source[i] == OpSource::kNone) return;
  step.op_s[i] = *us * kUs;
  step.op_source[i] = OpSource::kCalibrated;
}

std::vector<std::pair<std::string, std::string>> ProvenanceOf(const Bundle& bundle,
                                                              const GpuSpec& gpu) {
  std::vector<std::pair<std::string, std::string>> p;
  if (!bundle.dir.empty()) p.emplace_back("calibration.bundle", bundle.dir);
  if (bundle.FindMeta("tool") != nullptr) {
    p.emplace_back("calibration.tool",
                   fmt::format("{} {}", bundle.Meta("tool"), bundle.Meta("tool_version")));
    p.emplace_back("calibration.created_utc", bundle.Meta("created_utc"));
    p.emplace_back("calibration.measured_on", bundle.Meta("gpu.name"));
    if (auto warning = BundleGpuMismatch(bundle.Meta("gpu.name"), gpu)) {
      p.emplace_back("calibration.warning", *warning);
    }
  }
  if (!bundle.HasServingTerms()) return p;
  std::string tests;
  for (int i = 1; bundle.FindMeta(fmt::format("fit.run.{}.file", i)) != nullptr; ++i) {
    const std::string key = fmt::format("fit.run.{}.", i);
    tests += fmt::format("{}{} (sha256 {}, |error| {} -> {})", tests.empty() ? "" : "; ",
                         bundle.Meta(key + "file"), bundle.Meta(key + "sha256").substr(0, 12),
                         bundle.Meta(key + "median_abs_error_start", "?"),
                         bundle.Meta(key + "median_abs_error_fit", "?"));
  }
  std::string terms;
  for (const ServingTermInfo& info : ServingTermInfos()) {
    const std::optional<double>& v = bundle.serving_terms[static_cast<size_t>(info.term)];
    if (v) terms += fmt::format("{}{}={:.4g}", terms.empty() ? "" : ", ", info.name, *v);
  }
  p.emplace_back("calibration.serving_terms", terms);
  p.emplace_back("calibration.load_tests", tests.empty() ? "not stated" : tests);
  return p;
}

}  // namespace

std::string GpuFamilyToken(const GpuSpec& gpu) {
  const std::string name = gpu.display_name.empty() ? gpu.name : gpu.display_name;
  for (const std::string& token : NameTokens(name)) {
    if (token != "NVIDIA" && token != "GEFORCE" && token != "RTX") return token;
  }
  return "";
}

std::optional<std::string> BundleGpuMismatch(const std::string& measured_on, const GpuSpec& gpu) {
  const std::string family = GpuFamilyToken(gpu);
  if (family.empty() || measured_on.empty()) return std::nullopt;
  for (const std::string& token : NameTokens(measured_on)) {
    if (token == family) return std::nullopt;
  }
  return fmt::format(
      "the calibration bundle was measured on '{}', not on a {} ({}): its measured tables are "
      "used for this GPU as they are",
      measured_on, family, gpu.name);
}

CalibratedLatencyModel::CalibratedLatencyModel(const ModelSpec& model, const GpuSpec& gpu,
                                               const Deployment& deployment,
                                               const EngineSpec& engine, const Bundle& bundle,
                                               const RooflineOptions& fallback)
    : CalibratedLatencyModel(model, gpu, deployment, engine, bundle, fallback,
                             ServingTerms::Resolve(engine, bundle.serving_terms)) {}

CalibratedLatencyModel::CalibratedLatencyModel(const ModelSpec& model, const GpuSpec& gpu,
                                               const Deployment& deployment,
                                               const EngineSpec& engine, const Bundle& bundle,
                                               const RooflineOptions& fallback,
                                               const ServingTerms& terms)
    : roofline_(model, gpu, deployment, engine, fallback),
      tables_(bundle, model, deployment, engine.block_size),
      layers_(model.num_layers),
      pp_(deployment.pipeline_parallel),
      hidden_bytes_per_token_(model.hidden_size * kSixteenBit),
      logits_bytes_per_seq_(model.vocab_size * kSixteenBit),
      tp_(deployment.tensor_parallel),
      terms_(terms),
      host_(terms.Host(fallback.kernel_launch_us * kUs, fallback.cuda_graph_max_tokens,
                       CudaGraphModeOf(engine))),
      provenance_(ProvenanceOf(bundle, gpu)) {}

// Two norms per layer (input, post-attention) plus the final norm, which is an input-style norm.
std::optional<double> CalibratedLatencyModel::NormUs(double tokens) const {
  const std::optional<double> input = tables_.Us(C::kNormInput, tokens);
  const std::optional<double> post = tables_.Us(C::kNormPost, tokens);
  if (!input || !post) return std::nullopt;
  return layers_ * (*input + *post) + *input;
}

// 2L + 1 all-reduces of the step's activations, plus the all-gather of the vocab-parallel
// logits. A ring all-reduce is a reduce-scatter followed by an all-gather of the same bytes, so
// the gather is taken as half a measured all-reduce of the logits' bytes.
std::optional<double> CalibratedLatencyModel::AllReduceUs(const BatchShape& batch) const {
  const std::optional<double> activations =
      tables_.Us(C::kAllReduce, batch.NumTokens() * hidden_bytes_per_token_);
  const std::optional<double> logits =
      tables_.Us(C::kAllReduce, batch.NumSeqs() * logits_bytes_per_seq_);
  if (!activations || !logits) return std::nullopt;
  return (2 * layers_ + 1) * *activations + 0.5 * *logits;
}

// Whole prompts from the prompt curve, chunks of longer prompts from the chunk grid. The engine
// runs all chunks of a step in one varlen kernel; summing per-prompt measurements counts the
// kernel's fixed cost once per prompt, which overstates steps of many tiny prompts.
std::optional<double> CalibratedLatencyModel::PrefillAttentionUs(const BatchShape& batch) const {
  double us = 0;
  for (const PrefillChunk& c : batch.prefills) {
    const std::optional<double> one = c.q_len == c.kv_len
                                          ? tables_.Us(C::kPrefillPrompt, c.q_len)
                                          : tables_.PrefillChunkUs(c.q_len, c.kv_len);
    if (!one) return std::nullopt;
    us += *one;
  }
  return layers_ * us;
}

// Decode attention time is linear in the KV bytes read, so the batch is looked up at its mean
// KV length.
std::optional<double> CalibratedLatencyModel::DecodeAttentionUs(const BatchShape& batch) const {
  if (batch.num_decodes == 0) return std::nullopt;
  const double mean_kv = static_cast<double>(batch.decode_kv_sum) / batch.num_decodes;
  return Times(layers_, tables_.DecodeAttentionUs(batch.num_decodes, mean_kv));
}

StepTime CalibratedLatencyModel::Predict(const BatchShape& batch) const {
  StepTime step = roofline_.Predict(batch);
  const double t = static_cast<double>(batch.NumTokens());
  const double seqs = batch.NumSeqs();
  Use(step, OpKind::kQkvProj, Times(layers_, tables_.Us(C::kQkv, t)));
  Use(step, OpKind::kOutProj, Times(layers_, tables_.Us(C::kOut, t)));
  Use(step, OpKind::kMlpUpGate, Times(layers_, tables_.Us(C::kUpGate, t)));
  Use(step, OpKind::kMlpDown, Times(layers_, tables_.Us(C::kDown, t)));
  Use(step, OpKind::kLmHead, tables_.Us(C::kLmHead, seqs));
  Use(step, OpKind::kActivation, Times(layers_, tables_.Us(C::kActivation, t)));
  Use(step, OpKind::kRope, Times(layers_, tables_.Us(C::kRope, t)));
  Use(step, OpKind::kKvCacheWrite, Times(layers_, tables_.Us(C::kKvCacheWrite, t)));
  Use(step, OpKind::kNorm, NormUs(t));
  Use(step, OpKind::kResidualAdd, Times(2 * layers_, tables_.Us(C::kResidualAdd, t)));
  Use(step, OpKind::kEmbedding, tables_.Us(C::kEmbedding, t));
  Use(step, OpKind::kPrefillAttention, PrefillAttentionUs(batch));
  Use(step, OpKind::kDecodeAttention, DecodeAttentionUs(batch));
  Use(step, OpKind::kAllReduce, AllReduceUs(batch));
  Use(step, OpKind::kPipelineSend,
      Times(pp_ - 1, tables_.Us(C::kSendRecv, t * 2 * hidden_bytes_per_token_)));
  const size_t cpu = static_cast<size_t>(OpKind::kCpuOverhead);
  step.op_s[cpu] = 0;
  terms_.ScaleGpuOps(step);
  const double gpu_s = step.total_s;
  const double cpu_s = host_.ExposedSeconds(batch, gpu_s, KernelsPerStep(batch, layers_, tp_, pp_));
  step.op_s[cpu] = cpu_s;
  step.op_source[cpu] = cpu_s > 0 ? OpSource::kRoofline : OpSource::kNone;
  step.total_s = gpu_s + cpu_s;
  return step;
}

}  // namespace gpuplan
