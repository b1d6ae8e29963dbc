// Serving terms in a bundle (serving_terms.csv) and in the calibrated model: read with located
// errors, written back exactly, and applied by hand-checked amounts.
#include "sim/latency/serving_terms.h"

#include <gtest/gtest.h>

#include "sim/calibration/bundle_writer.h"
#include "sim/calibration/calibrated_model.h"
#include "sim/calibration/serving_terms_csv.h"
#include "tests/calibration/bundle_fixtures.h"

namespace gpuplan {
namespace {

using testing::kValidMeta;
using testing::TempDir;
using testing::TestGpu;
using testing::TinyModel;

constexpr const char* kHeader = "term,value,default,lower,upper,unit\n";

std::string ErrorsOf(const std::string& csv, ServingTermOverrides* out) {
  Diagnostics diags;
  ParseServingTermsCsv(csv, "b/serving_terms.csv", out, diags);
  std::string text;
  for (const Diagnostic& d : diags.items()) text += d.ToString() + "\n";
  return text;
}

TEST(ServingTermsCsv, ReadsStatedTermsAndIgnoresUnknownOnes) {
  ServingTermOverrides terms{};
  EXPECT_EQ(ErrorsOf(std::string(kHeader) + "host_per_step_us,812.5,1000,0,20000,us\n"
                                            "future_term,3,,,,\n"
                                            "gemm_time_scale,1.25,1,0.25,4,x\n",
                     &terms),
            "");
  EXPECT_EQ(terms[static_cast<size_t>(ServingTerm::kHostPerStepUs)], 812.5);
  EXPECT_EQ(terms[static_cast<size_t>(ServingTerm::kGemmTimeScale)], 1.25);
  EXPECT_FALSE(terms[static_cast<size_t>(ServingTerm::kHostOverlap)]);
}

TEST(ServingTermsCsv, RefusesValuesOutsideBoundsNonNumbersAndRepeats) {
  ServingTermOverrides terms{};
  const std::string errors = ErrorsOf(std::string(kHeader) +
                                          "host_overlap,1.5,,,,\n"
                                          "gemm_time_scale,fast,,,,\n"
                                          "memory_time_scale,0.25,,,,\n"
                                          "memory_time_scale,2,,,,\n"
                                          "host_per_request_us,1,2\n",
                                      &terms);
  EXPECT_NE(errors.find("b/serving_terms.csv:2:14: value: host_overlap = 1.5 is outside its "
                        "bounds; expected 0 to 1 fraction"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find(":3:17: value: 'fast' is not a number"), std::string::npos) << errors;
  EXPECT_NE(errors.find(":5:1: term: memory_time_scale is stated twice"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find(":6:1: 3 cells; expected 6"), std::string::npos) << errors;
  // The lower bound itself is accepted.
  EXPECT_EQ(terms[static_cast<size_t>(ServingTerm::kMemoryTimeScale)], 0.25);
}

TEST(ServingTermsCsv, WrittenTermsReadBackExactly) {
  ServingTermOverrides terms{};
  terms[static_cast<size_t>(ServingTerm::kHostPerStepUs)] = 1234.567891234;
  terms[static_cast<size_t>(ServingTerm::kAttentionTimeScale)] = 0.1 + 0.2;
  ServingTerms defaults;
  defaults[ServingTerm::kHostPerStepUs] = 1000;
  const std::string csv = FormatServingTermsCsv(terms, &defaults);
  EXPECT_NE(csv.find("host_per_step_us,1234.567891234,1000,0,20000,us\n"), std::string::npos)
      << csv;
  ServingTermOverrides back{};
  EXPECT_EQ(ErrorsOf(csv, &back), "");
  EXPECT_EQ(back, terms);
}

TEST(ServingTermsCsv, ABundleCarriesItsTermsThroughWriteAndRead) {
  TempDir dir;
  dir.Write("meta.txt", kValidMeta);
  Bundle bundle = ReadBundle(dir.path());
  EXPECT_FALSE(bundle.HasServingTerms());
  bundle.serving_terms[static_cast<size_t>(ServingTerm::kHostOverlap)] = 0.5;
  WriteBundle(bundle, (dir.dir() / "copy").string(), false);
  const Bundle back = ReadBundle((dir.dir() / "copy").string());
  EXPECT_TRUE(back.HasServingTerms());
  EXPECT_EQ(back.serving_terms, bundle.serving_terms);

  dir.Write("serving_terms.csv", std::string(kHeader) + "host_overlap,2,,,,\n");
  try {
    ReadBundle(dir.path());
    FAIL() << "a term outside its bounds must be refused";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("host_overlap = 2 is outside its bounds"),
              std::string::npos)
        << e.what();
  }
}

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
