// Golden regression: every tests/golden/<name>.yaml is simulated and its headline predictions
// (p50/p95 TTFT and TPOT, request and output throughput, measured time share) are compared,
// field by field, with tests/golden/<name>.expected.json. A change to code or calibration data
// that moves any of them by more than the file's relative tolerance fails with
//   "ttft_ms.p95 moved from X to Y (+Z%), tolerance 1%".
// Regenerate after an intended change (and say why in the commit):
//   GPUPLAN_UPDATE_GOLDENS=1 build/tests/golden_test
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/config/catalog_loader.h"
#include "sim/config/scenario.h"
#include "sim/runner/builtins.h"
#include "sim/runner/scenario_run.h"
#include "sim/util/atomic_file.h"
#include "sim/util/json_value.h"
#include "sim/util/json_writer.h"

namespace gpuplan {
namespace {

namespace fs = std::filesystem;

constexpr double kDefaultTolerance = 0.01;  // relative, per metric

fs::path GoldenDir() { return fs::path(GPUPLAN_SOURCE_DIR) / "tests" / "golden"; }

std::vector<std::string> GoldenNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(GoldenDir())) {
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The compared metrics, in file order: (group, field, value).
struct Metric {
  std::string group, field;
  double value;
  std::string Name() const { return group.empty() ? field : group + "." + field; }
};

std::vector<Metric> Predict(const std::string& name) {
  static const Catalog catalog = LoadCatalog(std::string(GPUPLAN_SOURCE_DIR) + "/configs");
  static const Builtins builtins;
  const Scenario s = LoadScenario((GoldenDir() / (name + ".yaml")).string(), {}, catalog,
                                  builtins.MakeLoaderOptions());
  const PreparedScenario prepared(s, builtins);
  RunOptions options;
  options.seed = s.simulation.seed;
  const ScenarioRun run = prepared.Run(options);
  const RunResult& r = run.result;
  return {{"ttft_ms", "p50", r.ttft_ms.p50},
          {"ttft_ms", "p95", r.ttft_ms.p95},
          {"tpot_ms", "p50", r.tpot_ms.p50},
          {"tpot_ms", "p95", r.tpot_ms.p95},
          {"throughput", "requests_per_s", r.request_throughput},
          {"throughput", "output_tokens_per_s", r.output_throughput},
          {"", "measured_time_share", run.ops.MeasuredShare()}};
}

std::string ExpectedJson(const std::string& name, const std::vector<Metric>& metrics) {
  JsonWriter w;
  w.BeginObject();
  w.Field("scenario", "tests/golden/" + name + ".yaml");
  w.Field("relative_tolerance", kDefaultTolerance);
  w.Key("metrics").BeginObject();
  std::string open;
  for (const Metric& m : metrics) {
    if (m.group != open) {
      if (!open.empty()) w.EndObject();
      if (!m.group.empty()) w.Key(m.group).BeginObject();
      open = m.group;
    }
    w.Field(m.field, m.value);
  }
  if (!open.empty()) w.EndObject();
  w.EndObject().EndObject();
  return w.TakeString() + "\n";
}

// "" when within tolerance, else what moved and by how much.
std::string Compare(const Metric& actual, const JsonValue* expected, double tolerance) {
  if (expected == nullptr) return actual.Name() + " is missing from the expected file";
  if (expected->IsNull()) {
    return std::isnan(actual.value)
               ? ""
               : fmt::format("{} moved from null to {}", actual.Name(), actual.value);
  }
  const double e = expected->AsDouble();
  const double change = e != 0 ? (actual.value - e) / std::abs(e) : actual.value - e;
  if (std::abs(change) <= tolerance) return "";
  return fmt::format("{} moved from {:.6g} to {:.6g} ({:+.2f}%), tolerance {:g}%", actual.Name(), e,
                     actual.value, 100 * change, 100 * tolerance);
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, PredictionsMatchTheStoredGolden) {
  const std::string name = GetParam();
  const std::vector<Metric> actual = Predict(name);
  const fs::path expected_path = GoldenDir() / (name + ".expected.json");
  const char* update = std::getenv("GPUPLAN_UPDATE_GOLDENS");
  if (update != nullptr && std::string(update) == "1") {
    WriteFileAtomic(expected_path, ExpectedJson(name, actual));
    std::printf("updated %s\n", expected_path.string().c_str());
    return;
  }
  std::ifstream in(expected_path);
  ASSERT_TRUE(in) << expected_path << " is missing; run with GPUPLAN_UPDATE_GOLDENS=1";
  std::stringstream text;
  text << in.rdbuf();
  const JsonValue expected = JsonValue::Parse(text.str());
  const JsonValue* tolerance = expected.Find("relative_tolerance");
  const double tol = tolerance != nullptr ? tolerance->AsDouble() : kDefaultTolerance;
  const JsonValue& metrics = expected.At("metrics");
  for (const Metric& m : actual) {
    const JsonValue* group = m.group.empty() ? &metrics : metrics.Find(m.group);
    const std::string problem = Compare(m, group != nullptr ? group->Find(m.field) : nullptr, tol);
    EXPECT_TRUE(problem.empty()) << name << ": " << problem;
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenTest, ::testing::ValuesIn(GoldenNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string id;
                           for (char c : info.param) id += std::isalnum(c) ? c : '_';
                           return id;
                         });

// The comparison itself must be able to fail, with the message the header promises.
TEST(GoldenCompare, ReportsTheMetricTheChangeAndTheTolerance) {
  const JsonValue e = JsonValue::Parse("{\"p95\": 200, \"zero\": 0, \"none\": null}");
  EXPECT_EQ(Compare({"ttft_ms", "p95", 202}, e.Find("p95"), 0.01), "");  // +1.00%: within
  EXPECT_EQ(Compare({"ttft_ms", "p95", 202.1}, e.Find("p95"), 0.01),
            "ttft_ms.p95 moved from 200 to 202.1 (+1.05%), tolerance 1%");
  EXPECT_EQ(Compare({"ttft_ms", "p95", 190}, e.Find("p95"), 0.01),
            "ttft_ms.p95 moved from 200 to 190 (-5.00%), tolerance 1%");
  EXPECT_EQ(Compare({"", "zero", 0}, e.Find("zero"), 0.01), "");
  EXPECT_NE(Compare({"", "zero", 0.5}, e.Find("zero"), 0.01), "");
  EXPECT_EQ(Compare({"", "none", NAN}, e.Find("none"), 0.01), "");
  EXPECT_EQ(Compare({"", "gone", 1}, nullptr, 0.01), "gone is missing from the expected file");
}

}  // namespace
}  // namespace gpuplan
