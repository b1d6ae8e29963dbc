#include "sim/config/policy_reader.h"

namespace gpuplan::detail {

namespace {

// One option value; nullopt (reported) when it is not a scalar or a list of scalars.
std::optional<ParamValue> ReadParam(const YamlNode& node) {
  ParamValue value;
  value.loc = node.loc();
  if (node.IsScalar()) {
    value.text = node.text();
    return value;
  }
  if (node.IsSequence()) {
    value.is_list = true;
    bool ok = true;
    for (const YamlNode& item : node.Items()) {
      if (!item.IsScalar()) {
        item.Fail(
            fmt::format("got {}; expected a scalar (policy options are flat)", item.Describe()));
        ok = false;
        continue;
      }
      value.list.push_back(item.text());
    }
    value.text = fmt::format("[{}]", JoinNames(value.list));
    if (!ok) return std::nullopt;
    return value;
  }
  node.Fail(fmt::format("got {}; expected a scalar or a list of scalars (policy options are flat)",
                        node.Describe()));
  return std::nullopt;
}

}  // namespace

std::optional<PolicyChoice> ReadPolicy(const YamlNode& node) {
  PolicyChoice choice;
  choice.path = node.path();
  choice.options.path = node.path();
  choice.options.loc = node.loc();
  if (node.IsScalar()) {
    if (node.text().empty()) {
      node.Fail("empty kind; expected the name of a policy");
      return std::nullopt;
    }
    choice.kind = node.text();
    choice.kind_loc = node.loc();
    return choice;
  }
  if (!node.IsMap()) {
    node.Fail(fmt::format("got {}; expected a kind name or {{kind: NAME, <option>: value, ...}}",
                          node.Describe()));
    return std::nullopt;
  }
  YamlMap map(node);
  std::optional<YamlNode> kind = map.Find("kind");
  std::optional<std::string> kind_text;
  if (!kind) {
    map.FailMissing("kind", "the name of a policy");
  } else if ((kind_text = kind->As<std::string>()) && kind_text->empty()) {
    kind->Fail("empty kind; expected the name of a policy");
    kind_text.reset();
  }
  for (auto& [key, value] : map.TakeRest()) {
    if (auto param = ReadParam(value)) choice.options.values.emplace(key, std::move(*param));
  }
  map.Finish();
  if (!kind_text) return std::nullopt;
  choice.kind = *kind_text;
  choice.kind_loc = kind->loc();
  return choice;
}

PolicyChoice DefaultPolicy(std::string kind, std::string path, SourceLoc loc) {
  PolicyChoice choice;
  choice.kind = std::move(kind);
  choice.kind_loc = loc;
  choice.path = path;
  choice.options.path = std::move(path);
  choice.options.loc = std::move(loc);
  return choice;
}

void EmitPolicy(YAML::Emitter& out, const PolicyChoice& choice) {
  out << YAML::BeginMap << YAML::Key << "kind" << YAML::Value << choice.kind;
  for (const auto& [name, value] : choice.options.values) {
    out << YAML::Key << name << YAML::Value;
    if (value.is_list) {
      out << YAML::Flow << YAML::BeginSeq;
      for (const std::string& item : value.list) out << item;
      out << YAML::EndSeq;
    } else {
      out << value.text;
    }
  }
  out << YAML::EndMap;
}

}  // namespace gpuplan::detail
