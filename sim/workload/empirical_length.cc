// empirical: lengths resampled (uniformly, with replacement) from a column of a CSV table such
// as the ShareGPT / arXiv / BWB token-count tables. The table is read once, at construction.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "sim/core/error.h"
#include "sim/workload/csv_reader.h"
#include "sim/workload/length_dist.h"

namespace gpuplan {
namespace {

class EmpiricalLength final : public LengthDistribution {
 public:
  EmpiricalLength(std::vector<int32_t> values, std::string name)
      : values_(std::move(values)), name_(std::move(name)) {
    double sum = 0;
    for (int32_t v : values_) sum += v;
    mean_ = sum / static_cast<double>(values_.size());
  }
  int32_t Sample(Rng& rng) const override {
    return values_[static_cast<size_t>(
        rng.UniformInt(0, static_cast<int64_t>(values_.size()) - 1))];
  }
  std::string Describe() const override {
    return fmt::format("empirical({}, {} values, mean {:.0f})", name_, values_.size(), mean_);
  }

 private:
  std::vector<int32_t> values_;
  std::string name_;
  double mean_ = 0;
};

std::vector<int32_t> ReadColumn(const EmpiricalLengthOptions& o) {
  detail::CsvReader csv(o.path);
  const size_t column = csv.Column(o.column);
  std::vector<int32_t> values;
  int64_t rows = 0;
  while (csv.NextRow()) {
    ++rows;
    const int64_t v = csv.IntField(column);
    if (v < 0 || v > INT32_MAX) {
      csv.FailAt(column, fmt::format("{} {} is out of range; expected a token count in [0, {}]",
                                     o.column, v, INT32_MAX));
    }
    const bool in_range = v >= o.min && v <= o.max;
    if (in_range || o.out_of_range == OutOfRange::kClamp) {
      values.push_back(static_cast<int32_t>(std::clamp<int64_t>(v, o.min, o.max)));
    }
  }
  if (values.empty()) {
    detail::ThrowFileError(
        o.path, csv.line(), 1,
        rows == 0 ? "no data rows; expected at least one row after the header"
                  : fmt::format("none of the {} values of '{}' lies in [{}, {}]; expected at "
                                "least one",
                                rows, o.column, o.min, o.max));
  }
  return values;
}

// Multiplies every value by target / mean(values), rounding to the nearest integer >= 1.
void RescaleToMean(std::vector<int32_t>& values, double target) {
  double sum = 0;
  for (int32_t v : values) sum += v;
  const double factor = target / (sum / static_cast<double>(values.size()));
  for (int32_t& v : values) {
    const double scaled = std::round(v * factor);
    v = static_cast<int32_t>(std::clamp(scaled, 1.0, static_cast<double>(INT32_MAX)));
  }
}

}  // namespace

std::shared_ptr<const LengthDistribution> MakeEmpiricalLength(std::vector<int32_t> values,
                                                              std::string name) {
  GPUPLAN_CHECK(!values.empty(), "empirical length '{}' without values", name);
  for (int32_t& v : values) v = std::max(v, 1);
  return std::make_shared<EmpiricalLength>(std::move(values), std::move(name));
}

std::shared_ptr<const LengthDistribution> MakeEmpiricalLength(
    const EmpiricalLengthOptions& options) {
  GPUPLAN_CHECK(options.min >= 1 && options.max >= options.min, "empirical range [{}, {}]",
                options.min, options.max);
  std::string name =
      fmt::format("{}:{}", std::filesystem::path(options.path).filename().string(), options.column);
  std::vector<int32_t> values = ReadColumn(options);
  if (options.mean) {
    GPUPLAN_CHECK(*options.mean >= 1, "empirical mean {} below 1", *options.mean);
    RescaleToMean(values, *options.mean);
    name += fmt::format(" rescaled to mean {:g}", *options.mean);
  }
  return MakeEmpiricalLength(std::move(values), name);
}

namespace detail {
namespace {

// The options as written: `path` is resolved against the scenario's folder when building.
EmpiricalLengthOptions ReadEmpirical(OptionReader& r) {
  EmpiricalLengthOptions o;
  o.path = r.String("path");
  o.column = r.String("column");
  o.min = static_cast<int32_t>(r.Int("min"));
  if (r.Given("max")) o.max = static_cast<int32_t>(r.Int("max"));
  o.out_of_range = r.String("out_of_range") == "drop" ? OutOfRange::kDrop : OutOfRange::kClamp;
  if (r.Given("mean")) o.mean = r.Double("mean");
  return o;
}

std::shared_ptr<const LengthDistribution> BuildEmpirical(const EmpiricalLengthOptions& written,
                                                         OptionReporter& r,
                                                         const WorkloadContext& context) {
  EmpiricalLengthOptions o = written;
  o.path = ResolvePath(context, written.path);
  if (o.max < o.min) {
    r.Fail("max", fmt::format("{} is below min {}; expected max >= min", o.max, o.min));
    return nullptr;  // do not read a file for bad options
  }
  try {
    return MakeEmpiricalLength(o);
  } catch (const ConfigError& e) {
    for (const Diagnostic& d : e.diagnostics()) r.diagnostics().Add(d.loc, d.path, d.message);
    return nullptr;
  }
}

}  // namespace

void RegisterEmpiricalLength(LengthRegistry& registry) {
  constexpr double kMaxTokens = kMaxTokenCount;
  registry.Add(
      "empirical",
      "resamples lengths uniformly from one integer column of a CSV file with a header row",
      {{.name = "path",
        .type = OptionType::kString,
        .help = "CSV file; relative paths are resolved against the scenario's folder",
        .required = true},
       {.name = "column",
        .type = OptionType::kString,
        .help = "header name of the column, e.g. num_prefill_tokens",
        .required = true},
       {.name = "min",
        .type = OptionType::kInt,
        .unit = "tokens",
        .default_value = "1",
        .help = "values below are handled as out_of_range says",
        .min = 1.0,
        .max = kMaxTokens},
       {.name = "max",
        .type = OptionType::kInt,
        .unit = "tokens",
        .help = "values above are handled as out_of_range says; no bound when absent",
        .min = 1.0,
        .max = kMaxTokens},
       {.name = "out_of_range",
        .type = OptionType::kEnum,
        .default_value = "clamp",
        .help = "clamp: move values outside [min, max] to the bound; drop: leave them out",
        .choices = {"clamp", "drop"}},
       {.name = "mean",
        .type = OptionType::kDouble,
        .unit = "tokens",
        .help = "rescale every value (after min/max) so that the values' mean is this, "
                "rounding to integers >= 1; the table's own mean when absent",
        .min = 1.0,
        .max = kMaxTokens}},
      ReadEmpirical, BuildEmpirical);
}

}  // namespace detail
}  // namespace gpuplan
