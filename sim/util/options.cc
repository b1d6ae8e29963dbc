#include "sim/util/options.h"

#include <charconv>
#include <cmath>

#include "sim/core/suggest.h"

namespace gpuplan {

std::string_view OptionTypeName(OptionType type) {
  switch (type) {
    case OptionType::kInt:
      return "int";
    case OptionType::kDouble:
      return "number";
    case OptionType::kBool:
      return "bool";
    case OptionType::kString:
      return "string";
    case OptionType::kEnum:
      return "enum";
    case OptionType::kDoubleList:
      return "list of numbers";
  }
  return "?";
}

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> ParseDouble(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<bool> ParseBool(std::string_view text) {
  if (text == "true") return true;
  if (text == "false") return false;
  return std::nullopt;
}

OptionReader::OptionReader(const ParamTable& table, const std::vector<OptionSpec>& schema,
                           Diagnostics& diags)
    : OptionReporter(table, diags), schema_(schema) {}

const OptionSpec& OptionReader::Spec(std::string_view name) const {
  for (const OptionSpec& spec : schema_) {
    if (spec.name == name) return spec;
  }
  GPUPLAN_CHECK(false, "option '{}' read but not in the schema of {}", name, table().path);
  return schema_.front();  // unreachable
}

SourceLoc OptionReporter::LocOf(std::string_view name) const {
  auto it = table_.values.find(std::string(name));
  return it == table_.values.end() ? table_.loc : it->second.loc;
}

std::string OptionReporter::PathOf(std::string_view name) const {
  return table_.path.empty() ? std::string(name) : fmt::format("{}.{}", table_.path, name);
}

void OptionReporter::Fail(std::string_view name, const std::string& message) {
  diags_.Add(LocOf(name), PathOf(name), message);
}

bool OptionReporter::Given(std::string_view name) const {
  return table_.values.count(std::string(name)) > 0;
}

std::optional<std::string> OptionReader::Text(const OptionSpec& spec) {
  auto it = table().values.find(spec.name);
  if (it != table().values.end()) {
    if (it->second.is_list && spec.type != OptionType::kDoubleList) {
      Fail(spec.name, fmt::format("expected a {}, got a list", OptionTypeName(spec.type)));
      return std::nullopt;
    }
    return it->second.text;
  }
  if (spec.required) {
    diagnostics().Add(
        table().loc, PathOf(spec.name),
        fmt::format("missing required option; expected a {}{}: {}", OptionTypeName(spec.type),
                    spec.unit.empty() ? "" : " in " + spec.unit, spec.help));
    return std::nullopt;
  }
  return spec.default_value;
}

void OptionReader::CheckRange(const OptionSpec& spec, double value) {
  if (spec.min) {
    const bool below = spec.min_exclusive ? value <= *spec.min : value < *spec.min;
    if (below) {
      Fail(spec.name, fmt::format("{} is out of range; expected a value {} {}", value,
                                  spec.min_exclusive ? ">" : ">=", *spec.min));
    }
  }
  if (spec.max && value > *spec.max) {
    Fail(spec.name, fmt::format("{} is out of range; expected a value <= {}", value, *spec.max));
  }
}

int64_t OptionReader::Int(std::string_view name) {
  const OptionSpec& spec = Spec(name);
  GPUPLAN_CHECK(spec.type == OptionType::kInt, "option {} is not an int", name);
  auto text = Text(spec);
  if (!text) return 0;
  auto value = ParseInt(*text);
  if (!value) {
    Fail(name, fmt::format("'{}' is not an integer; expected an integer{}", *text,
                           spec.unit.empty() ? "" : " in " + spec.unit));
    return 0;
  }
  CheckRange(spec, static_cast<double>(*value));
  return *value;
}

double OptionReader::Double(std::string_view name) {
  const OptionSpec& spec = Spec(name);
  GPUPLAN_CHECK(spec.type == OptionType::kDouble, "option {} is not a number", name);
  auto text = Text(spec);
  if (!text) return 0;
  auto value = ParseDouble(*text);
  if (!value) {
    Fail(name, fmt::format("'{}' is not a number; expected a number{}", *text,
                           spec.unit.empty() ? "" : " in " + spec.unit));
    return 0;
  }
  CheckRange(spec, *value);
  return *value;
}

bool OptionReader::Bool(std::string_view name) {
  const OptionSpec& spec = Spec(name);
  GPUPLAN_CHECK(spec.type == OptionType::kBool, "option {} is not a bool", name);
  auto text = Text(spec);
  if (!text) return false;
  auto value = ParseBool(*text);
  if (!value) {
    Fail(name, fmt::format("'{}' is not a boolean; expected true or false", *text));
    return false;
  }
  return *value;
}

std::string OptionReader::String(std::string_view name) {
  const OptionSpec& spec = Spec(name);
  GPUPLAN_CHECK(spec.type == OptionType::kString || spec.type == OptionType::kEnum,
                "option {} is not a string", name);
  auto text = Text(spec);
  if (!text) return "";
  if (spec.type == OptionType::kEnum) {
    bool known = false;
    for (const std::string& c : spec.choices) known = known || c == *text;
    if (!known) {
      Fail(name, fmt::format("'{}' is not a valid choice; expected one of: {}{}", *text,
                             JoinNames(spec.choices), DidYouMean(*text, spec.choices)));
    }
  }
  return *text;
}

std::vector<double> OptionReader::DoubleList(std::string_view name) {
  const OptionSpec& spec = Spec(name);
  GPUPLAN_CHECK(spec.type == OptionType::kDoubleList, "option {} is not a list", name);
  auto it = table().values.find(spec.name);
  std::vector<double> out;
  if (it == table().values.end()) {
    if (spec.required) Text(spec);  // reports the missing option
    return out;
  }
  if (!it->second.is_list) {
    Fail(name, fmt::format("'{}' is not a list; expected a list of numbers", it->second.text));
    return out;
  }
  for (size_t i = 0; i < it->second.list.size(); ++i) {
    auto value = ParseDouble(it->second.list[i]);
    if (!value) {
      Fail(name, fmt::format("item {} '{}' is not a number; expected a list of numbers", i,
                             it->second.list[i]));
      continue;
    }
    CheckRange(spec, *value);
    out.push_back(*value);
  }
  return out;
}

void OptionReader::Finish() {
  std::vector<std::string> known;
  for (const OptionSpec& spec : schema_) known.push_back(spec.name);
  for (const auto& [key, value] : table().values) {
    bool found = false;
    for (const std::string& k : known) found = found || k == key;
    if (!found) {
      diagnostics().Add(value.loc, PathOf(key),
                        fmt::format("unknown option{}; valid options: {}", DidYouMean(key, known),
                                    known.empty() ? "(none)" : JoinNames(known)));
    }
  }
}

}  // namespace gpuplan
