// Serving terms in the calibrated model (sim/latency/serving_terms.h): resolved from a bundle's
// overrides and the engine preset, and applied by hand-checked amounts. tests/bundle/
// serving_terms_csv_test.cc checks how a bundle reads and writes them.
#include "sim/latency/serving_terms.h"

#include <gtest/gtest.h>

#include "sim/latency/calibrated_model.h"
#include "sim/latency/roofline_model.h"
#include "tests/bundle/bundle_fixtures.h"

namespace gpuplan {
namespace {

using testing::TestGpu;
using testing::TinyModel;

BatchShape Mixed() {
  BatchShape b;
  b.AddPrefill(300, 300);
  b.AddDecode(700);
  b.AddDecode(900);
  return b;
}

EngineSpec HostEngine() {
  EngineSpec e = testing::NoCpuEngine();
  e.cpu_overhead_per_step_us = 400;
  e.cpu_overhead_per_request_us = 10;
  return e;
}

TEST(ServingTermsModel, AnEmptyBundleWithDefaultTermsIsTheRoofline) {
  const ModelSpec model = TinyModel(4);
  const Deployment d;
  const EngineSpec engine = HostEngine();
  const RooflineModel roofline(model, TestGpu(), d, engine, {});
  const CalibratedLatencyModel calibrated(model, TestGpu(), d, engine, Bundle{}, {});
  const StepTime a = roofline.Predict(Mixed());
  const StepTime b = calibrated.Predict(Mixed());
  EXPECT_EQ(a.op_s, b.op_s);
  EXPECT_EQ(a.total_s, b.total_s);
}

TEST(ServingTermsModel, MultipliersScaleTheirFamilyAndHostTermsReplaceThePresets) {
  const ModelSpec model = TinyModel(4);
  const Deployment d;
  const EngineSpec engine = HostEngine();
  const CalibratedLatencyModel plain(model, TestGpu(), d, engine, Bundle{}, {});
  ServingTerms terms = ServingTerms::Defaults(engine);
  terms[ServingTerm::kGemmTimeScale] = 2;
  terms[ServingTerm::kAttentionTimeScale] = 0.5;
  terms[ServingTerm::kMemoryTimeScale] = 3;
  terms[ServingTerm::kHostPerStepUs] = 100;
  terms[ServingTerm::kHostPerRequestUs] = 20;
  const CalibratedLatencyModel fitted(model, TestGpu(), d, engine, Bundle{}, {}, terms);
  const StepTime p = plain.Predict(Mixed());
  const StepTime f = fitted.Predict(Mixed());
  EXPECT_DOUBLE_EQ(f.Of(OpKind::kQkvProj), 2 * p.Of(OpKind::kQkvProj));
  EXPECT_DOUBLE_EQ(f.Of(OpKind::kLmHead), 2 * p.Of(OpKind::kLmHead));
  EXPECT_DOUBLE_EQ(f.Of(OpKind::kDecodeAttention), 0.5 * p.Of(OpKind::kDecodeAttention));
  EXPECT_DOUBLE_EQ(f.Of(OpKind::kNorm), 3 * p.Of(OpKind::kNorm));
  EXPECT_DOUBLE_EQ(f.Of(OpKind::kSampling), 3 * p.Of(OpKind::kSampling));
  // Not overlapped, graphed (302 tokens <= 512): host = per step + 3 requests x per request.
  EXPECT_DOUBLE_EQ(p.Of(OpKind::kCpuOverhead), (400 + 3 * 10) * 1e-6);
  EXPECT_DOUBLE_EQ(f.Of(OpKind::kCpuOverhead), (100 + 3 * 20) * 1e-6);
  double sum = 0;
  for (double s : f.op_s) sum += s;
  EXPECT_DOUBLE_EQ(f.total_s, sum);
}

TEST(ServingTermsModel, ABundlesTermsOverrideOnlyWhatTheyState) {
  Bundle bundle;
  bundle.serving_terms[static_cast<size_t>(ServingTerm::kHostOverlap)] = 1;
  const ServingTerms t = ServingTerms::Resolve(HostEngine(), bundle.serving_terms);
  EXPECT_EQ(t[ServingTerm::kHostOverlap], 1);
  EXPECT_EQ(t[ServingTerm::kHostPerStepUs], 400);
  EXPECT_EQ(t[ServingTerm::kCollectiveTimeScale], 1);
  const CalibratedLatencyModel overlapped(TinyModel(4), TestGpu(), Deployment{}, HostEngine(),
                                          bundle, {});
  // 430 us of host work (400 + 3 x 10), overlapped: only what exceeds the GPU time shows.
  const StepTime step = overlapped.Predict(Mixed());
  const double gpu_s = step.total_s - step.Of(OpKind::kCpuOverhead);
  ASSERT_LT(gpu_s, 430e-6);  // the tiny model's step is shorter than its host work
  EXPECT_NEAR(step.Of(OpKind::kCpuOverhead), 430e-6 - gpu_s, 1e-15);
}

}  // namespace
}  // namespace gpuplan
