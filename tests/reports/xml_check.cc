#include "tests/reports/xml_check.h"

#include <fmt/format.h>

#include <set>
#include <vector>

namespace gpuplan::report::testing {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ':' || c == '.';
}

class Checker {
 public:
  Checker(std::string_view text, bool html) : text_(text), html_(html) {}

  std::string Run() {
    if (html_) {
      if (!text_.starts_with("<!DOCTYPE html>")) return "missing <!DOCTYPE html>";
      pos_ = 15;
    }
    while (pos_ < text_.size() && error_.empty()) Step();
    if (error_.empty() && !open_.empty()) Fail(fmt::format("<{}> never closed", open_.back()));
    if (error_.empty() && roots_ != 1) Fail(fmt::format("{} root elements", roots_));
    return error_;
  }

 private:
  void Fail(std::string message) {
    if (error_.empty()) error_ = fmt::format("at byte {}: {}", pos_, message);
  }

  void Step() {
    char c = text_[pos_];
    if (c == '<') {
      Tag();
    } else if (c == '&') {
      Entity();
    } else if (c == '>') {
      Fail("stray '>'");
    } else {
      if (open_.empty() && c != ' ' && c != '\n' && c != '\t' && c != '\r') {
        Fail("text outside the root element");
      }
      ++pos_;
    }
  }

  void Entity() {
    size_t end = text_.find(';', pos_);
    if (end == std::string_view::npos || end - pos_ > 10) return Fail("'&' outside an entity");
    std::string_view name = text_.substr(pos_ + 1, end - pos_ - 1);
    static const std::set<std::string_view> kNamed = {"amp", "lt", "gt", "quot", "apos"};
    bool numeric = name.size() > 1 && name[0] == '#';
    if (!numeric && !kNamed.contains(name)) return Fail(fmt::format("unknown entity &{};", name));
    pos_ = end + 1;
  }

  std::string_view Name() {
    size_t start = pos_;
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\t' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  void Tag() {
    if (text_.substr(pos_).starts_with("<!--")) {
      size_t end = text_.find("-->", pos_);
      if (end == std::string_view::npos) return Fail("unclosed comment");
      pos_ = end + 3;
      return;
    }
    if (text_.substr(pos_).starts_with("<?xml") && pos_ == 0) {
      pos_ = text_.find("?>") + 2;
      return;
    }
    ++pos_;
    bool closing = pos_ < text_.size() && text_[pos_] == '/';
    if (closing) ++pos_;
    std::string name(Name());
    if (name.empty()) return Fail("'<' without a tag name");
    if (closing) return CloseTag(name);
    if (!Attributes()) return;
    bool self_closing = text_[pos_] == '/';
    pos_ += self_closing ? 2 : 1;
    if (open_.empty()) ++roots_;
    if (self_closing || (html_ && IsVoid(name))) return;
    if (html_ && name == "style") {
      size_t end = text_.find("</style>", pos_);
      if (end == std::string_view::npos) return Fail("unclosed <style>");
      pos_ = end + 8;
      return;
    }
    open_.push_back(name);
  }

  void CloseTag(const std::string& name) {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '>') return Fail("malformed closing tag");
    ++pos_;
    if (open_.empty() || open_.back() != name) {
      return Fail(fmt::format("</{}> closes <{}>", name, open_.empty() ? "" : open_.back()));
    }
    open_.pop_back();
  }

  // Reads attributes up to '>' or '/>'; false (and an error) when one is malformed.
  bool Attributes() {
    std::set<std::string> seen;
    while (true) {
      bool spaced = pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n');
      SkipSpace();
      if (pos_ >= text_.size()) {
        Fail("unterminated tag");
        return false;
      }
      if (text_[pos_] == '>' || text_.substr(pos_).starts_with("/>")) return true;
      if (!spaced) {
        Fail("attributes must be separated by spaces");
        return false;
      }
      std::string name(Name());
      if (name.empty()) {
        Fail("bad attribute name");
        return false;
      }
      if (!seen.insert(name).second) {
        Fail("repeated attribute " + name);
        return false;
      }
      if (pos_ + 1 >= text_.size() || text_[pos_] != '=' ||
          (text_[pos_ + 1] != '"' && text_[pos_ + 1] != '\'')) {
        {
          Fail("attribute " + name + " not quoted");
          return false;
        }
      }
      char quote = text_[pos_ + 1];
      size_t end = text_.find(quote, pos_ + 2);
      if (end == std::string_view::npos) {
        Fail("unterminated attribute value");
        return false;
      }
      std::string_view value = text_.substr(pos_ + 2, end - pos_ - 2);
      if (value.find('<') != std::string_view::npos) {
        Fail("'<' in attribute value");
        return false;
      }
      if (!EntitiesOk(value)) {
        Fail("'&' outside an entity in attribute " + name);
        return false;
      }
      pos_ = end + 1;
    }
  }

  // Every '&' in an attribute value starts "&name;" or "&#digits;".
  static bool EntitiesOk(std::string_view value) {
    for (size_t at = value.find('&'); at != std::string_view::npos; at = value.find('&', at + 1)) {
      size_t end = value.find(';', at);
      if (end == std::string_view::npos || end == at + 1 || end - at > 10) return false;
      for (size_t i = at + 1; i < end; ++i) {
        if (!IsNameChar(value[i]) && value[i] != '#') return false;
      }
    }
    return true;
  }

  static bool IsVoid(std::string_view name) {
    static const std::set<std::string_view> kVoid = {"meta",  "br",   "hr",  "img",
                                                     "input", "link", "col", "wbr"};
    return kVoid.contains(name);
  }

  std::string_view text_;
  bool html_;
  size_t pos_ = 0;
  std::vector<std::string> open_;
  int roots_ = 0;
  std::string error_;
};

}  // namespace

std::string CheckXml(std::string_view text) { return Checker(text, false).Run(); }
std::string CheckHtml(std::string_view text) { return Checker(text, true).Run(); }

}  // namespace gpuplan::report::testing
