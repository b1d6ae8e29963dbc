#include "sim/config/yaml_reader.h"

#include <algorithm>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "sim/catalog/dtype.h"
#include "sim/core/suggest.h"
#include "sim/util/options.h"

namespace gpuplan {

namespace {

std::string BoundsText(const Expect& e) {
  std::string text;
  if (e.min) text += fmt::format(" {} {}", e.min_exclusive ? ">" : ">=", *e.min);
  if (e.min && e.max) text += " and";
  if (e.max) text += fmt::format(" {} {}", e.max_exclusive ? "<" : "<=", *e.max);
  return text;
}

bool InBounds(const Expect& e, double v) {
  if (e.min && (e.min_exclusive ? v <= *e.min : v < *e.min)) return false;
  if (e.max && (e.max_exclusive ? v >= *e.max : v > *e.max)) return false;
  return true;
}

// Parses the scalar text of `node` as T; reports and returns nullopt when it is not one.
template <class T>
std::optional<T> ParseScalar(const YamlNode& node, const Expect& expect);

template <>
std::optional<int64_t> ParseScalar<int64_t>(const YamlNode& node, const Expect& expect) {
  auto value = ParseInt(node.text());
  if (!value) {
    node.Fail(fmt::format("'{}' is not an integer; expected {}", node.text(),
                          ExpectedText<int64_t>(expect)));
  }
  return value;
}

template <>
std::optional<int> ParseScalar<int>(const YamlNode& node, const Expect& expect) {
  auto value = ParseInt(node.text());
  const bool fits = value && *value >= std::numeric_limits<int>::min() &&
                    *value <= std::numeric_limits<int>::max();
  if (value && !fits) {
    node.Fail(fmt::format("{} is too large; expected {} that fits in 32 bits", node.text(),
                          ExpectedText<int>(expect)));
    return std::nullopt;
  }
  if (!value) {
    node.Fail(
        fmt::format("'{}' is not an integer; expected {}", node.text(), ExpectedText<int>(expect)));
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

template <>
std::optional<double> ParseScalar<double>(const YamlNode& node, const Expect& expect) {
  auto value = ParseDouble(node.text());
  if (!value) {
    node.Fail(fmt::format("'{}' is not a number; expected {}", node.text(),
                          ExpectedText<double>(expect)));
  }
  return value;
}

template <>
std::optional<bool> ParseScalar<bool>(const YamlNode& node, const Expect&) {
  auto value = ParseBool(node.text());
  if (!value) node.Fail(fmt::format("'{}' is not a boolean; expected true or false", node.text()));
  return value;
}

template <>
std::optional<std::string> ParseScalar<std::string>(const YamlNode& node, const Expect& expect) {
  const std::string& text = node.text();
  if (!expect.choices.empty() &&
      std::find(expect.choices.begin(), expect.choices.end(), text) == expect.choices.end()) {
    node.Fail(fmt::format("'{}' is not a valid choice{}; expected one of: {}", text,
                          DidYouMean(text, expect.choices), JoinNames(expect.choices)));
    return std::nullopt;
  }
  return text;
}

template <>
std::optional<Dtype> ParseScalar<Dtype>(const YamlNode& node, const Expect&) {
  auto value = ParseDtype(node.text());
  if (!value) {
    const std::vector<std::string> names = {"fp32", "bf16", "fp16", "fp8", "int8", "int4"};
    node.Fail(fmt::format("'{}' is not a data type{}; expected one of: {}", node.text(),
                          DidYouMean(node.text(), names), DtypeChoicesText()));
  }
  return value;
}

template <class T>
void CheckBounds(const YamlNode& node, const Expect& expect, const T& value, bool& ok) {
  if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    if (!InBounds(expect, static_cast<double>(value))) {
      node.Fail(
          fmt::format("{} is out of range; expected {}", node.text(), ExpectedText<T>(expect)));
      ok = false;
    }
  }
}

}  // namespace

template <class T>
std::string ExpectedText(const Expect& expect) {
  if constexpr (std::is_same_v<T, int> || std::is_same_v<T, int64_t>) {
    return "an integer" + BoundsText(expect);
  } else if constexpr (std::is_same_v<T, double>) {
    return "a number" + BoundsText(expect);
  } else if constexpr (std::is_same_v<T, bool>) {
    return "true or false";
  } else if constexpr (std::is_same_v<T, Dtype>) {
    return fmt::format("one of: {}", DtypeChoicesText());
  } else {
    static_assert(std::is_same_v<T, std::string>);
    return expect.choices.empty() ? "a string" : "one of: " + JoinNames(expect.choices);
  }
}

SourceLoc ReadContext::Locate(const YAML::Node& node, std::string_view path) const {
  const SourceLoc* best = nullptr;
  size_t best_len = 0;
  for (const auto& [prefix, loc] : overrides_) {
    if (IsPathPrefix(prefix, path) && (best == nullptr || prefix.size() > best_len)) {
      best = &loc;
      best_len = prefix.size();
    }
  }
  if (best != nullptr) return *best;
  const YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
  if (mark.is_null()) return SourceLoc{file_, 0, 0};
  return SourceLoc{file_, mark.line + 1, mark.column + 1};
}

std::string JoinPath(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return fmt::format("{}.{}", parent, key);
}

YamlNode::YamlNode(ReadContext& context, YAML::Node node, std::string path, YAML::Node key)
    : context_(&context), node_(std::move(node)), path_(std::move(path)), key_(std::move(key)) {}

SourceLoc YamlNode::loc() const {
  const bool use_key = IsNull() && key_.IsDefined() && !key_.IsNull();
  return context_->Locate(use_key ? key_ : node_, path_);
}

YamlNode& YamlNode::operator=(const YamlNode& other) {
  context_ = other.context_;
  node_.reset(other.node_);
  path_ = other.path_;
  key_.reset(other.key_);
  return *this;
}

SourceLoc YamlNode::key_loc() const {
  if (!key_.IsDefined() || key_.IsNull()) return loc();
  return context_->Locate(key_, path_);
}

std::string YamlNode::Describe() const {
  if (IsNull()) return "an empty value";
  if (IsMap()) return "a map";
  if (IsSequence()) return "a list";
  return fmt::format("'{}'", text());
}

std::vector<YamlNode> YamlNode::Items() const {
  std::vector<YamlNode> items;
  if (!IsSequence()) return items;
  for (size_t i = 0; i < node_.size(); ++i) {
    items.emplace_back(*context_, node_[i], fmt::format("{}[{}]", path_, i));
  }
  return items;
}

void YamlNode::Fail(const std::string& message) const {
  context_->diags().Add(loc(), path_, message);
}

template <class T>
std::optional<T> YamlNode::As(const Expect& expect) const {
  if (IsNull()) {
    Fail(fmt::format("missing value; expected {}", ExpectedText<T>(expect)));
    return std::nullopt;
  }
  if (!IsScalar()) {
    Fail(fmt::format("got {}; expected {}", Describe(), ExpectedText<T>(expect)));
    return std::nullopt;
  }
  std::optional<T> value = ParseScalar<T>(*this, expect);
  if (!value) return std::nullopt;
  bool ok = true;
  CheckBounds(*this, expect, *value, ok);
  if (!ok) return std::nullopt;
  return value;
}

YamlMap::YamlMap(const YamlNode& node) : node_(node) {
  GPUPLAN_CHECK(node.IsMap(), "YamlMap over a non-map at {}", node.path());
  for (auto it = node.raw().begin(); it != node.raw().end(); ++it) {
    Entry entry;
    entry.key_node.reset(it->first);
    entry.value.reset(it->second);
    entry.key = it->first.IsScalar() ? it->first.Scalar() : "";
    entries_.push_back(std::move(entry));
  }
}

YamlMap::Entry* YamlMap::FindEntry(std::string_view key) {
  for (Entry& e : entries_) {
    if (e.key == key && e.key_node.IsScalar()) return &e;
  }
  return nullptr;
}

void YamlMap::MarkKnown(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
}

bool YamlMap::Has(std::string_view key) {
  MarkKnown(key);
  return FindEntry(key) != nullptr;
}

std::optional<YamlNode> YamlMap::Find(std::string_view key) {
  MarkKnown(key);
  Entry* entry = FindEntry(key);
  if (entry == nullptr) return std::nullopt;
  entry->used = true;
  YamlNode child(context(), entry->value, JoinPath(path(), key), entry->key_node);
  context().Record(child.path(), child.loc());
  return child;
}

void YamlMap::FailMissing(std::string_view key, const std::string& expected) {
  context().diags().Add(loc(), JoinPath(path(), key),
                        fmt::format("missing required key; expected {}", expected));
}

template <class T>
T YamlMap::Required(std::string_view key, const Expect& expect) {
  std::optional<YamlNode> child = Find(key);
  if (!child) {
    FailMissing(key, ExpectedText<T>(expect));
    return T{};
  }
  return child->As<T>(expect).value_or(T{});
}

template <class T>
T YamlMap::Get(std::string_view key, T fallback, const Expect& expect) {
  std::optional<YamlNode> child = Find(key);
  if (!child) return fallback;
  std::optional<T> value = child->As<T>(expect);
  return value ? *value : fallback;
}

template <class T>
std::optional<T> YamlMap::Optional(std::string_view key, const Expect& expect) {
  std::optional<YamlNode> child = Find(key);
  if (!child) return std::nullopt;
  return child->As<T>(expect);
}

std::vector<std::pair<std::string, YamlNode>> YamlMap::TakeRest() {
  std::vector<std::pair<std::string, YamlNode>> rest;
  for (Entry& e : entries_) {
    if (e.used || !e.key_node.IsScalar()) continue;
    e.used = true;
    rest.emplace_back(e.key, YamlNode(context(), e.value, JoinPath(path(), e.key), e.key_node));
    context().Record(rest.back().second.path(), rest.back().second.loc());
  }
  return rest;
}

void YamlMap::MarkAllUsed() {
  for (Entry& e : entries_) e.used = true;
}

void YamlMap::Finish() {
  // The first entry of each key, found by hash: a map of 200,000 keys is checked in linear time
  // (a scan of the earlier entries per key took minutes).
  std::unordered_map<std::string_view, size_t> first_of_key;
  first_of_key.reserve(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    const std::string key_path = JoinPath(path(), e.key);
    const SourceLoc key_loc = context().Locate(e.key_node, key_path);
    if (!e.key_node.IsScalar() || e.key.empty()) {
      context().diags().Add(key_loc, path(), "a key is not a plain name; expected key: value");
      continue;
    }
    const auto [first, inserted] = first_of_key.emplace(e.key, i);
    if (!inserted) {
      const SourceLoc first_loc = context().Locate(entries_[first->second].key_node, key_path);
      context().diags().Add(key_loc, key_path,
                            fmt::format("duplicate key (first written at line {}); expected each "
                                        "key once",
                                        first_loc.line));
      continue;
    }
    if (e.used) continue;
    const std::string suggestion = DidYouMean(e.key, known_);
    context().diags().Add(key_loc, key_path,
                          suggestion.empty()
                              ? fmt::format("unknown key '{}'; valid keys: {}", e.key,
                                            known_.empty() ? "(none)" : JoinNames(known_))
                              : fmt::format("unknown key '{}'{}", e.key, suggestion));
  }
}

#define GPUPLAN_INSTANTIATE_READS(T)                                \
  template std::string ExpectedText<T>(const Expect&);              \
  template std::optional<T> YamlNode::As<T>(const Expect&) const;   \
  template T YamlMap::Required<T>(std::string_view, const Expect&); \
  template T YamlMap::Get<T>(std::string_view, T, const Expect&);   \
  template std::optional<T> YamlMap::Optional<T>(std::string_view, const Expect&);

GPUPLAN_INSTANTIATE_READS(int)
GPUPLAN_INSTANTIATE_READS(int64_t)
GPUPLAN_INSTANTIATE_READS(double)
GPUPLAN_INSTANTIATE_READS(bool)
GPUPLAN_INSTANTIATE_READS(std::string)
GPUPLAN_INSTANTIATE_READS(Dtype)

#undef GPUPLAN_INSTANTIATE_READS

}  // namespace gpuplan
