// Reading and writing the YAML form of a policy slot: `kind` or `{kind: k, option: value, ...}`,
// options flat beside `kind` (a scalar or a list of scalars each).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "sim/config/policy_choice.h"
#include "sim/config/yaml_reader.h"

namespace gpuplan::detail {

// The choice written at `node`; nullopt after reporting when it is unusable (no kind, not a
// name or a map). Bad option values (nested maps) are reported and left out.
std::optional<PolicyChoice> ReadPolicy(const YamlNode& node);

// The choice used when a slot is not written: `kind` with no options, located at `loc`.
PolicyChoice DefaultPolicy(std::string kind, std::string path, SourceLoc loc);

// Writes `{kind: k, options...}` (options in name order, values as the user wrote them).
void EmitPolicy(YAML::Emitter& out, const PolicyChoice& choice);

}  // namespace gpuplan::detail
