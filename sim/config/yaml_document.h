// Turning text into a YAML tree, and applying `--set path=value` overrides to that tree before
// anything is read from it, so overridden values go through exactly the same checks as values
// written in the file (unknown keys, types, ranges, cross-field checks).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "sim/config/yaml_reader.h"
#include "sim/core/error.h"

namespace gpuplan {

// The whole content of the file at `path`; a file that cannot be read becomes a diagnostic
// `path: cannot read file (reason)` and the result is nullopt.
std::optional<std::string> ReadTextFile(const std::string& path, Diagnostics& diags);

// The deepest nesting of maps and lists yaml-cpp 0.7 parses (its DepthGuard<500> throws at the
// 500th level); a scenario or plan uses a few levels.
inline constexpr int kMaxYamlDepth = 499;

// Parses `text`. A syntax error becomes one diagnostic `file:line:col: invalid YAML: ...` at the
// error's position, and the result is nullopt. A stream of more than one document, or nesting
// deeper than kMaxYamlDepth, is an error too.
std::optional<YAML::Node> ParseYaml(const std::string& text, const std::string& file,
                                    Diagnostics& diags);

// Where a --set argument is reported: file "--set", line 1, column = the 1-based position of the
// argument among all --set arguments (the third --set is "--set:1:3").
SourceLoc SetOverrideLoc(size_t index);

// Applies each "dotted.path=value" to `root` (a map, or null for an empty document), in order;
// a later argument wins over an earlier one for the same path.
//  - The value is YAML when it starts with one of [ { " ' (a flow list, a flow map, a quoted
//    string); otherwise it is taken verbatim as one scalar (so `--set description=a: b` works).
//    An empty value is an empty (null) value.
//  - Every parent along the path must already exist and be a map; otherwise the argument is
//    rejected with a "did you mean" over the keys that do exist. A whole missing section can be
//    set as a flow map: --set 'slo={ttft_ms: 500}'.
//  - The last key may be new: whether it is a valid key is checked later by the typed reading,
//    exactly like a key written in the file.
// Every replaced path is registered in `context` so its values are located at the argument.
void ApplySetOverrides(YAML::Node& root, const std::vector<std::string>& set_overrides,
                       ReadContext& context);

// `diags` sorted by position: those in `first_file` first, then other files (--set) by name,
// each by line and column; equal positions keep their order.
Diagnostics SortedByPosition(const Diagnostics& diags, const std::string& first_file);

}  // namespace gpuplan
