// Serving terms in a bundle (serving_terms.csv): read with located errors and written back
// exactly. tests/latency/serving_terms_test.cc checks what the calibrated model does with them.
#include "sim/bundle/serving_terms_csv.h"

#include <gtest/gtest.h>

#include "sim/bundle/bundle_writer.h"
#include "tests/bundle/bundle_fixtures.h"

namespace gpuplan {
namespace {

using testing::kValidMeta;
using testing::TempDir;

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
  ServingTermValues defaults;
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

}  // namespace
}  // namespace gpuplan
