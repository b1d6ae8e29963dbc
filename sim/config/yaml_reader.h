// Tracked YAML reading: the only place (with the rest of config/) that touches yaml-cpp.
//
// A YamlNode is a YAML::Node that knows its dotted path ("engine.max_num_seqs", list items as
// "workload.foo[2]") and where it was written (file:line:col, 1-based, or the --set argument
// that replaced it). A YamlMap reads the keys of one map: every read is Required, Get(default)
// or Optional and marks the key as used; Finish() then reports every key nobody read as an
// unknown key with "did you mean". Problems become diagnostics in the shared ReadContext, never
// exceptions, so every error of a file is reported at once; the loaders throw ConfigError at the
// end.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/config/locations.h"
#include "sim/core/error.h"

namespace gpuplan {

// What a value must be: numeric bounds and, for strings, the allowed choices. Used both to
// check the value and to write the "expected ..." half of an error message.
struct Expect {
  std::optional<double> min;
  std::optional<double> max;
  bool min_exclusive = false;
  bool max_exclusive = false;
  std::vector<std::string> choices;  // strings only; empty means any string

  static Expect AtLeast(double v) { return Expect{.min = v}; }
  static Expect Above(double v) { return Expect{.min = v, .min_exclusive = true}; }
  static Expect OneOf(std::vector<std::string> c) { return Expect{.choices = std::move(c)}; }
};

// State shared by every reader of one document: the file name used in locations, the paths that
// --set overrides replaced (with the argument's location), the diagnostics, and where each value
// that was read came from (dotted path -> location), for checks that run after reading.
class ReadContext {
 public:
  ReadContext(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

  const std::string& file() const { return file_; }
  Diagnostics& diags() { return diags_; }

  // Values at `path` and below now come from a --set argument written at `loc`.
  void AddOverride(const std::string& path, SourceLoc loc) { overrides_[path] = std::move(loc); }
  // Where the node at `path` was written: the --set argument that replaced it or one of its
  // parents, else the node's position in the file (line 0 when yaml-cpp has none).
  SourceLoc Locate(const YAML::Node& node, std::string_view path) const;

  void Record(const std::string& path, const SourceLoc& loc) { locations_[path] = loc; }
  const LocationMap& locations() const { return locations_; }
  // Where `path` (or its nearest recorded parent) was written; the file itself when unknown.
  SourceLoc LocationOf(std::string_view path) const {
    return FindLocation(locations_, path, SourceLoc{file_, 0, 0});
  }

 private:
  std::string file_;
  Diagnostics& diags_;
  std::map<std::string, SourceLoc> overrides_;
  LocationMap locations_;
};

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string JoinPath(std::string_view parent, std::string_view key);

// One YAML value with its dotted path. Cheap to copy (YAML::Node is a handle).
class YamlNode {
 public:
  // `key` is the map key `node` is the value of, if any: an empty value is located at its key
  // (yaml-cpp places empty values at the next token, often on the next line).
  YamlNode(ReadContext& context, YAML::Node node, std::string path, YAML::Node key = {});
  YamlNode(const YamlNode&) = default;
  // Rebinds the handle. (YAML::Node::operator= would instead overwrite the node it refers to,
  // that is, edit the document.)
  YamlNode& operator=(const YamlNode& other);

  const std::string& path() const { return path_; }
  SourceLoc loc() const;
  // Where its key was written (for "unknown key" style messages); loc() when it has no key.
  SourceLoc key_loc() const;
  const YAML::Node& raw() const { return node_; }
  ReadContext& context() const { return *context_; }

  bool IsMap() const { return node_.IsMap(); }
  bool IsSequence() const { return node_.IsSequence(); }
  bool IsScalar() const { return node_.IsScalar(); }
  bool IsNull() const { return !node_.IsDefined() || node_.IsNull(); }
  const std::string& text() const { return node_.Scalar(); }  // "" unless a scalar
  // For messages: "'abc'", "a map", "a list", "an empty value".
  std::string Describe() const;

  // Sequence items, with paths "path[i]". Empty unless a sequence.
  std::vector<YamlNode> Items() const;

  // The value as T (int, int64_t, double, bool, std::string, Dtype), checked against `expect`.
  // On failure adds "'abc' is not an integer; expected an integer >= 1" and returns nullopt.
  template <class T>
  std::optional<T> As(const Expect& expect = {}) const;

  // Reports a problem at this node: "what is wrong; what was expected".
  void Fail(const std::string& message) const;

 private:
  ReadContext* context_;
  YAML::Node node_;
  std::string path_;
  YAML::Node key_;
};

// "an integer >= 1", "a number > 0 and <= 1", "true or false", "one of: a, b": the expected half
// of a type error for T.
template <class T>
std::string ExpectedText(const Expect& expect);

// Reads the keys of one map. Not copyable: it owns the "used" marks of its keys.
class YamlMap {
 public:
  // `node` must be a map (check IsMap() first; an empty map reads as a map with no keys).
  explicit YamlMap(const YamlNode& node);
  YamlMap(const YamlMap&) = delete;
  YamlMap& operator=(const YamlMap&) = delete;
  YamlMap(YamlMap&&) = default;

  const std::string& path() const { return node_.path(); }
  SourceLoc loc() const { return node_.loc(); }
  const YamlNode& node() const { return node_; }
  ReadContext& context() const { return node_.context(); }

  // The value of `key`, marking it known and used; nullopt when absent. A key written with no
  // value (`key:`) is present and null.
  std::optional<YamlNode> Find(std::string_view key);
  // True when `key` is present. Marks it known (for suggestions) but not used.
  bool Has(std::string_view key);

  // The value converted to T. Required reports a missing key; Get returns `fallback` when the
  // key is absent; Optional returns nullopt when absent. A bad value is reported, and then
  // Required returns T{}, Get returns `fallback` and Optional returns nullopt.
  template <class T>
  T Required(std::string_view key, const Expect& expect = {});
  template <class T>
  T Get(std::string_view key, T fallback, const Expect& expect = {});
  template <class T>
  std::optional<T> Optional(std::string_view key, const Expect& expect = {});

  // Reports "missing required key" for `key`, at this map.
  void FailMissing(std::string_view key, const std::string& expected);

  // Every key nobody has read yet, in file order, now marked used (policy options).
  std::vector<std::pair<std::string, YamlNode>> TakeRest();
  // Marks every key used without reading it (after a fatal problem, to avoid follow-up noise).
  void MarkAllUsed();

  // Reports duplicate keys, non-scalar keys and every key that was not read: "unknown key 'x';
  // did you mean 'y'?" (or the list of valid keys when none is close). Call once, after reading.
  void Finish();

 private:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
    bool used = false;
  };
  Entry* FindEntry(std::string_view key);
  void MarkKnown(std::string_view key);

  YamlNode node_;
  std::vector<Entry> entries_;
  std::vector<std::string> known_;  // keys the reader asked for, in order, for suggestions
};

}  // namespace gpuplan
