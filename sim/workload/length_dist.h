// Length distributions: how many tokens a prompt (or an output) has. One distribution is used
// for prompt_tokens and another for output_tokens, each drawing from its own Rng stream.
// Every sample is an integer >= 1.
#pragma once

#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/rng.h"
#include "sim/util/registry.h"
#include "sim/workload/workload.h"

namespace gpuplan {

// The longest prompt or output a length distribution may give (token counts are int32).
inline constexpr double kMaxTokenCount = INT32_MAX;

class LengthDistribution {
 public:
  virtual ~LengthDistribution() = default;
  // One length in tokens, >= 1. Const: the distribution is shared; the caller owns the Rng.
  virtual int32_t Sample(Rng& rng) const = 0;
  virtual std::string Describe() const = 0;  // "lognormal(median 1020, sigma 0.8)"
};

struct FixedLengthOptions {
  int32_t tokens = 1;
};
// Uniform over the integers min..max, both included.
struct UniformLengthOptions {
  int32_t min = 1;
  int32_t max = 1;
};
// exp(Normal(ln median, sigma)) rounded to the nearest integer, then clamped to [min, max]:
// samples outside the range become min or max (they are not redrawn), so a tight range puts
// visible probability mass on its bounds.
struct LognormalLengthOptions {
  double median = 1;
  double sigma = 0;
  int32_t min = 1;
  int32_t max = INT32_MAX;
};
// What the empirical distribution does with table values outside [min, max].
enum class OutOfRange { kClamp, kDrop };
// Samples uniformly from the values of one integer column of a CSV file (with a header row).
struct EmpiricalLengthOptions {
  std::string path;  // resolved path of the CSV file
  std::string column;
  int32_t min = 1;
  int32_t max = INT32_MAX;
  OutOfRange out_of_range = OutOfRange::kClamp;
  // When set, every value (after the range rule) is multiplied by mean / the values' mean and
  // rounded (at least 1): a dataset's shape at another mean, e.g. ShareGPT lengths at the mean
  // a benchmark report states.
  std::optional<double> mean;
};

std::shared_ptr<const LengthDistribution> MakeFixedLength(const FixedLengthOptions& options);
std::shared_ptr<const LengthDistribution> MakeUniformLength(const UniformLengthOptions& options);
std::shared_ptr<const LengthDistribution> MakeLognormalLength(
    const LognormalLengthOptions& options);
// Reads the file now; throws ConfigError (file:line:column) for a missing column, a cell that is
// not an integer, or no values left.
std::shared_ptr<const LengthDistribution> MakeEmpiricalLength(
    const EmpiricalLengthOptions& options);
// An empirical distribution over given values (each clamped to >= 1); `name` labels Describe().
std::shared_ptr<const LengthDistribution> MakeEmpiricalLength(std::vector<int32_t> values,
                                                              std::string name);

using LengthRegistry = Registry<std::shared_ptr<const LengthDistribution>, const WorkloadContext&>;

// Adds fixed, uniform, lognormal and empirical.
void RegisterBuiltinLengths(LengthRegistry& registry);

namespace detail {
void RegisterEmpiricalLength(LengthRegistry& registry);
}  // namespace detail

}  // namespace gpuplan
