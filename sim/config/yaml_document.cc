#include "sim/config/yaml_document.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <tuple>

#include "sim/core/suggest.h"
#include "sim/util/text_file.h"

namespace gpuplan {

namespace {

constexpr const char* kSetExample = "e.g. --set engine.max_num_seqs=128";

std::optional<YAML::Node> FindChild(const YAML::Node& map, const std::string& key) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  }
  return std::nullopt;
}

std::vector<std::string> KeysOf(const YAML::Node& map) {
  std::vector<std::string> keys;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar()) keys.push_back(it->first.Scalar());
  }
  return keys;
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

// The value of one argument as a YAML node; nullopt (reported) when it is not valid YAML.
std::optional<YAML::Node> ParseValue(const std::string& value, const SourceLoc& loc,
                                     const std::string& path, Diagnostics& diags) {
  if (value.empty()) return YAML::Node(YAML::NodeType::Null);
  if (value.find_first_of("[{\"'") != 0) return YAML::Node(value);
  try {
    return YAML::Load(value);
  } catch (const YAML::Exception& e) {
    diags.Add(loc, path,
              fmt::format("'{}' is not valid YAML ({}); expected a scalar, a flow list [a, b] or "
                          "a flow map {{key: value}}",
                          value, e.msg));
    return std::nullopt;
  }
}

// Walks to the map that will hold the last key of `parts`; nullopt (reported) when a parent is
// missing or is not a map.
std::optional<YAML::Node> FindParentMap(YAML::Node root, const std::vector<std::string>& parts,
                                        const SourceLoc& loc, Diagnostics& diags) {
  YAML::Node node = root;
  std::string walked;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    walked = JoinPath(walked, parts[i]);
    std::optional<YAML::Node> child = FindChild(node, parts[i]);
    if (!child) {
      diags.Add(loc, walked,
                fmt::format("'{}' does not exist{}; expected a map that exists in the file (set "
                            "a whole map with --set '{}={{key: value}}')",
                            parts[i], DidYouMean(parts[i], KeysOf(node)), walked));
      return std::nullopt;
    }
    if (!child->IsMap()) {
      const std::string what = child->IsScalar() ? fmt::format("'{}'", child->Scalar())
                                                 : (child->IsSequence() ? "a list" : "empty");
      diags.Add(loc, walked,
                fmt::format("{} is not a map; expected a map to set '{}' in (set the whole value "
                            "instead, e.g. --set '{}={{...}}')",
                            what, parts[i + 1], walked));
      return std::nullopt;
    }
    node.reset(*child);  // rebind the handle; operator= would overwrite the parent
  }
  return node;
}

void ApplyOne(YAML::Node& root, const std::string& arg, const SourceLoc& loc,
              ReadContext& context) {
  Diagnostics& diags = context.diags();
  const size_t eq = arg.find('=');
  if (eq == std::string::npos) {
    diags.Add(loc, "", fmt::format("'{}' is not path=value; expected {}", arg, kSetExample));
    return;
  }
  const std::string path = arg.substr(0, eq);
  const std::vector<std::string> parts = SplitPath(path);
  for (const std::string& part : parts) {
    if (part.empty()) {
      diags.Add(
          loc, "",
          fmt::format("'{}' is not a dotted path of key names; expected {}", path, kSetExample));
      return;
    }
  }
  std::optional<YAML::Node> value = ParseValue(arg.substr(eq + 1), loc, path, diags);
  if (!value) return;
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  std::optional<YAML::Node> parent = FindParentMap(root, parts, loc, diags);
  if (!parent) return;
  (*parent)[parts.back()] = *value;
  context.AddOverride(path, loc);
}

// The first byte that is not UTF-8 text (a NUL, or a byte that starts no valid UTF-8 sequence),
// as its offset; nullopt when the text is clean.
std::optional<size_t> FirstBadByte(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) return i;
    int length = c < 0x80                        ? 1
                 : (c >> 5) == 0x6               ? 2
                 : (c >> 4) == 0xE               ? 3
                 : (c >> 3) == 0x1E && c <= 0xF4 ? 4
                                                 : 0;
    if (length == 0 || (length == 2 && c < 0xC2) || i + length > text.size()) return i;
    for (int k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return std::nullopt;
}

// Where the byte at `at` is, as line and column of `file`.
SourceLoc LocOfByte(const std::string& text, size_t at, const std::string& file) {
  const auto [line, column] = LineColumnOfByte(text, at);
  return SourceLoc{file, line, column};
}

// A lone CR (text_file.h), a NUL byte or invalid UTF-8 in a YAML file, which yaml-cpp would misread
// or keep inside a scalar: a located diagnostic, and false.
bool CheckTextEncoding(const std::string& text, const std::string& file, Diagnostics& diags) {
  if (const std::optional<size_t> cr = FindLoneCarriageReturn(text)) {
    diags.Add(LocOfByte(text, *cr, file), "", std::string(kLoneCarriageReturnMessage));
    return false;
  }
  const std::optional<size_t> at = FirstBadByte(text);
  if (!at) return true;
  diags.Add(LocOfByte(text, *at, file), "",
            text[*at] == '\0' ? std::string("a NUL byte; expected text (UTF-8)")
                              : fmt::format("byte 0x{:02X} is not UTF-8; expected text (UTF-8)",
                                            static_cast<unsigned char>(text[*at])));
  return false;
}

}  // namespace

std::optional<std::string> ReadTextFile(const std::string& path, Diagnostics& diags) {
  if (const std::optional<std::string> problem = InputFileProblem(path)) {
    diags.Add(SourceLoc{path, 0, 0}, "", *problem + "; expected a readable YAML file");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.Add(
        SourceLoc{path, 0, 0}, "",
        fmt::format("cannot read file ({}); expected a readable YAML file", std::strerror(errno)));
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

namespace {
SourceLoc LocOf(const YAML::Mark& mark, const std::string& file) {
  if (mark.is_null()) return SourceLoc{file, 0, 0};
  return SourceLoc{file, mark.line + 1, mark.column + 1};
}
SourceLoc LocOf(const YAML::Exception& e, const std::string& file) { return LocOf(e.mark, file); }

// Where each document of a stream starts; the content is not kept.
class DocumentStarts final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// True when `text` holds at most one document. The documents are counted here, with a progress
// check, instead of by YAML::LoadAll: yaml-cpp 0.7 (Debian 12) loops forever on a document that
// starts with ',', handing out an empty document at the same place again and again
// (jbeder/yaml-cpp#1040; found by the fuzz campaign, docs/fuzzing.md). Throws YAML::Exception on
// a syntax error, as loading would.
bool IsOneDocument(const std::string& text, const std::string& file, Diagnostics& diags) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts documents;
  while (parser.HandleNextDocument(documents)) {
    const std::vector<YAML::Mark>& s = documents.starts;
    if (s.size() >= 2 && s.back().pos <= s[s.size() - 2].pos) {
      diags.Add(LocOf(s.back(), file), "",
                "invalid YAML: a ',' outside brackets where a document starts (the parser "
                "cannot get past it); expected key: value");
      return false;
    }
  }
  if (documents.starts.size() <= 1) return true;
  // Reading only the first would silently ignore the rest of the file.
  diags.Add(LocOf(documents.starts[1], file), "",
            fmt::format("a second YAML document starts here ({} in the file); expected one "
                        "document",
                        documents.starts.size()));
  return false;
}
}  // namespace

std::optional<YAML::Node> ParseYaml(const std::string& text, const std::string& file,
                                    Diagnostics& diags) {
  if (!CheckTextEncoding(text, file, diags)) return std::nullopt;
  try {
    if (!IsOneDocument(text, file, diags)) return std::nullopt;
    return YAML::Load(text);  // the first document only, which is all there is
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own depth guard; its message ("bad file") would not say what is wrong.
    diags.Add(LocOf(e, file), "",
              fmt::format("values nest more than {} levels deep here; expected a file with a "
                          "few levels of maps and lists",
                          kMaxYamlDepth));
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    diags.Add(LocOf(e, file), "", fmt::format("invalid YAML: {}", e.msg));
    return std::nullopt;
  }
}

SourceLoc SetOverrideLoc(size_t index) {
  return SourceLoc{"--set", 1, static_cast<int>(index) + 1};
}

void ApplySetOverrides(YAML::Node& root, const std::vector<std::string>& set_overrides,
                       ReadContext& context) {
  if (!root.IsNull() && !root.IsMap()) return;  // reported by the reader of the root
  for (size_t i = 0; i < set_overrides.size(); ++i) {
    ApplyOne(root, set_overrides[i], SetOverrideLoc(i), context);
  }
}

Diagnostics SortedByPosition(const Diagnostics& diags, const std::string& first_file) {
  std::vector<Diagnostic> items = diags.items();
  auto rank = [&](const Diagnostic& d) {
    return std::make_tuple(d.loc.file == first_file ? 0 : 1, d.loc.file, d.loc.line, d.loc.column);
  };
  std::stable_sort(items.begin(), items.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
  Diagnostics sorted;
  for (Diagnostic& d : items) sorted.Add(std::move(d.loc), std::move(d.path), std::move(d.message));
  return sorted;
}

}  // namespace gpuplan
