// The YAML schema of the catalog entries (GpuSpec, ModelSpec, EngineSpec), written down once as
// field tables, and the reading/writing built on them. The same table reads a catalog file, an
// inline definition in a scenario and the `{preset: NAME, field: value}` overrides, and writes
// the resolved scenario, so the three can never disagree about a field's name or checks.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/catalog/specs.h"
#include "sim/config/yaml_reader.h"

namespace gpuplan::detail {

template <class Spec>
struct SpecField {
  std::string name;
  std::variant<int Spec::*, double Spec::*, bool Spec::*, std::string Spec::*> member;
  Expect expect;
  bool required = false;  // must be written in a full definition (catalog file, inline entry)
};

const std::vector<SpecField<GpuSpec>>& GpuFields();
const std::vector<SpecField<ModelSpec>>& ModelFields();
const std::vector<SpecField<EngineSpec>>& EngineFields();

// The table of Spec, and what one is called in messages ("gpu", "model", "engine").
template <class Spec>
const std::vector<SpecField<Spec>>& FieldsOf();
template <class Spec>
std::string_view EntryNoun();

// A full definition (catalog file, or an inline entry without `preset:`): `name`, every field
// (required ones must be present, the others default to the struct's defaults) and `sources`.
// Keys in `skip` are left for the caller. Does not call map.Finish().
template <class Spec>
Spec ReadFullDefinition(YamlMap& map, const std::vector<std::string>& skip = {});

// Resolves a catalog reference: `NAME`, `{preset: NAME, field: value, ...}` (optionally with
// `name:` to rename the variant and `sources:`), or a full inline definition with `name:`.
// Overridden fields get sources[field] = "override at file:line:col". `extra_keys` (may be
// empty) reads the caller's own keys of a map form before unknown keys are reported; the keys in
// `skip` are left to it. Returns nullopt after reporting when the entry is unusable.
template <class Spec>
std::optional<Spec> ResolveEntry(const YamlNode& node, const std::map<std::string, Spec>& presets,
                                 const std::vector<std::string>& skip = {},
                                 const std::function<void(YamlMap&)>& extra_keys = {});

// Checks that involve several fields of one entry (attention heads divisible by KV heads).
// `path` is the entry's dotted path ("" for a catalog file). Called by the readers above.
template <class Spec>
void CheckEntry(const Spec& spec, const std::string& path, ReadContext& context);

// Writes `spec` as a full definition: name, fields in table order (minus `skip`), then
// `extra` (may be empty) for the caller's keys, then sources. Opens and closes the map.
template <class Spec>
void EmitEntry(YAML::Emitter& out, const Spec& spec, const std::vector<std::string>& skip = {},
               const std::function<void(YAML::Emitter&)>& extra = {});

// Shortest text that reads back to exactly `value` ("0.9", "2", "1e+20").
std::string NumberText(double value);

// "file:line:col", or just "file" when the line is unknown.
std::string LocText(const SourceLoc& loc);

}  // namespace gpuplan::detail
