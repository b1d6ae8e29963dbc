#include "tests/reports/report_checks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>
#include <utility>

#include "reports/text.h"

namespace gpuplan::report::testing {
namespace {

std::string StripTags(std::string_view html) {
  std::string text;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += c;
    if (c == '>') in_tag = false;
  }
  return DecodeEntities(text);
}

}  // namespace

std::string DecodeEntities(std::string_view text) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  std::string out;
  for (size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const auto& [entity, c] : kEntities) {
      if (text.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

std::string HtmlSection(const std::string& html, std::string_view id) {
  const std::string open = "<section id=\"" + std::string(id) + "\">";
  size_t begin = html.find(open);
  if (begin == std::string::npos) return "";
  size_t end = html.find("</section>", begin);
  return html.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

namespace {

// The elements `<NAME ...>inner</NAME>` of `html` whose inner text is on one line, for each NAME
// in `names` (matched where the name ends: "th" is not "thead"). Found by hand rather than with
// std::regex, whose backtracking recurses once per character and overflows the stack on long
// lines under AddressSanitizer.
std::vector<std::string> Elements(const std::string& html,
                                  std::initializer_list<std::string_view> names) {
  std::vector<std::string> inner;
  for (size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    for (std::string_view name : names) {
      if (html.compare(at + 1, name.size(), name) != 0) continue;
      const size_t after = at + 1 + name.size();
      if (after >= html.size() || (html[after] != '>' && html[after] != ' ')) continue;
      const size_t open_end = html.find('>', after);
      if (open_end == std::string::npos) break;
      const std::string close = "</" + std::string(name) + ">";
      const size_t close_at = html.find(close, open_end + 1);
      if (close_at == std::string::npos) break;
      const std::string text = html.substr(open_end + 1, close_at - open_end - 1);
      if (text.find('\n') != std::string::npos) break;
      inner.push_back(text);
      at = close_at;
      break;
    }
  }
  return inner;
}

}  // namespace

std::vector<HtmlRow> HtmlRows(const std::string& html) {
  std::vector<HtmlRow> rows;
  for (const std::string& row : Elements(html, {"tr"})) {
    HtmlRow cells;
    for (const std::string& cell : Elements(row, {"th", "td"})) cells.push_back(StripTags(cell));
    rows.push_back(std::move(cells));
  }
  return rows;
}

std::vector<std::string> CalloutTitles(const std::string& html) {
  std::vector<std::string> titles;
  static const std::regex kTitle(
      "<div class=\"callout [a-z]+\"[^>]*>\n<p><span class=\"verdict\">"
      "[^<]*</span><strong>([^<]*)</strong>");
  for (auto m = std::sregex_iterator(html.begin(), html.end(), kTitle); m != std::sregex_iterator();
       ++m) {
    titles.push_back(DecodeEntities((*m)[1].str()));
  }
  return titles;
}

std::vector<PrintedNumber> NumbersIn(std::string_view text) {
  std::vector<PrintedNumber> numbers;
  static const std::regex kNumber("-?[0-9][0-9,]*(\\.[0-9]+)?");
  const std::string s(text);
  for (auto m = std::sregex_iterator(s.begin(), s.end(), kNumber); m != std::sregex_iterator();
       ++m) {
    std::string digits;
    for (char c : m->str()) {
      if (c != ',') digits += c;
    }
    const int decimals = (*m)[1].matched ? static_cast<int>((*m)[1].length()) - 1 : 0;
    numbers.push_back({std::stod(digits), decimals});
  }
  return numbers;
}

bool Matches(const PrintedNumber& printed, double exact) {
  return std::abs(printed.value - exact) <= 0.5 * std::pow(10.0, -printed.decimals) + 1e-9;
}

std::vector<std::string> StringsIn(const JsonValue& json) {
  std::vector<std::string> strings;
  if (json.IsString()) {
    strings.push_back(json.AsString());
  } else if (json.IsArray()) {
    for (const JsonValue& item : json.AsArray()) {
      for (std::string& s : StringsIn(item)) strings.push_back(std::move(s));
    }
  } else if (json.IsObject()) {
    for (const auto& [key, value] : json.Members()) {
      strings.push_back(key);
      for (std::string& s : StringsIn(value)) strings.push_back(std::move(s));
    }
  }
  return strings;
}

std::string WithoutQuotedData(std::string html, std::vector<std::string> quoted) {
  for (size_t at = html.find("<pre>"); at != std::string::npos; at = html.find("<pre>", at)) {
    html.erase(at, html.find("</pre>", at) + 6 - at);
  }
  // Longest first, so a quote inside a longer one is not cut out of it first.
  std::sort(quoted.begin(), quoted.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& q : quoted) {
    const std::string escaped = EscapeXml(q);
    if (escaped.size() < 3) continue;
    for (size_t at = html.find(escaped); at != std::string::npos; at = html.find(escaped, at)) {
      html.erase(at, escaped.size());
    }
  }
  return html;
}

void ExpectNoNetworkReferences(const std::string& html) {
  for (std::string_view banned : {"<script", "javascript:", "<link", "<img", "<iframe", "<object",
                                  "<embed", " src=", "url(", "@import", "<base"}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << "found " << banned;
  }
  // Tag by tag (a regex over `<[^>]*` recurses per character of a long tag): no event handler
  // attribute (` onclick=`), and a URL may appear in text, never inside a tag.
  for (size_t open = html.find('<'); open != std::string::npos; open = html.find('<', open + 1)) {
    const size_t close = html.find('>', open);
    const std::string tag = html.substr(open, close == std::string::npos ? close : close - open);
    for (size_t on = tag.find("on"); on != std::string::npos; on = tag.find("on", on + 1)) {
      if (on == 0 || !std::isspace(static_cast<unsigned char>(tag[on - 1]))) continue;
      size_t end = on + 2;
      while (end < tag.size() && std::islower(static_cast<unsigned char>(tag[end]))) ++end;
      EXPECT_FALSE(end > on + 2 && end < tag.size() && tag[end] == '=') << tag.substr(0, 80);
    }
    for (std::string_view url : {"http:", "https:", "//www"}) {
      EXPECT_EQ(tag.find(url), std::string::npos) << tag.substr(0, 80);
    }
  }
  for (size_t at = html.find("href=\""); at != std::string::npos;
       at = html.find("href=\"", at + 1)) {
    EXPECT_EQ(html[at + 6], '#') << html.substr(at, 40);
  }
}

namespace {

// The [begin, end) of the value of the first member `"key": ` at or after `from`, or npos.
std::pair<size_t, size_t> JsonMemberValue(const std::string& json, std::string_view key,
                                          size_t from) {
  const std::string name = "\"" + std::string(key) + "\": ";
  const size_t at = json.find(name, from);
  if (at == std::string::npos) return {std::string::npos, std::string::npos};
  const size_t begin = at + name.size();
  int depth = 0;
  bool in_string = false;
  for (size_t i = begin; i < json.size(); ++i) {
    const char ch = json[i];
    if (in_string) {
      if (ch == '\\') {
        ++i;
      } else if (ch == '"') {
        in_string = false;
        if (depth == 0) return {begin, i + 1};
      }
      continue;
    }
    if (ch == '"') {
      in_string = true;
    } else if (ch == '{' || ch == '[') {
      ++depth;
    } else if (ch == '}' || ch == ']') {
      if (depth == 0) return {begin, i};  // a scalar ending its object
      if (--depth == 0) return {begin, i + 1};
    } else if (depth == 0 && (ch == ',' || ch == '\n')) {
      return {begin, i};
    }
  }
  return {begin, json.size()};
}

}  // namespace

std::string WithJsonMember(std::string json, std::string_view key, std::string_view value,
                           size_t from) {
  const auto [begin, end] = JsonMemberValue(json, key, from);
  EXPECT_NE(begin, std::string::npos) << "no member " << key;
  if (begin == std::string::npos) return json;
  return json.replace(begin, end - begin, value);
}

std::string WithoutJsonMember(std::string json, std::string_view key, size_t from) {
  const auto [begin, end] = JsonMemberValue(json, key, from);
  EXPECT_NE(begin, std::string::npos) << "no member " << key;
  if (begin == std::string::npos) return json;
  const size_t name = begin - key.size() - 4;  // the key's opening quote, before `"key": `
  // Drop the comma before the member (it may be the object's last), else the one after it.
  const size_t before = json.find_last_not_of(" \n", name - 1);
  if (json[before] == ',') return json.erase(before, end - before);
  const size_t after = json.find_first_not_of(" \n", end);
  return json.erase(name,
                    (json[after] == ',' ? json.find_first_not_of(" \n", after + 1) : end) - name);
}

}  // namespace gpuplan::report::testing
