#include "tests/reports/report_checks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>

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

std::vector<HtmlRow> HtmlRows(const std::string& html) {
  std::vector<HtmlRow> rows;
  static const std::regex kRow("<tr[^>]*>(.*?)</tr>");
  static const std::regex kCell("<t[hd][^>]*>(.*?)</t[hd]>");
  for (auto row = std::sregex_iterator(html.begin(), html.end(), kRow);
       row != std::sregex_iterator(); ++row) {
    const std::string cells_html = (*row)[1].str();
    HtmlRow cells;
    for (auto cell = std::sregex_iterator(cells_html.begin(), cells_html.end(), kCell);
         cell != std::sregex_iterator(); ++cell) {
      cells.push_back(StripTags((*cell)[1].str()));
    }
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
  std::smatch match;
  EXPECT_FALSE(std::regex_search(html, match, std::regex("<[^>]*\\son[a-z]+="))) << match.str();
  // A URL may appear in text, never inside a tag.
  EXPECT_FALSE(std::regex_search(html, match, std::regex("<[^>]*(https?:|//www)"))) << match.str();
  for (size_t at = html.find("href=\""); at != std::string::npos;
       at = html.find("href=\"", at + 1)) {
    EXPECT_EQ(html[at + 6], '#') << html.substr(at, 40);
  }
}

}  // namespace gpuplan::report::testing
