#include "sim/util/generated_sections.h"

#include <set>

namespace gpuplan {
namespace {

// Markers count only as whole lines: each is searched with the newline before it.
const std::string kBegin = "\n<!-- BEGIN GENERATED ", kClose = " -->\n";

}  // namespace

std::string FillGeneratedSections(const std::string& doc,
                                  const std::map<std::string, std::string>& tables,
                                  std::vector<std::string>* stale,
                                  std::vector<std::string>* unplaced) {
  const std::string text = "\n" + doc;  // a marker on the first line also follows a newline
  std::string out;
  std::set<std::string> placed;
  size_t pos = 1;
  while (true) {
    const size_t begin = text.find(kBegin, pos - 1);
    if (begin == std::string::npos) break;
    const size_t name_at = begin + kBegin.size();
    const size_t name_end = text.find(kClose, name_at);
    if (name_end == std::string::npos) break;
    const std::string name = text.substr(name_at, name_end - name_at);
    const size_t content = name_end + kClose.size();
    const size_t end = text.find("\n<!-- END GENERATED " + name + kClose, content - 1);
    if (name.find('\n') != std::string::npos || end == std::string::npos) {
      pos = content;  // not a well-formed section: leave it as text
      continue;
    }
    out += text.substr(pos, content - pos);
    auto it = tables.find(name);
    if (it != tables.end()) {
      out += it->second;
      placed.insert(name);
    } else {
      out += text.substr(content, end + 1 - content);
      stale->push_back(name);
    }
    pos = end + 1;
  }
  out += text.substr(pos);
  for (const auto& [name, table] : tables) {
    if (!placed.count(name)) unplaced->push_back(name);
  }
  return out;
}

std::optional<std::string> GeneratedSection(const std::string& doc, const std::string& name) {
  const std::string text = "\n" + doc;
  const std::string begin = kBegin + name + kClose;
  const size_t at = text.find(begin);
  if (at == std::string::npos) return std::nullopt;
  const size_t content = at + begin.size();
  const size_t end = text.find("\n<!-- END GENERATED " + name + kClose, content - 1);
  if (end == std::string::npos) return std::nullopt;
  return text.substr(content, end + 1 - content);
}

}  // namespace gpuplan
