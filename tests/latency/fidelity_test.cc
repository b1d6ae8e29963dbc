// Fidelity of the roofline model against measured data (tests/latency/fidelity_data.h). Prints
// the tables of docs/latency-model.md; run with
//   build-latency/tests/latency_test --gtest_filter='Fidelity*'
// The *Fit* tests refit the efficiency defaults on the fit half of the rows and check that the
// defaults in RooflineOptions are those fits; the *HeldOut* tests report (and bound) the error of
// the defaults on the other half.
#include <gtest/gtest.h>

#include <cstdio>
#include <initializer_list>
#include <map>
#include <tuple>

#include "sim/latency/collective_model.h"
#include "sim/latency/error_stats.h"
#include "sim/latency/roofline_model.h"
#include "tests/latency/fidelity_data.h"

namespace gpuplan {
namespace {

using testing::kVidurOps;
using testing::NetworkRow;
using testing::QuietEngine;
using testing::SplitwiseRow;
using testing::Tp;
using testing::VidurRow;

constexpr size_t kNumVidurOps = kVidurOps.size();
using VidurErrors = std::array<ErrorAccumulator, kNumVidurOps>;
enum class Half { kFit, kHeldOut, kAll };

bool InHalf(bool fit_half, Half half) {
  return half == Half::kAll || fit_half == (half == Half::kFit);
}

#define SKIP_WITHOUT(rows, what)                                                   \
  if ((rows).empty()) {                                                            \
    GTEST_SKIP() << what << " not found under GPUPLAN_TRACES_DIR/profiling ('"     \
                 << testing::ProfilingDir() << "'); set -DGPUPLAN_TRACES_DIR=..."; \
  }

const std::vector<VidurRow>& VidurRows() {
  static const std::vector<VidurRow> rows = testing::LoadVidurCompute();
  return rows;
}

// Which Vidur rows to score: a half, optionally one GPU and a token-count cap.
struct VidurFilter {
  Half half = Half::kAll;
  std::string gpu_key;  // "" for both
  int max_tokens = 1 << 30;

  bool Keep(const VidurRow& r) const {
    return InHalf(r.fit_half, half) && (gpu_key.empty() || r.gpu_key == gpu_key) &&
           r.tokens <= max_tokens;
  }
};

// Models per (GPU, model, TP) for one set of options; rows share them.
class VidurModels {
 public:
  explicit VidurModels(const RooflineOptions& options) : options_(options) {}
  const RooflineModel& For(const VidurRow& r) {
    auto key = std::make_tuple(r.gpu_key, r.model_dir, r.tp);
    auto it = models_.find(key);
    if (it == models_.end()) {
      it = models_.emplace(key, RooflineModel(r.model, r.gpu, Tp(r.tp), QuietEngine(), options_))
               .first;
    }
    return it->second;
  }

 private:
  RooflineOptions options_;
  std::map<std::tuple<std::string, std::string, int>, RooflineModel> models_;
};

void AddVidurRow(VidurModels& models, const VidurRow& r, VidurErrors& errors) {
  BatchShape batch;
  batch.AddPrefill(r.tokens, r.tokens);
  const StepTime t = models.For(r).Predict(batch);
  for (size_t k = 0; k < kNumVidurOps; ++k) {
    errors[k].Add(t.Of(kVidurOps[k].op) / kVidurOps[k].kernels, r.measured_s[k]);
  }
}

VidurErrors ErrorsOnVidur(const RooflineOptions& options, const VidurFilter& filter) {
  VidurModels models(options);
  VidurErrors errors;
  for (const VidurRow& r : VidurRows()) {
    if (filter.Keep(r)) AddVidurRow(models, r, errors);
  }
  return errors;
}

double MeanMedian(const VidurErrors& errors, std::initializer_list<size_t> ops) {
  double sum = 0;
  for (size_t k : ops) sum += errors[k].Summary().median;
  return sum / static_cast<double>(ops.size());
}

// Decode-sized batches: few of the profiled rows (token counts are spaced evenly up to 4096 or
// 32768) but most of the steps of a serving run.
constexpr int kDecodeSizedTokens = 256;

// The fit objective for a set of ops: the mean of (median error over all fit rows) and (median
// error over the decode-sized fit rows), so neither regime is ignored.
class FitScore {
 public:
  explicit FitScore(const RooflineOptions& options) {
    VidurModels models(options);
    for (const VidurRow& r : VidurRows()) {
      if (!r.fit_half) continue;
      AddVidurRow(models, r, all_);
      if (r.tokens <= kDecodeSizedTokens) AddVidurRow(models, r, small_);
    }
  }
  double Of(std::initializer_list<size_t> ops) const {
    return 0.5 * (MeanMedian(all_, ops) + MeanMedian(small_, ops));
  }

 private:
  VidurErrors all_, small_;
};

constexpr std::initializer_list<size_t> kGemmOps = {0, 1, 2, 3};

TEST(FidelityFit, GemmEfficienciesOnVidurFitHalf) {
  SKIP_WITHOUT(VidurRows(), "Vidur compute profiles");
  RooflineOptions best, o;
  double best_error = 1e9;
  for (int c = 10; c <= 19; ++c) {
    for (int m = 12; m <= 20; ++m) {
      for (int us = 0; us <= 12; ++us) {
        o.gemm_compute_efficiency = c * 0.05;
        o.gemm_memory_efficiency = m * 0.05;
        o.gemm_overhead_us = us;
        const double e = FitScore(o).Of(kGemmOps);
        if (e < best_error) best_error = e, best = o;
      }
    }
  }
  std::printf(
      "fit half: gemm_compute_efficiency=%.2f gemm_memory_efficiency=%.2f "
      "gemm_overhead_us=%.0f (objective %.3f)\n",
      best.gemm_compute_efficiency, best.gemm_memory_efficiency, best.gemm_overhead_us, best_error);
  const RooflineOptions d;
  EXPECT_NEAR(d.gemm_compute_efficiency, best.gemm_compute_efficiency, 0.051);
  EXPECT_NEAR(d.gemm_memory_efficiency, best.gemm_memory_efficiency, 0.051);
  EXPECT_NEAR(d.gemm_overhead_us, best.gemm_overhead_us, 1.01);
}

// Memory-bound families share kernel_overhead_us; given it, each family's efficiency is fitted
// on its own ops (they do not interact).
struct MemoryFamily {
  const char* option;
  std::initializer_list<size_t> ops;
  double RooflineOptions::*field;
};
const MemoryFamily kFamilies[] = {
    {"elementwise_memory_efficiency", {4, 5}, &RooflineOptions::elementwise_memory_efficiency},
    {"norm_memory_efficiency", {6, 7}, &RooflineOptions::norm_memory_efficiency},
    {"residual_memory_efficiency", {8}, &RooflineOptions::residual_memory_efficiency},
    {"embedding_memory_efficiency", {9}, &RooflineOptions::embedding_memory_efficiency},
};

TEST(FidelityFit, MemoryBoundEfficienciesOnVidurFitHalf) {
  SKIP_WITHOUT(VidurRows(), "Vidur compute profiles");
  RooflineOptions best;
  double best_total = 1e9;
  for (int quarter_us = 0; quarter_us <= 16; ++quarter_us) {
    RooflineOptions fitted, o;
    o.kernel_overhead_us = fitted.kernel_overhead_us = quarter_us * 0.25;
    std::array<double, std::size(kFamilies)> family_error;
    family_error.fill(1e9);
    for (int e = 1; e <= 20; ++e) {
      for (const MemoryFamily& f : kFamilies) o.*f.field = e * 0.05;
      const FitScore score(o);
      for (size_t i = 0; i < std::size(kFamilies); ++i) {
        const double err = score.Of(kFamilies[i].ops);
        if (err < family_error[i]) family_error[i] = err, fitted.*kFamilies[i].field = e * 0.05;
      }
    }
    double total = 0;
    for (double err : family_error) total += err;
    if (total < best_total) best_total = total, best = fitted;
  }
  std::printf("fit half: kernel_overhead_us=%.2f", best.kernel_overhead_us);
  for (const MemoryFamily& f : kFamilies) std::printf(" %s=%.2f", f.option, best.*f.field);
  std::printf("\n");
  const RooflineOptions d;
  EXPECT_NEAR(d.kernel_overhead_us, best.kernel_overhead_us, 0.26);
  for (const MemoryFamily& f : kFamilies) EXPECT_NEAR(d.*f.field, best.*f.field, 0.051) << f.option;
}

std::string Percent(double x) { return fmt::format("{:.1f}%", 100 * x); }

TEST(FidelityHeldOut, VidurOpsWithDefaults) {
  SKIP_WITHOUT(VidurRows(), "Vidur compute profiles");
  const RooflineOptions d;
  const VidurErrors all = ErrorsOnVidur(d, {Half::kHeldOut});
  const VidurErrors h100 = ErrorsOnVidur(d, {Half::kHeldOut, "h100"});
  const VidurErrors a100 = ErrorsOnVidur(d, {Half::kHeldOut, "a100"});
  // Decode-sized batches are a small share of the rows but most of a serving run's steps.
  const VidurErrors small = ErrorsOnVidur(d, {Half::kHeldOut, "", kDecodeSizedTokens});
  std::printf(
      "| Vidur op | gpuplan op | rows | median | p90 | bias | median H100 | median A100 | "
      "median <= 256 tokens (bias) |\n|---|---|---|---|---|---|---|---|---|\n");
  for (size_t k = 0; k < kNumVidurOps; ++k) {
    const ErrorSummary s = all[k].Summary();
    const ErrorSummary few = small[k].Summary();
    std::printf(
        "| %s | %s | %zu | %s | %s | %+.1f%% | %s | %s | %s (%+.1f%%) |\n", kVidurOps[k].column,
        std::string(OpKindName(kVidurOps[k].op)).c_str(), s.count, Percent(s.median).c_str(),
        Percent(s.p90).c_str(), 100 * s.bias, Percent(h100[k].Summary().median).c_str(),
        Percent(a100[k].Summary().median).c_str(), Percent(few.median).c_str(), 100 * few.bias);
  }
  for (size_t k : kGemmOps) EXPECT_LE(all[k].Summary().median, 0.20) << kVidurOps[k].column;
}

const std::vector<NetworkRow>& NetworkRows(const std::string& collective) {
  static const std::vector<NetworkRow> all_reduce = testing::LoadVidurNetwork("all_reduce");
  static const std::vector<NetworkRow> send_recv = testing::LoadVidurNetwork("send_recv");
  return collective == "all_reduce" ? all_reduce : send_recv;
}

double PredictNetwork(const NetworkRow& r, const RooflineOptions& options) {
  const CollectiveModel model(testing::GpuForKey(r.gpu_key), options);
  if (r.collective == "all_reduce") return model.AllReduce(r.bytes, r.ranks).seconds;
  return model.SendRecv(r.bytes).seconds;
}

ErrorSummary NetworkErrors(const std::string& collective, const std::string& gpu_key,
                           const RooflineOptions& options, Half half) {
  ErrorAccumulator acc;
  for (const NetworkRow& r : NetworkRows(collective)) {
    if (!InHalf(r.fit_half, half) || (!gpu_key.empty() && r.gpu_key != gpu_key)) continue;
    acc.Add(PredictNetwork(r, options), r.measured_s);
  }
  return acc.Summary();
}

// The collective costs scale with the GPU's hop latency; the fixtures' values are read off the
// smallest messages, where latency is all there is: time / (2 (ranks - 1)). (The costs
// themselves are fitted by `gpuplan calibration fit`, docs/validation.md.)
TEST(FidelityFit, HopLatencyIsTheTwoKibAllReducePerStep) {
  SKIP_WITHOUT(NetworkRows("all_reduce"), "Vidur network profiles");
  for (const char* gpu : {"h100", "a100"}) {
    std::vector<double> hops;
    for (const NetworkRow& r : NetworkRows("all_reduce")) {
      if (r.fit_half && r.gpu_key == gpu && r.bytes <= 2048) {
        hops.push_back(r.measured_s / (2.0 * (r.ranks - 1)) * 1e6);
      }
    }
    std::printf("fit half: %s per-hop latency of 2 KiB all-reduces: median %.1f us (%zu rows)\n",
                gpu, Percentile(hops, 50), hops.size());
    EXPECT_NEAR(testing::GpuForKey(gpu).interconnect_latency_us, Percentile(hops, 50), 0.05);
  }
}

TEST(FidelityHeldOut, VidurCollectivesWithDefaults) {
  SKIP_WITHOUT(NetworkRows("all_reduce"), "Vidur network profiles");
  const RooflineOptions defaults;
  std::printf("| collective | GPU | rows | median | p90 | bias |\n|---|---|---|---|---|---|\n");
  for (const char* collective : {"all_reduce", "send_recv"}) {
    for (const char* gpu : {"h100", "a100"}) {
      const ErrorSummary s = NetworkErrors(collective, gpu, defaults, Half::kHeldOut);
      std::printf("| %s | %s | %zu | %s | %s | %+.1f%% |\n", collective, gpu, s.count,
                  Percent(s.median).c_str(), Percent(s.p90).c_str(), 100 * s.bias);
      EXPECT_LE(s.median, 0.20) << collective << " " << gpu;
    }
  }
}

// Splitwise measured whole steps of Llama-2-70B: a prefill of `batch` prompts together, and the
// mean decode iteration over `output` tokens (so a KV length of prompt + output / 2 on average).
struct SplitwisePrediction {
  double prefill_s = 0, decode_s = 0;
};

SplitwisePrediction PredictSplitwise(const SplitwiseRow& r, const RooflineOptions& options) {
  const GpuSpec gpu = r.hardware == "h100-80gb" ? testing::H100Sxm() : testing::A100Sxm80();
  const RooflineModel model(testing::Llama2_70B(), gpu, Tp(r.tp), QuietEngine(), options);
  BatchShape prefill, decode;
  for (int i = 0; i < r.batch; ++i) {
    prefill.AddPrefill(r.prompt, r.prompt);
    decode.AddDecode(r.prompt + r.output / 2);
  }
  return {model.Predict(prefill).total_s, model.Predict(decode).total_s};
}

const std::vector<SplitwiseRow>& SplitwiseRows() {
  static const std::vector<SplitwiseRow> rows = testing::LoadSplitwise();
  return rows;
}

// Prefill and decode errors of one hardware (and TP, when tp > 0) over a half.
std::pair<ErrorSummary, ErrorSummary> SplitwiseErrors(const RooflineOptions& options,
                                                      const std::string& hw, int tp, Half half) {
  ErrorAccumulator prefill, decode;
  for (const SplitwiseRow& r : SplitwiseRows()) {
    if (r.hardware != hw || (tp > 0 && r.tp != tp) || !InHalf(r.fit_half, half)) continue;
    const SplitwisePrediction p = PredictSplitwise(r, options);
    prefill.Add(p.prefill_s, r.prefill_s);
    decode.Add(p.decode_s, r.decode_s);
  }
  return {prefill.Summary(), decode.Summary()};
}

void PrintSplitwiseHeader() {
  std::printf(
      "| hardware | TP | rows | prefill median | prefill p90 | prefill bias | decode median "
      "| decode p90 | decode bias |\n|---|---|---|---|---|---|---|---|---|\n");
}

void PrintSplitwiseRow(const std::string& hw, int tp, const RooflineOptions& options, Half half) {
  const auto [a, b] = SplitwiseErrors(options, hw, tp, half);
  std::printf("| %s | %d | %zu | %s | %s | %+.1f%% | %s | %s | %+.1f%% |\n", hw.c_str(), tp,
              a.count, Percent(a.median).c_str(), Percent(a.p90).c_str(), 100 * a.bias,
              Percent(b.median).c_str(), Percent(b.p90).c_str(), 100 * b.bias);
}

TEST(FidelityHeldOut, SplitwiseStepsWithDefaults) {
  SKIP_WITHOUT(SplitwiseRows(), "Splitwise perf_model.csv");
  PrintSplitwiseHeader();
  for (const char* hw : {"a100-80gb", "h100-80gb"}) {
    for (int tp : {2, 4, 8}) PrintSplitwiseRow(hw, tp, RooflineOptions{}, Half::kAll);
  }
}

// The Splitwise decode times barely change from TP 4 to TP 8, as if the host, not the GPU, set
// the pace. Test that reading: no CUDA graphs, and kernel_launch_us fitted per host on the fit
// half of the decode rows; report the held-out half.
TEST(FidelityHeldOut, SplitwiseStepsEagerWithLaunchFittedOnFitHalf) {
  SKIP_WITHOUT(SplitwiseRows(), "Splitwise perf_model.csv");
  for (const char* hw : {"a100-80gb", "h100-80gb"}) {
    RooflineOptions best, o;
    o.cuda_graph_max_tokens = 0;
    double best_error = 1e9;
    for (int us = 0; us <= 80; ++us) {
      o.kernel_launch_us = us;
      const double err = SplitwiseErrors(o, hw, 0, Half::kFit).second.median;
      if (err < best_error) best_error = err, best = o;
    }
    std::printf("fit half: %s kernel_launch_us=%.0f with cuda_graph_max_tokens=0\n", hw,
                best.kernel_launch_us);
    PrintSplitwiseHeader();
    for (int tp : {2, 4, 8}) PrintSplitwiseRow(hw, tp, best, Half::kHeldOut);
  }
}

}  // namespace
}  // namespace gpuplan
