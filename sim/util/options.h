// Policy options: a schema per policy (OptionSpec), a neutral parameter table filled from YAML or
// --set (ParamTable: text values with their source positions), and OptionReader, the typed,
// checked way a policy reads its Options struct from the table. Only config/ sees YAML; policies
// see ParamTables, so they can be unit-tested without files.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan {

enum class OptionType { kInt, kDouble, kBool, kString, kEnum, kDoubleList };

std::string_view OptionTypeName(OptionType type);

struct OptionSpec {
  std::string name;
  OptionType type = OptionType::kDouble;
  std::string unit;           // "req/s", "ms", "tokens", "" when unitless
  std::string default_value;  // text form; empty together with required=true means "must be given"
  std::string help;
  bool required = false;
  std::vector<std::string> choices;  // kEnum only
  std::optional<double> min;         // numeric bounds (inclusive unless *_exclusive)
  std::optional<double> max;
  bool min_exclusive = false;
};

struct ParamValue {
  std::string text;               // scalar value as written
  std::vector<std::string> list;  // list items when is_list
  bool is_list = false;
  SourceLoc loc;
};

// The options a user wrote for one policy, by name, with where each was written.
struct ParamTable {
  std::string path;  // dotted path of the table, e.g. "workload.arrival"
  SourceLoc loc;     // where the table starts (used for "missing" errors)
  std::map<std::string, ParamValue> values;
};

// Reports problems about the options of one table at the option's position (the table's when
// the option was not written), with the option's dotted path. What a policy's factory uses to
// report what it finds while building from typed options (a file that cannot be read, a value
// the engine refuses, two options that disagree).
class OptionReporter {
 public:
  OptionReporter(const ParamTable& table, Diagnostics& diags) : table_(table), diags_(diags) {}

  // True when the user wrote this option (not defaulted).
  bool Given(std::string_view name) const;
  // Reports a problem about one option, at its position.
  void Fail(std::string_view name, const std::string& message);

  const ParamTable& table() const { return table_; }
  Diagnostics& diagnostics() { return diags_; }

 protected:
  SourceLoc LocOf(std::string_view name) const;
  std::string PathOf(std::string_view name) const;

 private:
  const ParamTable& table_;
  Diagnostics& diags_;
};

// Reads typed options from a ParamTable against a schema. Problems become diagnostics (never
// exceptions), so every error of a file is reported at once; a failed read returns the default
// (or zero), and the caller must not use the result when diagnostics were added.
class OptionReader : public OptionReporter {
 public:
  OptionReader(const ParamTable& table, const std::vector<OptionSpec>& schema, Diagnostics& diags);

  int64_t Int(std::string_view name);
  double Double(std::string_view name);
  bool Bool(std::string_view name);
  std::string String(std::string_view name);  // also for kEnum
  std::vector<double> DoubleList(std::string_view name);
  // Reports options the schema does not know, with "did you mean". Call once, after reading.
  void Finish();

 private:
  const OptionSpec& Spec(std::string_view name) const;
  // The text to parse (given or default); nullopt when missing (diagnostic already added).
  std::optional<std::string> Text(const OptionSpec& spec);
  void CheckRange(const OptionSpec& spec, double value);

  const std::vector<OptionSpec>& schema_;
};

// Strict parsers shared with config/: the whole text must be a number or a boolean.
std::optional<int64_t> ParseInt(std::string_view text);
std::optional<double> ParseDouble(std::string_view text);
std::optional<bool> ParseBool(std::string_view text);

}  // namespace gpuplan
